// NuGet: NuGet.Versioning's NuGetVersion and VersionRange.
//
// Versions have one to four numbers (missing ones are 0, so 1.0 == 1.0.0 == 1.0.0.0), then
// SemVer 2.0 release labels compared case-insensitively (numeric labels by value, before
// alphanumeric ones), then metadata, which is ignored. Constraints are NuGet's interval
// notation: "1.0" (>= 1.0), "[1.0]" (exactly), "(1.0,)", "(,1.0]", "[1.0,2.0)" ...; NuGet
// applies no special rule to prereleases inside a range.
#include <cstdint>
#include <optional>
#include <string>

#include "version/parsed.h"
#include "version/semver.h"
#include "version/version.h"

namespace bulwark::version {

namespace {

constexpr uint64_t kMaxPart = 2147483647; // int.MaxValue

struct NuGetVersion {
	uint64_t parts[4] = {0, 0, 0, 0};
	std::string_view release; // dot-separated labels, empty for a release
};

bool is_space(char c) {
	return c == ' ' || (c >= '\t' && c <= '\r');
}

std::string_view trim(std::string_view s) {
	while (!s.empty() && is_space(s.front())) {
		s.remove_prefix(1);
	}
	while (!s.empty() && is_space(s.back())) {
		s.remove_suffix(1);
	}
	return s;
}

// A decimal int, as int.TryParse with no signs or spaces reads it.
std::optional<uint64_t> to_int(std::string_view digits) {
	if (!semver::all_digits(digits)) {
		return std::nullopt;
	}
	uint64_t value = 0;
	for (char c : digits) {
		value = value * 10 + static_cast<uint64_t>(c - '0');
		if (value > kMaxPart) {
			return std::nullopt;
		}
	}
	return value;
}

template <class Valid>
bool dotted(std::string_view text, Valid valid) {
	for (size_t start = 0;;) {
		size_t dot = text.find('.', start);
		if (!valid(text.substr(start, dot == std::string_view::npos ? dot : dot - start))) {
			return false;
		}
		if (dot == std::string_view::npos) {
			return true;
		}
		start = dot + 1;
	}
}

std::optional<NuGetVersion> parse_version(std::string_view text) {
	NuGetVersion v;
	size_t plus = text.find('+');
	if (plus != std::string_view::npos) {
		if (!dotted(text.substr(plus + 1), semver::build_identifier)) {
			return std::nullopt;
		}
		text = text.substr(0, plus);
	}
	size_t dash = text.find('-');
	if (dash != std::string_view::npos) {
		v.release = text.substr(dash + 1);
		if (!dotted(v.release, semver::build_identifier)) {
			return std::nullopt;
		}
		text = text.substr(0, dash);
	}
	size_t count = 0;
	bool ok = dotted(text, [&](std::string_view part) {
		auto n = count < 4 ? to_int(part) : std::nullopt;
		if (n) {
			v.parts[count++] = *n;
		}
		return n.has_value();
	});
	if (!ok) {
		return std::nullopt;
	}
	return v;
}

char lower(char c) {
	return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

int compare_label(std::string_view a, std::string_view b) {
	auto x = to_int(a), y = to_int(b);
	if (x && y) {
		return (*x > *y) - (*x < *y);
	}
	if (x || y) {
		return x ? -1 : 1;
	}
	for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
		char p = lower(a[i]), q = lower(b[i]);
		if (p != q) {
			return p < q ? -1 : 1;
		}
	}
	return (a.size() > b.size()) - (a.size() < b.size());
}

int compare(const NuGetVersion &a, const NuGetVersion &b) {
	for (int i = 0; i < 4; ++i) {
		if (a.parts[i] != b.parts[i]) {
			return a.parts[i] < b.parts[i] ? -1 : 1;
		}
	}
	if (a.release.empty() || b.release.empty()) {
		return a.release.empty() == b.release.empty() ? 0 : (a.release.empty() ? 1 : -1);
	}
	std::string_view x = a.release, y = b.release;
	while (true) {
		size_t xd = x.find('.'), yd = y.find('.');
		if (int c = compare_label(x.substr(0, xd), y.substr(0, yd))) {
			return c;
		}
		if (xd == std::string_view::npos || yd == std::string_view::npos) {
			return (xd != std::string_view::npos) - (yd != std::string_view::npos);
		}
		x.remove_prefix(xd + 1);
		y.remove_prefix(yd + 1);
	}
}

class NuGetComparator final : public Comparator {
public:
	std::string_view ecosystem() const override {
		return "nuget";
	}

	Result<int> compare(std::string_view a, std::string_view b) const override {
		return compare_parsed(a, b, kKind, parse_version,
		                      [](const NuGetVersion &x, const NuGetVersion &y) { return version::compare(x, y); });
	}

	Result<bool> satisfies(std::string_view version, std::string_view constraint) const override {
		auto v = parse_version(version);
		if (!v) {
			return not_a_version(kKind, version);
		}
		std::string_view range = trim(constraint);
		auto refuse = [&] {
			return make_error(ErrorCode::invalid_argument, "not a NuGet version range: '" + std::string(constraint) + "'");
		};
		if (range.empty()) {
			return refuse();
		}
		if (range.front() != '[' && range.front() != '(') {
			auto min = parse_version(range);
			if (!min) {
				return refuse();
			}
			return version::compare(*v, *min) >= 0;
		}
		if (range.size() < 2 || (range.back() != ']' && range.back() != ')')) {
			return refuse();
		}
		bool min_inclusive = range.front() == '[';
		bool max_inclusive = range.back() == ']';
		std::string_view inner = range.substr(1, range.size() - 2);
		size_t comma = inner.find(',');
		if (comma == std::string_view::npos) {
			// "[1.0]" is the one form without a comma: exactly that version.
			auto exact = parse_version(trim(inner));
			if (!exact || !min_inclusive || !max_inclusive) {
				return refuse();
			}
			return version::compare(*v, *exact) == 0;
		}
		std::string_view low = trim(inner.substr(0, comma)), high = trim(inner.substr(comma + 1));
		if ((low.empty() && high.empty()) || high.find(',') != std::string_view::npos) {
			return refuse();
		}
		std::optional<NuGetVersion> min, max;
		if (!low.empty() && !(min = parse_version(low))) {
			return refuse();
		}
		if (!high.empty() && !(max = parse_version(high))) {
			return refuse();
		}
		if (min && max && version::compare(*min, *max) > 0) {
			return refuse();
		}
		if (min) {
			int c = version::compare(*v, *min);
			if (c < 0 || (c == 0 && !min_inclusive)) {
				return false;
			}
		}
		if (max) {
			int c = version::compare(*v, *max);
			if (c > 0 || (c == 0 && !max_inclusive)) {
				return false;
			}
		}
		return true;
	}

private:
	static constexpr std::string_view kKind = "a NuGet";
};

} // namespace

const Comparator &nuget_comparator() {
	static const NuGetComparator instance;
	return instance;
}

} // namespace bulwark::version
