#include "vulndb/toml_subset.h"

#include <algorithm>

namespace bulwark::vulndb {

namespace {

bool is_bare_key_char(char c) {
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

void append_utf8(std::string &out, uint32_t code) {
	if (code < 0x80) {
		out += static_cast<char>(code);
	} else if (code < 0x800) {
		out += static_cast<char>(0xc0 | (code >> 6));
		out += static_cast<char>(0x80 | (code & 0x3f));
	} else if (code < 0x10000) {
		out += static_cast<char>(0xe0 | (code >> 12));
		out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
		out += static_cast<char>(0x80 | (code & 0x3f));
	} else {
		out += static_cast<char>(0xf0 | (code >> 18));
		out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
		out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
		out += static_cast<char>(0x80 | (code & 0x3f));
	}
}

class Reader {
public:
	Reader(std::string_view text, size_t max_depth) : text_(text), max_depth_(max_depth) {
	}

	Result<TomlTables> read() {
		TomlTables tables;
		std::string table;
		tables[table];
		for (;;) {
			skip_space_and_comments(true);
			if (at_end()) {
				return tables;
			}
			if (peek() == '[') {
				const bool array_table = text_.substr(pos_, 2) == "[[";
				pos_ += array_table ? 2 : 1;
				BW_TRY(key(table));
				if (!take(']') || (array_table && !take(']'))) {
					return error("a table header without its ']'");
				}
				tables[table];
			} else {
				std::string name;
				BW_TRY(key(name));
				skip_space_and_comments(false);
				if (!take('=')) {
					return error("a key without '='");
				}
				skip_space_and_comments(false);
				TomlValue value;
				BW_TRY(read_value(value, 0));
				tables[table][name] = std::move(value);
			}
			skip_space_and_comments(false);
			if (!at_end() && peek() != '\n' && peek() != '\r') {
				return error("text after a value");
			}
		}
	}

private:
	bool at_end() const {
		return pos_ >= text_.size();
	}
	char peek() const {
		return at_end() ? '\0' : text_[pos_];
	}
	bool take(char c) {
		if (peek() != c || at_end()) {
			return false;
		}
		++pos_;
		return true;
	}
	Error error(const std::string &what) const {
		const size_t line = 1 + static_cast<size_t>(std::count(text_.begin(), text_.begin() + std::min(pos_, text_.size()), '\n'));
		return make_error(ErrorCode::malformed_json, "TOML line " + std::to_string(line) + ": " + what);
	}

	void skip_space_and_comments(bool newlines) {
		while (!at_end()) {
			const char c = peek();
			if (c == ' ' || c == '\t' || (newlines && (c == '\n' || c == '\r'))) {
				++pos_;
			} else if (c == '#') {
				while (!at_end() && peek() != '\n') {
					++pos_;
				}
			} else {
				return;
			}
		}
	}

	// A dotted key of bare and quoted parts, joined with '.'.
	Status key(std::string &out) {
		out.clear();
		for (;;) {
			skip_space_and_comments(false);
			if (peek() == '"' || peek() == '\'') {
				std::string part;
				BW_TRY(string(part));
				out += part;
			} else {
				const size_t start = pos_;
				while (!at_end() && is_bare_key_char(peek())) {
					++pos_;
				}
				if (pos_ == start) {
					return error("a key or table name expected");
				}
				out += text_.substr(start, pos_ - start);
			}
			skip_space_and_comments(false);
			if (!take('.')) {
				return {};
			}
			out += '.';
		}
	}

	Status string(std::string &out) {
		const char quote = peek();
		const bool multi_line = text_.substr(pos_, 3) == std::string(3, quote);
		pos_ += multi_line ? 3 : 1;
		if (multi_line && take('\r')) {
			take('\n');
		} else if (multi_line) {
			take('\n'); // a newline right after the opening quotes is not part of the string
		}
		for (;;) {
			if (at_end()) {
				return error("a string without its closing quote");
			}
			const char c = text_[pos_];
			if (c == quote && (!multi_line || text_.substr(pos_, 3) == std::string(3, quote))) {
				pos_ += multi_line ? 3 : 1;
				// up to two more quotes right before the closing three belong to the string
				while (multi_line && peek() == quote && out.size() < text_.size()) {
					out += quote;
					++pos_;
				}
				return {};
			}
			if (c == '\n' && !multi_line) {
				return error("a newline inside a one-line string");
			}
			++pos_;
			if (c != '\\' || quote == '\'') {
				out += c;
				continue;
			}
			BW_TRY(escape(out, multi_line));
		}
	}

	Status escape(std::string &out, bool multi_line) {
		const char e = peek();
		++pos_;
		switch (e) {
		case 'b':
			out += '\b';
			return {};
		case 't':
			out += '\t';
			return {};
		case 'n':
			out += '\n';
			return {};
		case 'f':
			out += '\f';
			return {};
		case 'r':
			out += '\r';
			return {};
		case '"':
		case '\\':
			out += e;
			return {};
		case 'u':
		case 'U': {
			const size_t digits = e == 'u' ? 4 : 8;
			if (pos_ + digits > text_.size()) {
				return error("a short unicode escape");
			}
			uint32_t code = 0;
			for (size_t i = 0; i < digits; ++i) {
				const char h = text_[pos_ + i];
				const int value = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
				if (value < 0) {
					return error("a bad unicode escape");
				}
				code = code * 16 + static_cast<uint32_t>(value);
			}
			if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
				return error("a unicode escape outside Unicode scalar values");
			}
			pos_ += digits;
			append_utf8(out, code);
			return {};
		}
		default:
			// A line-ending backslash in a multi-line string trims the break and the spaces after it.
			if (multi_line && (e == '\n' || e == ' ' || e == '\t' || e == '\r')) {
				--pos_;
				while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
					++pos_;
				}
				return {};
			}
			return error("an unknown escape");
		}
	}

	Status read_value(TomlValue &value, size_t depth) {
		if (depth > max_depth_) {
			return error("values nested deeper than " + std::to_string(max_depth_) + " levels");
		}
		const char c = peek();
		if (c == '"' || c == '\'') {
			value.is_string = true;
			return string(value.string);
		}
		if (c == '[') {
			++pos_;
			value.is_string_array = true;
			for (;;) {
				skip_space_and_comments(true);
				if (take(']')) {
					return {};
				}
				TomlValue item;
				BW_TRY(read_value(item, depth + 1));
				if (item.is_string) {
					value.strings.push_back(std::move(item.string));
				} else {
					value.is_string_array = false;
				}
				skip_space_and_comments(true);
				if (!take(',') && peek() != ']') {
					return error("array items without ',' between them");
				}
			}
		}
		if (c == '{') {
			++pos_;
			for (;;) {
				skip_space_and_comments(false);
				if (take('}')) {
					return {};
				}
				std::string name;
				BW_TRY(key(name));
				skip_space_and_comments(false);
				if (!take('=')) {
					return error("an inline table key without '='");
				}
				skip_space_and_comments(false);
				TomlValue item;
				BW_TRY(read_value(item, depth + 1));
				skip_space_and_comments(false);
				if (!take(',') && peek() != '}') {
					return error("inline table entries without ',' between them");
				}
			}
		}
		// numbers, booleans, dates: to the end of the value
		const size_t start = pos_;
		while (!at_end() && peek() != ',' && peek() != ']' && peek() != '}' && peek() != '\n' && peek() != '#') {
			++pos_;
		}
		if (pos_ == start) {
			return error("a value expected");
		}
		return {};
	}

	std::string_view text_;
	size_t max_depth_;
	size_t pos_ = 0;
};

} // namespace

Result<TomlTables> read_toml_subset(std::string_view text, size_t max_depth) {
	return Reader(text, max_depth).read();
}

} // namespace bulwark::vulndb
