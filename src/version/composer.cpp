// Composer: composer/semver 3.x (VersionParser::normalize, Constraint::matchSpecific, PHP's
// version_compare) as Composer 2 uses it.
//
// Versions are normalised as VersionParser does ("v1.2" => "1.2.0.0", "1.0-beta2" =>
// "1.0.0.0-beta2", "1.0.x-dev" => "1.0.9999999.9999999-dev", "dev-main" stays a branch) and
// compared with PHP's version_compare (dev < alpha = a < beta = b < RC = rc < # < pl = p).
// Two different dev- branches have no order (an error). Not yet supported: date versions
// ("20230101", which Composer normalises as dates) and constraint strings (satisfies()
// reports `unsupported`).
#include <climits>
#include <optional>
#include <string>
#include <vector>

#include "version/version.h"

namespace bulwark::version {

namespace {

bool is_digit(char c) {
	return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
char lower(char c) {
	return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
bool ieq(std::string_view a, std::string_view b) {
	if (a.size() != b.size()) {
		return false;
	}
	for (size_t i = 0; i < a.size(); ++i) {
		if (lower(a[i]) != lower(b[i])) {
			return false;
		}
	}
	return true;
}
bool istarts_with(std::string_view s, std::string_view prefix) {
	return s.size() >= prefix.size() && ieq(s.substr(0, prefix.size()), prefix);
}
// PCRE's \s.
bool is_space(char c) {
	return c == ' ' || (c >= '\t' && c <= '\r');
}
// PHP's trim().
std::string_view php_trim(std::string_view s) {
	auto trimmed = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0' || c == '\x0B'; };
	while (!s.empty() && trimmed(s.front())) {
		s.remove_prefix(1);
	}
	while (!s.empty() && trimmed(s.back())) {
		s.remove_suffix(1);
	}
	return s;
}
size_t digits_at(std::string_view s, size_t i) {
	size_t n = 0;
	while (i + n < s.size() && is_digit(s[i + n])) {
		++n;
	}
	return n;
}

// ---- PHP's version_compare ----

// php_canonicalize_version: separators become '.', and a '.' goes between digits and letters.
std::string canonicalize(std::string_view v) {
	std::string out;
	if (v.empty()) {
		return out;
	}
	auto isdig = [](char c) { return is_digit(c); };
	auto isndig = [](char c) { return !is_digit(c) && c != '.'; };
	char lp = v[0];
	out += lp;
	for (size_t i = 1; i < v.size(); ++i) {
		char c = v[i];
		char lq = out.back();
		if (c == '-' || c == '_' || c == '+') {
			if (lq != '.') {
				out += '.';
			}
		} else if ((isndig(lp) && isdig(c)) || (isdig(lp) && isndig(c))) {
			if (lq != '.') {
				out += '.';
			}
			out += c;
		} else if (!is_digit(c) && !is_alpha(c)) {
			if (lq != '.') {
				out += '.';
			}
		} else {
			out += c;
		}
		lp = c;
	}
	return out;
}

int special_form(std::string_view form) {
	static constexpr std::pair<std::string_view, int> kForms[] = {
	    {"dev", 0}, {"alpha", 1}, {"a", 1}, {"beta", 2}, {"b", 2}, {"RC", 3}, {"rc", 3}, {"#", 4}, {"pl", 5}, {"p", 5}};
	for (const auto &[name, order] : kForms) {
		if (form.substr(0, name.size()) == name) {
			return order;
		}
	}
	return -1;
}

int compare_forms(std::string_view a, std::string_view b) {
	int x = special_form(a), y = special_form(b);
	return (x > y) - (x < y);
}

// strtol: digits up to the first non-digit, saturating.
long php_strtol(std::string_view s) {
	long value = 0;
	for (char c : s) {
		if (!is_digit(c)) {
			break;
		}
		if (value > (LONG_MAX - (c - '0')) / 10) {
			return LONG_MAX;
		}
		value = value * 10 + (c - '0');
	}
	return value;
}

int version_compare(std::string_view a, std::string_view b);

int compare_canonical(std::string_view v1, std::string_view v2) {
	size_t p1 = 0, p2 = 0;
	bool more1 = true, more2 = true; // n1/n2 != NULL in PHP's loop
	int compare = 0;
	std::string_view part1, part2;
	while (p1 < v1.size() && p2 < v2.size() && more1 && more2) {
		size_t n1 = v1.find('.', p1), n2 = v2.find('.', p2);
		part1 = v1.substr(p1, n1 == std::string_view::npos ? n1 : n1 - p1);
		part2 = v2.substr(p2, n2 == std::string_view::npos ? n2 : n2 - p2);
		bool d1 = !part1.empty() && is_digit(part1[0]), d2 = !part2.empty() && is_digit(part2[0]);
		if (d1 && d2) {
			long l1 = php_strtol(part1), l2 = php_strtol(part2);
			compare = (l1 > l2) - (l1 < l2);
		} else if (!d1 && !d2) {
			compare = compare_forms(part1, part2);
		} else {
			compare = d1 ? compare_forms("#N#", part2) : compare_forms(part1, "#N#");
		}
		more1 = n1 != std::string_view::npos;
		more2 = n2 != std::string_view::npos;
		if (compare != 0) {
			break;
		}
		if (more1) {
			p1 = n1 + 1;
		}
		if (more2) {
			p2 = n2 + 1;
		}
	}
	if (compare == 0) {
		if (more1) {
			std::string_view rest = v1.substr(std::min(p1, v1.size()));
			compare = !rest.empty() && is_digit(rest[0]) ? 1 : version_compare(rest, "#N#");
		} else if (more2) {
			std::string_view rest = v2.substr(std::min(p2, v2.size()));
			compare = !rest.empty() && is_digit(rest[0]) ? -1 : version_compare("#N#", rest);
		}
	}
	return compare;
}

int version_compare(std::string_view a, std::string_view b) {
	if (a.empty() || b.empty()) {
		return a.empty() == b.empty() ? 0 : (a.empty() ? -1 : 1);
	}
	std::string x = a[0] == '#' ? std::string(a) : canonicalize(a);
	std::string y = b[0] == '#' ? std::string(b) : canonicalize(b);
	return compare_canonical(x, y);
}

// ---- VersionParser::normalize ----

struct Modifier {
	std::string_view stability; // (stable|beta|b|RC|alpha|a|patch|pl|p), case as written
	std::string_view number;    // ((?:[.-]?\d+)*+)
	bool dev = false;           // ([.-]?dev)
};

// The possessive (?:[.-]?\d+)*+ from i; returns its end.
size_t stability_numbers_end(std::string_view s, size_t i) {
	while (true) {
		size_t j = i < s.size() && (s[i] == '.' || s[i] == '-') ? i + 1 : i;
		size_t n = digits_at(s, j);
		if (n == 0) {
			return i;
		}
		i = j + n;
	}
}

// ([.-]?dev)?$ at i (case-insensitive).
bool dev_to_end(std::string_view s, size_t i, bool &dev) {
	if (i == s.size()) {
		dev = false;
		return true;
	}
	size_t j = s[i] == '.' || s[i] == '-' ? i + 1 : i;
	if (j + 3 == s.size() && ieq(s.substr(j), "dev")) {
		dev = true;
		return true;
	}
	return false;
}

// self::$modifierRegex followed by $, from i: [._-]?(?:(name)((?:[.-]?\d+)*+)?)?([.-]?dev)?$
bool modifier_to_end(std::string_view s, size_t i, Modifier &m, bool case_insensitive = true) {
	static constexpr std::string_view kNames[] = {"stable", "beta", "b", "RC", "alpha", "a", "patch", "pl", "p"};
	for (int with_separator = 1; with_separator >= 0; --with_separator) {
		size_t j = i;
		if (with_separator) {
			if (j >= s.size() || (s[j] != '.' && s[j] != '_' && s[j] != '-')) {
				continue;
			}
			++j;
		}
		for (std::string_view name : kNames) {
			std::string_view here = s.substr(std::min(j, s.size()), name.size());
			if (case_insensitive ? !ieq(here, name) : here != name) {
				continue;
			}
			size_t end = stability_numbers_end(s, j + name.size());
			if (dev_to_end(s, end, m.dev)) {
				m.stability = here;
				m.number = s.substr(j + name.size(), end - j - name.size());
				return true;
			}
		}
		if (dev_to_end(s, j, m.dev)) {
			m.stability = {};
			m.number = {};
			return true;
		}
	}
	return false;
}

std::string expand_stability(std::string_view stability) {
	std::string s;
	for (char c : stability) {
		s += lower(c);
	}
	if (s == "a") {
		return "alpha";
	}
	if (s == "b") {
		return "beta";
	}
	if (s == "p" || s == "pl") {
		return "patch";
	}
	if (s == "rc") {
		return "RC";
	}
	return s;
}

std::string with_modifier(std::string version, const Modifier &m) {
	if (!m.stability.empty()) {
		if (m.stability == "stable") {
			return version;
		}
		std::string_view number = m.number;
		while (!number.empty() && (number[0] == '.' || number[0] == '-')) {
			number.remove_prefix(1);
		}
		version += "-" + expand_stability(m.stability) + std::string(number);
	}
	if (m.dev) {
		version += "-dev";
	}
	return version;
}

// normalizeBranch: "1.x" => "1.9999999.9999999.9999999-dev", anything else => "dev-<name>".
std::string normalize_branch(std::string_view name) {
	name = php_trim(name);
	std::string_view rest = name;
	if (!rest.empty() && lower(rest[0]) == 'v') {
		rest.remove_prefix(1);
	}
	std::string version;
	size_t n = digits_at(rest, 0);
	if (n > 0) {
		version = std::string(rest.substr(0, n));
		size_t i = n;
		int parts = 1;
		while (i < rest.size() && rest[i] == '.' && parts < 4) {
			size_t d = digits_at(rest, i + 1);
			if (d > 0) {
				version += std::string(rest.substr(i, d + 1));
				i += d + 1;
			} else if (i + 1 < rest.size() && (rest[i + 1] == 'x' || rest[i + 1] == 'X' || rest[i + 1] == '*')) {
				version += ".x";
				i += 2;
			} else {
				break;
			}
			++parts;
		}
		if (i == rest.size()) {
			for (; parts < 4; ++parts) {
				version += ".x";
			}
			std::string out;
			for (char c : version) {
				out += c == 'x' ? std::string("9999999") : std::string(1, c);
			}
			return out + "-dev";
		}
	}
	return "dev-" + std::string(name);
}

std::optional<std::string> normalize(std::string_view text) {
	std::string_view version = php_trim(text);
	// ^([^,\s]++) ++as ++([^,\s]++)$ : an alias normalises as its source.
	size_t as = version.find(" as ");
	if (as != std::string_view::npos) {
		std::string_view source = version.substr(0, as);
		std::string_view alias = version.substr(as + 4);
		while (!alias.empty() && alias.front() == ' ') {
			alias.remove_prefix(1);
		}
		auto plain = [](std::string_view part) {
			for (char c : part) {
				if (c == ',' || is_space(c)) {
					return false;
				}
			}
			return !part.empty();
		};
		if (plain(source) && plain(alias)) {
			version = source;
		}
	}
	// @(?:stable|RC|beta|alpha|dev)$ : a stability flag goes.
	size_t at = version.rfind('@');
	if (at != std::string_view::npos) {
		std::string_view flag = version.substr(at + 1);
		if (ieq(flag, "stable") || ieq(flag, "RC") || ieq(flag, "beta") || ieq(flag, "alpha") || ieq(flag, "dev")) {
			version = version.substr(0, at);
		}
	}
	if (version == "master" || version == "trunk" || version == "default") {
		return "dev-" + std::string(version);
	}
	if (istarts_with(version, "dev-")) {
		return "dev-" + std::string(version.substr(4));
	}
	// ^([^,\s+]++)\+[^\s]++$ : build metadata goes.
	size_t plus = version.find('+');
	if (plus != std::string_view::npos && plus > 0) {
		std::string_view before = version.substr(0, plus), after = version.substr(plus + 1);
		bool ok = !after.empty();
		for (char c : before) {
			ok = ok && c != ',' && !is_space(c);
		}
		for (char c : after) {
			ok = ok && !is_space(c);
		}
		if (ok) {
			version = before;
		}
	}
	size_t i = !version.empty() && lower(version[0]) == 'v' ? 1 : 0;
	Modifier m;
	// ^v?(\d{1,5})(\.\d++)?(\.\d++)?(\.\d++)?{modifier}$
	size_t major = digits_at(version, i);
	if (major >= 1 && major <= 5) {
		std::string normalized(version.substr(i, major));
		size_t j = i + major;
		int parts = 1;
		while (parts < 4 && j + 1 < version.size() && version[j] == '.' && is_digit(version[j + 1])) {
			size_t n = digits_at(version, j + 1);
			normalized += version.substr(j, n + 1);
			j += n + 1;
			++parts;
		}
		for (; parts < 4; ++parts) {
			normalized += ".0";
		}
		if (modifier_to_end(version, j, m)) {
			return with_modifier(normalized, m);
		}
	}
	// (.*?)[.-]?dev$ : a numeric branch such as "1.x-dev".
	if (version.size() >= 3 && ieq(version.substr(version.size() - 3), "dev")) {
		std::string_view branch = version.substr(0, version.size() - 3);
		if (!branch.empty() && (branch.back() == '.' || branch.back() == '-')) {
			branch.remove_suffix(1);
		}
		std::string normalized = normalize_branch(branch);
		if (normalized.find("dev-") == std::string::npos) {
			return normalized;
		}
	}
	return std::nullopt;
}

bool is_branch(std::string_view v) {
	return v.starts_with("dev-");
}

class ComposerComparator final : public Comparator {
public:
	std::string_view ecosystem() const override {
		return "composer";
	}

	Result<int> compare(std::string_view a, std::string_view b) const override {
		auto na = normalize(a);
		if (!na) {
			return invalid(a);
		}
		auto nb = normalize(b);
		if (!nb) {
			return invalid(b);
		}
		if (is_branch(*na) && is_branch(*nb) && *na != *nb) {
			return make_error(ErrorCode::invalid_argument,
			                  "dev branches '" + std::string(a) + "' and '" + std::string(b) + "' have no order");
		}
		if (*na == *nb) {
			return 0;
		}
		return version_compare(*na, *nb);
	}

private:
	static Error invalid(std::string_view text) {
		return make_error(ErrorCode::invalid_argument, "not a Composer version: '" + std::string(text) + "'");
	}
};

} // namespace

const Comparator &composer_comparator() {
	static const ComposerComparator instance;
	return instance;
}

} // namespace bulwark::version
