#include "report/terminal_text.h"

#include <cstdint>

namespace bulwark {

namespace {

constexpr std::string_view ellipsis = "\xE2\x80\xA6";    // U+2026
constexpr std::string_view replacement = "\xEF\xBF\xBD"; // U+FFFD

// Length of the valid UTF-8 sequence at text[i], or 0 when it is not one.
size_t utf8_sequence(std::string_view text, size_t i) {
	const auto lead = static_cast<unsigned char>(text[i]);
	size_t length = 0;
	uint32_t min = 0;
	if (lead < 0x80) {
		return 1;
	} else if ((lead & 0xE0) == 0xC0) {
		length = 2;
		min = 0x80;
	} else if ((lead & 0xF0) == 0xE0) {
		length = 3;
		min = 0x800;
	} else if ((lead & 0xF8) == 0xF0) {
		length = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if (i + length > text.size()) {
		return 0;
	}
	uint32_t code = lead & (0x7F >> length);
	for (size_t k = 1; k < length; ++k) {
		const auto next = static_cast<unsigned char>(text[i + k]);
		if ((next & 0xC0) != 0x80) {
			return 0;
		}
		code = (code << 6) | (next & 0x3F);
	}
	const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
	const bool c1_control = code >= 0x80 && code <= 0x9F;
	return code < min || code > 0x10FFFF || surrogate || c1_control ? 0 : length;
}

// Byte offsets where each code point of a safe cell starts.
std::vector<size_t> code_point_starts(const Cell &cell) {
	std::vector<size_t> starts;
	starts.reserve(cell.columns);
	for (size_t i = 0; i < cell.text.size(); i += utf8_sequence(cell.text, i)) { // valid UTF-8 by now
		starts.push_back(i);
	}
	return starts;
}

// The space-separated words of `text`, with words wider than `max_columns` cut into pieces.
std::vector<Cell> words(const Cell &text, size_t max_columns) {
	std::vector<Cell> out;
	Cell word;
	for (size_t i = 0; i <= text.text.size();) {
		const bool end = i == text.text.size() || text.text[i] == ' ';
		if (end || word.columns == max_columns) {
			if (word.columns > 0) {
				out.push_back(std::move(word));
				word = {};
			}
			i += end ? 1 : 0;
			continue;
		}
		const size_t length = utf8_sequence(text.text, i); // valid UTF-8 after terminal_safe
		word.text.append(text.text, i, length);
		++word.columns;
		i += length;
	}
	return out;
}

// At most `width` columns: width - 1 code points of the head (or tail) and '…'.
Cell cut(const Cell &cell, size_t width, bool keep_tail) {
	if (cell.columns <= width) {
		return cell;
	}
	if (width == 0) {
		return {};
	}
	const std::vector<size_t> starts = code_point_starts(cell);
	const size_t kept = width - 1;
	if (!keep_tail) {
		return {cell.text.substr(0, starts[kept]) + std::string(ellipsis), width};
	}
	const size_t first_kept = cell.columns - kept;
	return {std::string(ellipsis) + (first_kept == cell.columns ? std::string() : cell.text.substr(starts[first_kept])), width};
}

} // namespace

Cell terminal_safe(std::string_view text) {
	Cell cell;
	for (size_t i = 0; i < text.size();) {
		const size_t length = utf8_sequence(text, i);
		const char c = text[i];
		if (length == 0) {
			cell.text += replacement;
			++i;
		} else if (length == 1 && (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)) {
			cell.text += '?';
			++i;
		} else {
			cell.text.append(text.substr(i, length));
			i += length;
		}
		++cell.columns;
	}
	return cell;
}

Cell fit(const Cell &cell, size_t width) {
	return cut(cell, width, false);
}

Cell fit_tail(const Cell &cell, size_t width) {
	return cut(cell, width, true);
}

std::vector<std::string> wrap(const Cell &text, size_t width, std::string_view first_indent, std::string_view indent) {
	std::vector<std::string> lines;
	Cell line {std::string(first_indent), first_indent.size()};
	bool line_empty = true;
	for (const Cell &word : words(text, width - indent.size())) {
		if (!line_empty && line.columns + 1 + word.columns > width) {
			lines.push_back(std::move(line.text));
			line = {std::string(indent), indent.size()};
			line_empty = true;
		}
		if (!line_empty) {
			line.text += ' ';
			++line.columns;
		}
		line.text += word.text;
		line.columns += word.columns;
		line_empty = false;
	}
	lines.push_back(std::move(line.text));
	return lines;
}

} // namespace bulwark
