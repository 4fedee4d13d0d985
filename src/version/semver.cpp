#include "version/semver.h"

#include <cstdlib>
#include <string>

namespace bulwark::version::semver {

namespace {

bool is_identifier_char(char c) {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

// A numeric part: "0" or digits not starting with '0'. Returns its length, 0 when absent.
size_t number_at(std::string_view text) {
	size_t n = digit_run(text);
	if (n == 0 || (n > 1 && text[0] == '0')) {
		return 0;
	}
	return n;
}

// Dot-separated identifiers, each passing `valid`.
template <class Valid>
bool identifiers(std::string_view text, Valid valid) {
	while (true) {
		size_t dot = text.find('.');
		if (!valid(text.substr(0, dot))) {
			return false;
		}
		if (dot == std::string_view::npos) {
			return true;
		}
		text.remove_prefix(dot + 1);
	}
}

int sign(int value) {
	return (value > 0) - (value < 0);
}

int compare_identifier(std::string_view a, std::string_view b, NumericIdentifiers numbers) {
	bool a_numeric = all_digits(a);
	bool b_numeric = all_digits(b);
	if (a_numeric && b_numeric) {
		// JavaScript turns both into doubles; above 2^53 (16 digits) distinct values may round
		// to the same number.
		if (numbers == NumericIdentifiers::javascript && (a.size() > 15 || b.size() > 15)) {
			double x = std::strtod(std::string(a).c_str(), nullptr);
			double y = std::strtod(std::string(b).c_str(), nullptr);
			return (x > y) - (x < y);
		}
		return compare_numbers(a, b);
	}
	if (a_numeric != b_numeric) {
		return a_numeric ? -1 : 1;
	}
	return sign(a.compare(b));
}

} // namespace

size_t digit_run(std::string_view text) {
	size_t n = 0;
	while (n < text.size() && text[n] >= '0' && text[n] <= '9') {
		++n;
	}
	return n;
}

bool all_digits(std::string_view text) {
	return !text.empty() && digit_run(text) == text.size();
}

bool prerelease_identifier(std::string_view text) {
	if (text.empty()) {
		return false;
	}
	for (char c : text) {
		if (!is_identifier_char(c)) {
			return false;
		}
	}
	return !all_digits(text) || text.size() == 1 || text[0] != '0';
}

bool build_identifier(std::string_view text) {
	if (text.empty()) {
		return false;
	}
	for (char c : text) {
		if (!is_identifier_char(c)) {
			return false;
		}
	}
	return true;
}

std::optional<Version> parse(std::string_view text) {
	Version v;
	std::string_view *parts[] = {&v.major, &v.minor, &v.patch};
	for (int i = 0; i < 3; ++i) {
		size_t n = number_at(text);
		if (n == 0) {
			return std::nullopt;
		}
		*parts[i] = text.substr(0, n);
		text.remove_prefix(n);
		if (i < 2) {
			if (text.empty() || text[0] != '.') {
				return std::nullopt;
			}
			text.remove_prefix(1);
		}
	}
	if (!text.empty() && text[0] == '-') {
		size_t end = text.find('+');
		v.prerelease = text.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1);
		if (!identifiers(v.prerelease, prerelease_identifier)) {
			return std::nullopt;
		}
		text.remove_prefix(1 + v.prerelease.size());
	}
	if (!text.empty()) {
		if (text[0] != '+') {
			return std::nullopt;
		}
		v.build = text.substr(1);
		if (!identifiers(v.build, build_identifier)) {
			return std::nullopt;
		}
	}
	return v;
}

int compare_numbers(std::string_view a, std::string_view b) {
	if (a.size() != b.size()) {
		return a.size() < b.size() ? -1 : 1;
	}
	return sign(a.compare(b));
}

int compare_prerelease(std::string_view a, std::string_view b, NumericIdentifiers numbers) {
	if (a.empty() || b.empty()) {
		return a.empty() == b.empty() ? 0 : (a.empty() ? 1 : -1);
	}
	while (true) {
		size_t a_dot = a.find('.');
		size_t b_dot = b.find('.');
		int order = compare_identifier(a.substr(0, a_dot), b.substr(0, b_dot), numbers);
		if (order != 0) {
			return order;
		}
		if (a_dot == std::string_view::npos || b_dot == std::string_view::npos) {
			// The one with more identifiers ranks higher.
			return (a_dot != std::string_view::npos) - (b_dot != std::string_view::npos);
		}
		a.remove_prefix(a_dot + 1);
		b.remove_prefix(b_dot + 1);
	}
}

int compare(const Version &a, const Version &b, NumericIdentifiers numbers) {
	if (int order = compare_numbers(a.major, b.major)) {
		return order;
	}
	if (int order = compare_numbers(a.minor, b.minor)) {
		return order;
	}
	if (int order = compare_numbers(a.patch, b.patch)) {
		return order;
	}
	return compare_prerelease(a.prerelease, b.prerelease, numbers);
}

} // namespace bulwark::version::semver
