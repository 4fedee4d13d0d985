// PyPI: PEP 440 exactly as python3-packaging 23.0 implements it (`Version`, `SpecifierSet`).
//
// Versions: epochs, release segments compared with trailing zeros dropped, pre-releases
// (a/b/rc with the spellings alpha, beta, c, pre, preview), post-releases (post/rev/r and the
// implicit "-1"), dev releases, local versions (numeric segments above alphanumeric ones),
// a leading 'v', case and separator variants, surrounding whitespace.
//
// Constraints are specifier sets ("comma-separated, all must hold") with ~= == != < <= > >= ===
// and "==1.2.*" prefix matching, evaluated as `SpecifierSet(c).contains(v, prereleases=True)`:
// advisories name affected versions, pre-releases included, so a pre-release must match a
// range like ">=1.0,<2.0" without the specifier having to mention pre-releases (the default,
// prereleases=None, would exclude "1.5a1" there). Operators keep packaging's own rules
// (">1.0" excludes 1.0.post1, "<2.0" excludes 2.0a1, "==1.0" ignores the local label).
#include <optional>
#include <string>
#include <vector>

#include "version/parsed.h"
#include "version/version.h"

namespace bulwark::version {

namespace {

bool is_digit(char c) {
	return c >= '0' && c <= '9';
}
char lower(char c) {
	return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
bool is_local_char(char c) {
	return is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'z');
}
bool is_separator(char c) {
	return c == '-' || c == '_' || c == '.';
}
// Python's str.isspace() for ASCII (re's \s and str.strip() agree on it).
bool is_python_space(char c) {
	return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f');
}
std::string_view strip(std::string_view s) {
	while (!s.empty() && is_python_space(s.front())) {
		s.remove_prefix(1);
	}
	while (!s.empty() && is_python_space(s.back())) {
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
// The value of a digit string as int() sees it: leading zeros dropped ("" is zero).
std::string_view int_value(std::string_view digits) {
	while (!digits.empty() && digits[0] == '0') {
		digits.remove_prefix(1);
	}
	return digits;
}
int compare_ints(std::string_view a, std::string_view b) {
	a = int_value(a);
	b = int_value(b);
	if (a.size() != b.size()) {
		return a.size() < b.size() ? -1 : 1;
	}
	int c = a.compare(b);
	return (c > 0) - (c < 0);
}
bool word_at(std::string_view s, size_t i, std::string_view word) {
	if (i + word.size() > s.size()) {
		return false;
	}
	for (size_t k = 0; k < word.size(); ++k) {
		if (lower(s[i + k]) != word[k]) {
			return false;
		}
	}
	return true;
}

// A parsed version; the views point into the text it was parsed from.
struct Pep440 {
	std::string_view epoch;   // digits
	std::string_view release; // "1.02.3" as written
	char pre = 0;             // 'a', 'b' or 'r' (rc); 0 when absent
	std::string_view pre_number;
	bool has_post = false;
	std::string_view post;
	bool has_dev = false;
	std::string_view dev;
	bool has_local = false;
	std::string_view local;

	bool is_prerelease() const {
		return pre != 0 || has_dev;
	}
};

// VERSION_PATTERN with re's backtracking order: optional groups are tried present first,
// alternatives left to right, so the first parse that reaches the end is the one Python finds.
class Parser {
public:
	explicit Parser(std::string_view s) : s_(s) {
	}

	std::optional<Pep440> parse() {
		size_t i = 0;
		if (i < s_.size() && lower(s_[i]) == 'v') {
			++i;
		}
		size_t n = digits_at(s_, i);
		if (n > 0 && i + n < s_.size() && s_[i + n] == '!') {
			v_.epoch = s_.substr(i, n);
			i += n + 1;
		}
		size_t start = i;
		n = digits_at(s_, i);
		if (n == 0) {
			return std::nullopt;
		}
		i += n;
		while (i + 1 < s_.size() && s_[i] == '.' && is_digit(s_[i + 1])) {
			i += 1 + digits_at(s_, i + 1);
		}
		v_.release = s_.substr(start, i - start);
		if (i == s_.size()) {
			return v_; // every later part is optional: a plain release, as most versions are
		}
		if (!pre(i)) {
			return std::nullopt;
		}
		return v_;
	}

private:
	// Positions to try for an optional [-_\.]: after it (if present), then without it.
	template <class Next>
	bool optional_separator(size_t i, Next next) {
		return (i < s_.size() && is_separator(s_[i]) && next(i + 1)) || next(i);
	}

	bool pre(size_t i) {
		static constexpr std::pair<std::string_view, char> kNames[] = {
		    {"a", 'a'}, {"b", 'b'}, {"c", 'r'}, {"rc", 'r'}, {"alpha", 'a'}, {"beta", 'b'}, {"pre", 'r'}, {"preview", 'r'}};
		bool found = optional_separator(i, [&](size_t j) {
			for (const auto &entry : kNames) {
				std::string_view name = entry.first;
				char letter = entry.second;
				if (!word_at(s_, j, name)) {
					continue;
				}
				bool ok = optional_separator(j + name.size(), [&](size_t k) {
					size_t n = digits_at(s_, k);
					v_.pre = letter;
					v_.pre_number = s_.substr(k, n);
					return post(k + n);
				});
				if (ok) {
					return true;
				}
			}
			return false;
		});
		if (found) {
			return true;
		}
		v_.pre = 0;
		return post(i);
	}

	bool post(size_t i) {
		if (i + 1 < s_.size() && s_[i] == '-' && is_digit(s_[i + 1])) {
			size_t n = digits_at(s_, i + 1);
			v_.has_post = true;
			v_.post = s_.substr(i + 1, n);
			if (dev(i + 1 + n)) {
				return true;
			}
		}
		bool found = optional_separator(i, [&](size_t j) {
			for (std::string_view name : {"post", "rev", "r"}) {
				if (!word_at(s_, j, name)) {
					continue;
				}
				bool ok = optional_separator(j + name.size(), [&](size_t k) {
					size_t n = digits_at(s_, k);
					v_.has_post = true;
					v_.post = s_.substr(k, n);
					return dev(k + n);
				});
				if (ok) {
					return true;
				}
			}
			return false;
		});
		if (found) {
			return true;
		}
		v_.has_post = false;
		return dev(i);
	}

	bool dev(size_t i) {
		bool found = optional_separator(i, [&](size_t j) {
			return word_at(s_, j, "dev") && optional_separator(j + 3, [&](size_t k) {
				       size_t n = digits_at(s_, k);
				       v_.has_dev = true;
				       v_.dev = s_.substr(k, n);
				       return local(k + n);
			       });
		});
		if (found) {
			return true;
		}
		v_.has_dev = false;
		return local(i);
	}

	// (?:\+([a-z0-9]+(?:[-_\.][a-z0-9]+)*))? then the end.
	bool local(size_t i) {
		if (i == s_.size()) {
			v_.has_local = false;
			return true;
		}
		if (s_[i] != '+') {
			return false;
		}
		std::string_view label = s_.substr(i + 1);
		bool expect_char = true;
		for (char c : label) {
			if (is_local_char(c)) {
				expect_char = false;
			} else if (is_separator(c) && !expect_char) {
				expect_char = true;
			} else {
				return false;
			}
		}
		if (expect_char) {
			return false;
		}
		v_.has_local = true;
		v_.local = label;
		return true;
	}

	std::string_view s_;
	Pep440 v_;
};

std::optional<Pep440> parse_version(std::string_view text) {
	return Parser(strip(text)).parse();
}

// The segment before the first separator; `rest` keeps what follows that separator.
template <class IsSeparator>
std::string_view next_segment(std::string_view &rest, IsSeparator is_sep) {
	size_t n = 0;
	while (n < rest.size() && !is_sep(rest[n])) {
		++n;
	}
	std::string_view segment = rest.substr(0, n);
	rest.remove_prefix(n < rest.size() ? n + 1 : n);
	return segment;
}

int compare_release(std::string_view a, std::string_view b) {
	auto dot = [](char c) { return c == '.'; };
	while (!a.empty() || !b.empty()) {
		std::string_view x = a.empty() ? "0" : next_segment(a, dot);
		std::string_view y = b.empty() ? "0" : next_segment(b, dot);
		if (int c = compare_ints(x, y)) {
			return c;
		}
	}
	return 0;
}

bool all_digits(std::string_view s) {
	for (char c : s) {
		if (!is_digit(c)) {
			return false;
		}
	}
	return !s.empty();
}

int compare_local(std::string_view a, std::string_view b) {
	while (!a.empty() && !b.empty()) {
		std::string_view x = next_segment(a, is_separator);
		std::string_view y = next_segment(b, is_separator);
		bool x_int = all_digits(x), y_int = all_digits(y);
		int c;
		if (x_int && y_int) {
			c = compare_ints(x, y);
		} else if (x_int != y_int) {
			c = x_int ? 1 : -1; // strings sort before numbers
		} else {
			c = 0;
			for (size_t i = 0; i < x.size() && i < y.size() && c == 0; ++i) {
				c = (lower(x[i]) > lower(y[i])) - (lower(x[i]) < lower(y[i]));
			}
			c = c ? c : (x.size() > y.size()) - (x.size() < y.size());
		}
		if (c) {
			return c;
		}
	}
	return !a.empty() - !b.empty();
}

// packaging's _cmpkey, compared part by part without building it.
int compare(const Pep440 &a, const Pep440 &b, bool with_local = true) {
	if (int c = compare_ints(a.epoch, b.epoch)) {
		return c;
	}
	if (int c = compare_release(a.release, b.release)) {
		return c;
	}
	// Pre: a dev release without pre or post sorts first, a final release last.
	auto pre_rank = [](const Pep440 &v) { return v.pre ? 1 : (!v.has_post && v.has_dev ? 0 : 2); };
	if (int c = pre_rank(a) - pre_rank(b)) {
		return c > 0 ? 1 : -1;
	}
	if (a.pre && b.pre) {
		if (a.pre != b.pre) {
			return a.pre < b.pre ? -1 : 1;
		}
		if (int c = compare_ints(a.pre_number, b.pre_number)) {
			return c;
		}
	}
	if (a.has_post != b.has_post) {
		return a.has_post ? 1 : -1;
	}
	if (a.has_post) {
		if (int c = compare_ints(a.post, b.post)) {
			return c;
		}
	}
	if (a.has_dev != b.has_dev) {
		return a.has_dev ? -1 : 1;
	}
	if (a.has_dev) {
		if (int c = compare_ints(a.dev, b.dev)) {
			return c;
		}
	}
	if (!with_local || a.has_local != b.has_local) {
		return with_local ? (a.has_local ? 1 : -1) : 0;
	}
	return a.has_local ? compare_local(a.local, b.local) : 0;
}

// Version(v.base_version) == Version(w.base_version)
bool same_base(const Pep440 &a, const Pep440 &b) {
	return compare_ints(a.epoch, b.epoch) == 0 && compare_release(a.release, b.release) == 0;
}

std::string release_string(std::string_view release) {
	std::string out;
	auto dot = [](char c) { return c == '.'; };
	while (!release.empty()) {
		std::string_view n = int_value(next_segment(release, dot));
		out += n.empty() ? "0" : n;
		out += '.';
	}
	out.pop_back();
	return out;
}

std::string int_string(std::string_view digits) {
	std::string_view n = int_value(digits);
	return n.empty() ? "0" : std::string(n);
}

// str(Version) (with_local) or canonicalize_version without the local part.
std::string normalized(const Pep440 &v, bool strip_trailing_zero, bool with_local) {
	std::string out;
	if (!int_value(v.epoch).empty()) {
		out += int_string(v.epoch) + "!";
	}
	std::string release = release_string(v.release);
	if (strip_trailing_zero) {
		while (release.size() >= 2 && release.ends_with(".0")) {
			release.resize(release.size() - 2);
		}
	}
	out += release;
	if (v.pre) {
		out += v.pre == 'r' ? "rc" : std::string(1, v.pre);
		out += int_string(v.pre_number);
	}
	if (v.has_post) {
		out += ".post" + int_string(v.post);
	}
	if (v.has_dev) {
		out += ".dev" + int_string(v.dev);
	}
	if (with_local && v.has_local) {
		out += '+';
		std::string_view rest = v.local;
		while (!rest.empty()) {
			std::string_view segment = next_segment(rest, is_separator);
			if (all_digits(segment)) {
				out += int_string(segment);
			} else {
				for (char c : segment) {
					out += lower(c);
				}
			}
			out += '.';
		}
		out.pop_back();
	}
	return out;
}

// _version_split: "1.2rc1" => ["1", "2", "rc1"]
std::vector<std::string> version_split(std::string_view version) {
	std::vector<std::string> result;
	for (size_t start = 0;;) {
		size_t dot = version.find('.', start);
		std::string_view item = version.substr(start, dot == std::string_view::npos ? dot : dot - start);
		size_t n = digits_at(item, 0);
		std::string_view suffix = item.substr(n);
		size_t letters = suffix.starts_with("rc") ? 2
		                 : suffix.starts_with("a") || suffix.starts_with("b") || suffix.starts_with("c") ? 1
		                                                                                                  : 0;
		if (n > 0 && letters > 0 && all_digits(suffix.substr(letters))) {
			result.emplace_back(item.substr(0, n));
			result.emplace_back(suffix);
		} else {
			result.emplace_back(item);
		}
		if (dot == std::string_view::npos) {
			return result;
		}
		start = dot + 1;
	}
}

// canonicalize_version on a string: unparsable versions come back as they are.
std::string canonicalize(std::string_view text, bool strip_trailing_zero) {
	auto v = parse_version(text);
	return v ? normalized(*v, strip_trailing_zero, true) : std::string(text);
}

// Specifier._compare_equal with a ".*" spec (`prefix` is the spec without ".*").
bool prefix_match(const Pep440 &prospective, std::string_view prefix) {
	auto spec = version_split(canonicalize(prefix, false));
	auto item = version_split(normalized(prospective, true, false));
	auto numeric = [](const std::vector<std::string> &parts) {
		size_t n = 0;
		while (n < parts.size() && all_digits(parts[n])) {
			++n;
		}
		return n;
	};
	// _pad_version: zeros after the prospective's numeric part up to the spec's length.
	size_t item_numbers = numeric(item), spec_numbers = numeric(spec);
	if (spec_numbers > item_numbers) {
		item.insert(item.begin() + static_cast<long>(item_numbers), spec_numbers - item_numbers, "0");
	}
	if (item.size() > spec.size()) {
		item.resize(spec.size());
	}
	return item == spec;
}

struct Specifier {
	std::string_view op;
	std::string_view version; // stripped
};

// Specifier's regex: the operator, then a version of the form the operator allows.
std::optional<Specifier> parse_specifier(std::string_view text) {
	text = strip(text);
	static constexpr std::string_view kOps[] = {"===", "~=", "==", "!=", "<=", ">=", "<", ">"};
	Specifier spec;
	for (std::string_view op : kOps) {
		if (text.starts_with(op)) {
			spec.op = op;
			break;
		}
	}
	if (spec.op.empty()) {
		return std::nullopt;
	}
	spec.version = strip(text.substr(spec.op.size()));
	if (spec.op == "===") {
		// \s*[^\s;)]*\s*$
		for (char c : spec.version) {
			if (is_python_space(c) || c == ';' || c == ')') {
				return std::nullopt;
			}
		}
		return spec;
	}
	std::string_view version = spec.version;
	bool wildcard = (spec.op == "==" || spec.op == "!=") && version.ends_with(".*");
	if (wildcard) {
		version.remove_suffix(2);
	}
	if (version.empty() || is_python_space(version.front())) {
		return std::nullopt;
	}
	auto v = Parser(version).parse();
	if (!v) {
		return std::nullopt;
	}
	if (wildcard && (v->pre || v->has_post || v->has_dev || v->has_local)) {
		return std::nullopt;
	}
	if (spec.op != "==" && spec.op != "!=" && v->has_local) {
		return std::nullopt;
	}
	if (spec.op == "~=" && v->release.find('.') == std::string_view::npos) {
		return std::nullopt;
	}
	return spec;
}

bool equal(const Pep440 &prospective, std::string_view spec_text) {
	if (spec_text.ends_with(".*")) {
		return prefix_match(prospective, spec_text.substr(0, spec_text.size() - 2));
	}
	auto spec = parse_version(spec_text);
	// A spec without a local label compares with the prospective's public part.
	return compare(prospective, *spec, spec->has_local) == 0;
}

bool contains(const Specifier &s, const Pep440 &v) {
	if (s.op == "===") {
		std::string mine = normalized(v, false, true);
		if (mine.size() != s.version.size()) {
			return false;
		}
		for (size_t i = 0; i < mine.size(); ++i) {
			if (mine[i] != lower(s.version[i])) {
				return false;
			}
		}
		return true;
	}
	if (s.op == "==") {
		return equal(v, s.version);
	}
	if (s.op == "!=") {
		return !equal(v, s.version);
	}
	Pep440 spec = *parse_version(s.version);
	if (s.op == "<=") {
		return compare(v, spec, false) <= 0;
	}
	if (s.op == ">=") {
		return compare(v, spec, false) >= 0;
	}
	if (s.op == "<") {
		return compare(v, spec) < 0 && !(!spec.is_prerelease() && v.is_prerelease() && same_base(v, spec));
	}
	if (s.op == ">") {
		return compare(v, spec) > 0 && !(!spec.has_post && v.has_post && same_base(v, spec)) &&
		       !(v.has_local && same_base(v, spec));
	}
	// ~=: >= spec and == the spec's release without its last part, as a prefix.
	std::string prefix;
	for (const std::string &part : version_split(s.version)) {
		if (part.starts_with("dev") || part.starts_with("a") || part.starts_with("b") || part.starts_with("rc") ||
		    part.starts_with("post")) {
			break;
		}
		prefix += part + ".";
	}
	// Without the last part (and the dots around it).
	size_t last = prefix.empty() ? std::string::npos : prefix.rfind('.', prefix.size() - 2);
	prefix.resize(last == std::string::npos ? 0 : last);
	return compare(v, spec, false) >= 0 && prefix_match(v, prefix);
}

class PypiComparator final : public Comparator {
public:
	std::string_view ecosystem() const override {
		return "pypi";
	}

	Result<int> compare(std::string_view a, std::string_view b) const override {
		return compare_parsed(a, b, kKind, parse_version,
		                      [](const Pep440 &x, const Pep440 &y) { return version::compare(x, y); });
	}

	Result<bool> satisfies(std::string_view version, std::string_view constraint) const override {
		auto v = parse_version(version);
		if (!v) {
			return not_a_version(kKind, version);
		}
		bool all = true;
		while (true) {
			size_t comma = constraint.find(',');
			std::string_view part = strip(constraint.substr(0, comma));
			if (!part.empty()) {
				auto spec = parse_specifier(part);
				if (!spec) {
					return make_error(ErrorCode::invalid_argument,
					                  "not a PEP 440 specifier: '" + std::string(part) + "'");
				}
				all = all && contains(*spec, *v);
			}
			if (comma == std::string_view::npos) {
				return all;
			}
			constraint.remove_prefix(comma + 1);
		}
	}

private:
	static constexpr std::string_view kKind = "a PEP 440";
};

} // namespace

const Comparator &pypi_comparator() {
	static const PypiComparator instance;
	return instance;
}

} // namespace bulwark::version
