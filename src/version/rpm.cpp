// rpm: `[epoch:]version[-release]` ordered as librpm 4.18's rpmverParse + rpmverCmp:
// epoch, version and release each compared with rpmvercmp; a missing epoch is "0"; a
// missing release sorts before any release (also an empty one, "1.0-"). rpmvercmp splits
// into runs of ASCII digits or letters, skipping everything else; `~` sorts before
// anything (even the end), `^` after the end but before anything else; a number beats
// letters; numbers compare by value, letters bytewise. Every non-empty string is an EVR
// to rpm; only "" (and strings with a NUL, which rpm cannot be given) are refused.
#include "version/version.h"
#include "version/version_text.h"

namespace bulwark::version {

namespace {

constexpr std::string_view kEcosystem = "rpm";

bool is_alnum(char c) {
	return is_digit(c) || is_alpha(c);
}

int rpmvercmp(std::string_view a, std::string_view b) {
	if (a == b) {
		return 0;
	}
	size_t i = 0;
	size_t j = 0;
	auto at = [](std::string_view s, size_t k) { return k < s.size() ? s[k] : '\0'; };
	while (i < a.size() || j < b.size()) {
		while (i < a.size() && !is_alnum(a[i]) && a[i] != '~' && a[i] != '^') {
			++i;
		}
		while (j < b.size() && !is_alnum(b[j]) && b[j] != '~' && b[j] != '^') {
			++j;
		}
		char x = at(a, i);
		char y = at(b, j);
		if (x == '~' || y == '~') {
			if (x != '~') {
				return 1;
			}
			if (y != '~') {
				return -1;
			}
			++i;
			++j;
			continue;
		}
		if (x == '^' || y == '^') {
			if (x == '\0') {
				return -1;
			}
			if (y == '\0') {
				return 1;
			}
			if (x != '^') {
				return 1;
			}
			if (y != '^') {
				return -1;
			}
			++i;
			++j;
			continue;
		}
		if (x == '\0' || y == '\0') {
			break;
		}
		bool numeric = is_digit(x);
		auto in_run = [numeric](char c) { return numeric ? is_digit(c) : is_alpha(c); };
		size_t i_end = i;
		while (i_end < a.size() && in_run(a[i_end])) {
			++i_end;
		}
		size_t j_end = j;
		while (j_end < b.size() && in_run(b[j_end])) {
			++j_end;
		}
		if (j_end == j) {
			// One side has a number, the other letters: the number is newer.
			return numeric ? 1 : -1;
		}
		std::string_view run_a = a.substr(i, i_end - i);
		std::string_view run_b = b.substr(j, j_end - j);
		int order = numeric ? compare_digit_runs(run_a, run_b) : compare_bytes(run_a, run_b);
		if (order != 0) {
			return order;
		}
		i = i_end;
		j = j_end;
	}
	if (i >= a.size() && j >= b.size()) {
		return 0;
	}
	return i >= a.size() ? -1 : 1;
}

struct Evr {
	std::string_view epoch = "0";
	std::string_view version;
	std::string_view release;
	bool has_release = false;
};

// rpm's parseEVR: leading digits followed by ':' are the epoch (none → "0"); after the
// last '-' is the release.
Result<Evr> parse(std::string_view text) {
	if (text.empty()) {
		return invalid_version(kEcosystem, text, "empty");
	}
	if (text.find('\0') != std::string_view::npos) {
		return invalid_version(kEcosystem, text, "contains a NUL byte");
	}
	Evr evr;
	size_t digits = 0;
	while (digits < text.size() && is_digit(text[digits])) {
		++digits;
	}
	std::string_view rest = text;
	if (digits < text.size() && text[digits] == ':') {
		if (digits > 0) {
			evr.epoch = text.substr(0, digits);
		}
		rest = text.substr(digits + 1);
	}
	size_t hyphen = rest.rfind('-');
	if (hyphen != std::string_view::npos) {
		evr.release = rest.substr(hyphen + 1);
		evr.has_release = true;
		rest = rest.substr(0, hyphen);
	}
	evr.version = rest;
	return evr;
}

class RpmComparator final : public Comparator {
public:
	std::string_view ecosystem() const override {
		return kEcosystem;
	}

	Result<int> compare(std::string_view a, std::string_view b) const override {
		auto va = parse(a);
		BW_TRY(va);
		auto vb = parse(b);
		BW_TRY(vb);
		if (int epoch = rpmvercmp(va->epoch, vb->epoch); epoch != 0) {
			return epoch;
		}
		if (int version = rpmvercmp(va->version, vb->version); version != 0) {
			return version;
		}
		if (!va->has_release || !vb->has_release) {
			return static_cast<int>(va->has_release) - static_cast<int>(vb->has_release);
		}
		return rpmvercmp(va->release, vb->release);
	}
};

} // namespace

const Comparator &rpm_comparator() {
	static const RpmComparator comparator;
	return comparator;
}

} // namespace bulwark::version
