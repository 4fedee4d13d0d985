// Text for terminals, measured in columns: values from an image are made safe first
// (invalid UTF-8 becomes U+FFFD, control characters '?', so an escape sequence in a package
// name cannot drive the user's terminal), then cut or wrapped to a width.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark {

// One terminal column per code point (wide East Asian characters are not measured).
struct Cell {
	std::string text;
	size_t columns = 0;
};

Cell terminal_safe(std::string_view text);

// At most `width` columns; a cut value ends in '…'.
Cell fit(const Cell &cell, size_t width);
// At most `width` columns; a cut value starts with '…' and keeps the end (paths, where the
// file name and line matter most).
Cell fit_tail(const Cell &cell, size_t width);

// `text` word-wrapped to `width` columns: the first line starts with `first_indent`, the
// others with `indent`; words wider than a line are cut into pieces.
std::vector<std::string> wrap(const Cell &text, size_t width, std::string_view first_indent, std::string_view indent);

} // namespace bulwark
