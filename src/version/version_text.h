// Small pieces the comparators share: ASCII character classes (the tools all use the C
// locale's, never the user's), comparing unbounded decimal numbers written as digit runs,
// and the error for a string an ecosystem does not accept as a version.
#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace bulwark::version {

inline bool is_digit(char c) {
	return c >= '0' && c <= '9';
}

inline bool is_alpha(char c) {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

inline int sign_of(int value) {
	return (value > 0) - (value < 0);
}

// Bytewise order of two strings (as memcmp then length, i.e. strcmp without the NUL stop).
inline int compare_bytes(std::string_view a, std::string_view b) {
	return sign_of(a.compare(b));
}

// `digits` without its leading zeros ("" for a run of zeros).
inline std::string_view strip_leading_zeros(std::string_view digits) {
	size_t i = digits.find_first_not_of('0');
	return i == std::string_view::npos ? std::string_view() : digits.substr(i);
}

// Numeric order of two runs of ASCII digits of any length, ignoring leading zeros.
inline int compare_digit_runs(std::string_view a, std::string_view b) {
	a = strip_leading_zeros(a);
	b = strip_leading_zeros(b);
	if (a.size() != b.size()) {
		return a.size() < b.size() ? -1 : 1;
	}
	return compare_bytes(a, b);
}

// invalid_argument: "invalid <ecosystem> version '<text>': <why>", control bytes escaped so
// the message stays on one line.
Error invalid_version(std::string_view ecosystem, std::string_view text, std::string_view why);

} // namespace bulwark::version
