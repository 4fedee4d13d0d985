// deb: Debian versions `[epoch:]upstream[-revision]` ordered as dpkg 1.21 does
// (lib/dpkg/parsehelp.c parseversion, lib/dpkg/version.c verrevcmp), and accepted or
// refused as `dpkg --compare-versions` does: what dpkg only warns about (an upstream part
// not starting with a digit, characters outside the policy's set) is compared anyway; what
// it calls an error (empty parts, embedded spaces, a bad epoch) is refused. The empty
// string is dpkg's "no version", older than every version.
#include <climits>
#include <cstdint>

#include "version/version.h"
#include "version/version_text.h"

namespace bulwark::version {

namespace {

constexpr std::string_view kEcosystem = "deb";

struct DebVersion {
	bool none = false; // the empty string
	int64_t epoch = 0;
	std::string_view upstream;
	std::string_view revision;
};

bool is_blank(char c) {
	return c == ' ' || c == '\t';
}

// What strtol skips before a number.
bool is_c_space(char c) {
	return c == ' ' || (c >= '\t' && c <= '\r');
}

// The epoch before the first colon, read the way dpkg's strtol call reads it: leading
// white space and a sign are allowed, the digits must reach the colon.
Result<int64_t> parse_epoch(std::string_view text, std::string_view before_colon) {
	size_t i = 0;
	while (i < before_colon.size() && is_c_space(before_colon[i])) {
		++i;
	}
	bool negative = false;
	if (i < before_colon.size() && (before_colon[i] == '+' || before_colon[i] == '-')) {
		negative = before_colon[i] == '-';
		++i;
	}
	size_t digits = i;
	bool too_big = false;
	int64_t value = 0;
	while (i < before_colon.size() && is_digit(before_colon[i])) {
		value = too_big ? value : value * 10 + (before_colon[i] - '0');
		too_big = too_big || value > INT_MAX;
		++i;
	}
	if (i == digits) {
		return invalid_version(kEcosystem, text, "epoch in version is empty");
	}
	if (i != before_colon.size()) {
		return invalid_version(kEcosystem, text, "epoch in version is not number");
	}
	if (negative && value != 0) {
		return invalid_version(kEcosystem, text, "epoch in version is negative");
	}
	if (too_big) {
		return invalid_version(kEcosystem, text, "epoch in version is too big");
	}
	return value;
}

Result<DebVersion> parse(std::string_view text) {
	DebVersion v;
	if (text.empty()) {
		v.none = true;
		return v;
	}
	if (text.find('\0') != std::string_view::npos) {
		return invalid_version(kEcosystem, text, "contains a NUL byte");
	}
	size_t begin = 0;
	while (begin < text.size() && is_blank(text[begin])) {
		++begin;
	}
	if (begin == text.size()) {
		return invalid_version(kEcosystem, text, "version string is empty");
	}
	size_t end = begin;
	while (end < text.size() && !is_blank(text[end])) {
		++end;
	}
	for (size_t i = end; i < text.size(); ++i) {
		if (!is_blank(text[i])) {
			return invalid_version(kEcosystem, text, "version string has embedded spaces");
		}
	}
	std::string_view rest = text.substr(begin, end - begin);
	size_t colon = rest.find(':');
	if (colon != std::string_view::npos) {
		auto epoch = parse_epoch(text, rest.substr(0, colon));
		BW_TRY(epoch);
		v.epoch = *epoch;
		rest.remove_prefix(colon + 1);
		if (rest.empty()) {
			return invalid_version(kEcosystem, text, "nothing after colon in version number");
		}
	}
	size_t hyphen = rest.rfind('-');
	if (hyphen != std::string_view::npos) {
		v.revision = rest.substr(hyphen + 1);
		rest = rest.substr(0, hyphen);
		if (v.revision.empty()) {
			return invalid_version(kEcosystem, text, "revision number is empty");
		}
	}
	if (rest.empty()) {
		return invalid_version(kEcosystem, text, "version number is empty");
	}
	v.upstream = rest;
	return v;
}

// dpkg's order(): `~` before the end of the string, the end (and digits, which end a
// non-digit run) before letters, letters before everything else. dpkg passes a plain
// `char`, signed on the platforms Debian's dpkg is mostly built for (x86), so bytes from
// 0x80 land between the letters and ASCII punctuation; that is kept here.
int order(std::string_view s, size_t i) {
	if (i >= s.size()) {
		return 0;
	}
	char c = s[i];
	if (is_digit(c)) {
		return 0;
	}
	if (is_alpha(c)) {
		return c;
	}
	if (c == '~') {
		return -1;
	}
	return static_cast<signed char>(c) + 256;
}

bool digit_at(std::string_view s, size_t i) {
	return i < s.size() && is_digit(s[i]);
}

int verrevcmp(std::string_view a, std::string_view b) {
	size_t i = 0;
	size_t j = 0;
	while (i < a.size() || j < b.size()) {
		while ((i < a.size() && !is_digit(a[i])) || (j < b.size() && !is_digit(b[j]))) {
			int ac = order(a, i);
			int bc = order(b, j);
			if (ac != bc) {
				return sign_of(ac - bc);
			}
			++i;
			++j;
		}
		while (i < a.size() && a[i] == '0') {
			++i;
		}
		while (j < b.size() && b[j] == '0') {
			++j;
		}
		int first_diff = 0;
		while (digit_at(a, i) && digit_at(b, j)) {
			if (first_diff == 0) {
				first_diff = a[i] - b[j];
			}
			++i;
			++j;
		}
		if (digit_at(a, i)) {
			return 1;
		}
		if (digit_at(b, j)) {
			return -1;
		}
		if (first_diff != 0) {
			return sign_of(first_diff);
		}
	}
	return 0;
}

class DpkgComparator final : public Comparator {
public:
	std::string_view ecosystem() const override {
		return kEcosystem;
	}

	Result<int> compare(std::string_view a, std::string_view b) const override {
		auto va = parse(a);
		BW_TRY(va);
		auto vb = parse(b);
		BW_TRY(vb);
		if (va->none || vb->none) {
			return static_cast<int>(vb->none) - static_cast<int>(va->none);
		}
		if (va->epoch != vb->epoch) {
			return va->epoch < vb->epoch ? -1 : 1;
		}
		if (int upstream = verrevcmp(va->upstream, vb->upstream); upstream != 0) {
			return upstream;
		}
		return verrevcmp(va->revision, vb->revision);
	}
};

} // namespace

const Comparator &dpkg_comparator() {
	static const DpkgComparator comparator;
	return comparator;
}

} // namespace bulwark::version
