// Splits text into lines without copying: '\n' ends a line, a trailing '\r' is dropped
// (CRLF files), and the last line needs no terminator.
#pragma once

#include <cstddef>
#include <string_view>

namespace bulwark {

class LineReader {
public:
	explicit LineReader(std::string_view text) : text_(text) {
	}
	// Sets `line` to the next line; false at the end of the text.
	bool next(std::string_view &line) {
		if (pos_ >= text_.size()) {
			return false;
		}
		auto newline = text_.find('\n', pos_);
		auto end = newline == std::string_view::npos ? text_.size() : newline;
		line = text_.substr(pos_, end - pos_);
		pos_ = end + 1;
		++line_number_;
		if (!line.empty() && line.back() == '\r') {
			line.remove_suffix(1);
		}
		return true;
	}
	// 1-based number of the line last returned.
	size_t line_number() const {
		return line_number_;
	}

private:
	std::string_view text_;
	size_t pos_ = 0;
	size_t line_number_ = 0;
};

} // namespace bulwark
