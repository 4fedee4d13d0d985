// maven: org.apache.maven.artifact.versioning.ComparableVersion of maven-artifact 3.8.7
// (behaviour read from the class files Debian 12 ships; none of it copied), and version
// ranges as VersionRange.createFromVersionSpec + containsVersion read them.
//
// A version is a list of items. '.' separates items, '-' starts a nested list, and so does
// every switch between digits and non-digits ("1alpha2" is [1, [alpha, [2]]]); an empty
// item is 0. Numbers compare by value, but a number of 10 to 18 digits (Maven's LongItem)
// sorts after every shorter one and one of 19 or more (BigIntegerItem) after both, counted
// without leading zeros unless it is all zeros. Anything else is a qualifier, compared
// case-insensitively: alpha < beta < milestone < rc = cr < snapshot < "" = ga = final =
// release < sp < any other (those bytewise); a single a, b or m followed by a digit means
// alpha, beta, milestone. Trailing 0 and release-like items are dropped from every list,
// also before a nested list. Numbers sort after qualifiers and lists, lists after
// qualifiers; a missing item compares as 0 / "" / an empty list.
//
// Every string is a Maven version. Java works on UTF-16 and Unicode digits and case; this
// reads bytes, so non-ASCII characters are qualifier text compared without case folding.
#include <algorithm>
#include <optional>
#include <vector>

#include "version/version.h"
#include "version/version_text.h"

namespace bulwark::version {

namespace {

constexpr std::string_view kEcosystem = "maven";

// Maven's QUALIFIERS list; kOther is every qualifier not in it.
constexpr std::string_view kQualifiers[] = {"alpha", "beta", "milestone", "rc", "snapshot", "", "sp"};
constexpr int kRelease = 5;
constexpr int kOther = 7;

char lower(char c) {
	return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_lower(std::string_view text, std::string_view lowercase) {
	if (text.size() != lowercase.size()) {
		return false;
	}
	for (size_t i = 0; i < text.size(); ++i) {
		if (lower(text[i]) != lowercase[i]) {
			return false;
		}
	}
	return true;
}

int compare_lower(std::string_view a, std::string_view b) {
	size_t n = std::min(a.size(), b.size());
	for (size_t i = 0; i < n; ++i) {
		auto x = static_cast<unsigned char>(lower(a[i]));
		auto y = static_cast<unsigned char>(lower(b[i]));
		if (x != y) {
			return x < y ? -1 : 1;
		}
	}
	return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

// One item that is not a list.
struct Scalar {
	bool number = false;
	int width = 0;         // number: 0 IntItem, 1 LongItem, 2 BigIntegerItem
	int qualifier = 0;     // qualifier: index in kQualifiers, or kOther
	std::string_view text; // number: digits without leading zeros; kOther: the qualifier

	bool is_null() const {
		return number ? text.empty() : qualifier == kRelease;
	}
};

Scalar number_item(std::string_view digits) {
	std::string_view value = strip_leading_zeros(digits);
	// Maven strips zeros only when something else is left, and picks the item type by length.
	size_t length = value.empty() ? digits.size() : value.size();
	return {true, length <= 9 ? 0 : (length <= 18 ? 1 : 2), 0, value};
}

Scalar qualifier_item(std::string_view text, bool followed_by_digit) {
	std::string_view name = text;
	if (followed_by_digit && text.size() == 1) {
		switch (lower(text[0])) {
		case 'a':
			name = "alpha";
			break;
		case 'b':
			name = "beta";
			break;
		case 'm':
			name = "milestone";
			break;
		default:
			break;
		}
	}
	if (equals_lower(name, "ga") || equals_lower(name, "final") || equals_lower(name, "release")) {
		name = "";
	} else if (equals_lower(name, "cr")) {
		name = "rc";
	}
	for (int i = 0; i < kOther; ++i) {
		if (equals_lower(name, kQualifiers[i])) {
			return {false, 0, i, {}};
		}
	}
	return {false, 0, kOther, text};
}

int compare_scalars(const Scalar &a, const Scalar &b) {
	if (a.number != b.number) {
		return a.number ? 1 : -1;
	}
	if (a.number) {
		if (a.width != b.width) {
			return a.width < b.width ? -1 : 1;
		}
		return compare_digit_runs(a.text, b.text);
	}
	if (a.qualifier != b.qualifier) {
		return a.qualifier < b.qualifier ? -1 : 1;
	}
	return a.qualifier == kOther ? compare_lower(a.text, b.text) : 0;
}

// Against a missing item.
int compare_scalar_to_null(const Scalar &a) {
	if (a.number) {
		return a.text.empty() ? 0 : 1;
	}
	return sign_of(a.qualifier - kRelease);
}

// A parsed version. Each list holds its items and, as its last item, at most one nested
// list, so the lists form a chain: level k's nested list is level k + 1.
class MavenVersion {
public:
	explicit MavenVersion(std::string_view text);

	size_t levels() const {
		return levels_.size();
	}

	// Item `j` of level `k`: a scalar, the nested list (`*nested` set), or nothing.
	const Scalar *item(size_t k, size_t j, bool *nested) const {
		const Level &level = levels_[k];
		*nested = false;
		if (j < level.end - level.begin) {
			return &scalars_[level.begin + j];
		}
		*nested = j == level.end - level.begin && k + 1 < levels_.size();
		return nullptr;
	}

	// ListItem.compareTo(null) of level k: its first item that is not null decides.
	int compare_to_null(size_t k) const {
		for (; k < levels_.size(); ++k) {
			for (size_t i = levels_[k].begin; i < levels_[k].end; ++i) {
				if (int order = compare_scalar_to_null(scalars_[i]); order != 0) {
					return order;
				}
			}
		}
		return 0;
	}

private:
	struct Level {
		size_t begin = 0;
		size_t end = 0;
	};

	void add(Scalar s) {
		scalars_.push_back(s);
		levels_.back().end = scalars_.size();
	}

	void open_list() {
		levels_.push_back({scalars_.size(), scalars_.size()});
	}

	bool current_list_empty() const {
		return levels_.back().begin == levels_.back().end;
	}

	std::vector<Scalar> scalars_;
	std::vector<Level> levels_;
};

MavenVersion::MavenVersion(std::string_view text) {
	open_list();
	bool digit = false;
	size_t start = 0;
	auto item_of = [](bool is_number, std::string_view part) {
		return is_number ? number_item(part) : qualifier_item(part, false);
	};
	for (size_t i = 0; i < text.size(); ++i) {
		char c = text[i];
		if (c == '.' || c == '-') {
			add(i == start ? number_item("0") : item_of(digit, text.substr(start, i - start)));
			start = i + 1;
			if (c == '-') {
				open_list();
			}
		} else if (is_digit(c)) {
			if (!digit && i > start) {
				if (!current_list_empty()) {
					open_list();
				}
				add(qualifier_item(text.substr(start, i - start), true));
				start = i;
				open_list();
			}
			digit = true;
		} else {
			if (digit && i > start) {
				add(number_item(text.substr(start, i - start)));
				start = i;
				open_list();
			}
			digit = false;
		}
	}
	if (text.size() > start) {
		if (!digit && !current_list_empty()) {
			open_list();
		}
		add(item_of(digit, text.substr(start)));
	}
	// ListItem.normalize, innermost list first: drop trailing null items; a list left empty
	// is itself null and leaves its parent.
	for (size_t k = levels_.size(); k-- > 0;) {
		Level &level = levels_[k];
		while (level.end > level.begin && scalars_[level.end - 1].is_null()) {
			--level.end;
		}
		if (level.begin == level.end && k + 1 == levels_.size() && k > 0) {
			levels_.pop_back();
		}
	}
}

// Item j of a version's level k against a missing item; nothing there counts as equal.
int compare_item_to_null(const MavenVersion &v, size_t k, size_t j) {
	bool nested = false;
	if (const Scalar *s = v.item(k, j, &nested)) {
		return compare_scalar_to_null(*s);
	}
	return nested ? v.compare_to_null(k + 1) : 0;
}

int compare_versions(const MavenVersion &a, const MavenVersion &b) {
	size_t ka = 0;
	size_t kb = 0;
	for (size_t j = 0;; ++j) {
		bool list_a = false;
		bool list_b = false;
		const Scalar *sa = a.item(ka, j, &list_a);
		const Scalar *sb = b.item(kb, j, &list_b);
		int order = 0;
		if (list_a && list_b) {
			// Both lists end with their nested lists: those decide.
			++ka;
			++kb;
			j = static_cast<size_t>(-1);
			continue;
		}
		if (sa != nullptr && sb != nullptr) {
			order = compare_scalars(*sa, *sb);
		} else if (sa != nullptr && list_b) {
			order = sa->number ? 1 : -1;
		} else if (sb != nullptr && list_a) {
			order = sb->number ? -1 : 1;
		} else if (sa == nullptr && !list_a && sb == nullptr && !list_b) {
			return 0;
		} else {
			// One list is longer: its items go on against missing ones.
			order = compare_item_to_null(a, ka, j) - compare_item_to_null(b, kb, j);
		}
		if (order != 0) {
			return order;
		}
	}
}

// Java's String.trim: drops characters up to ' ' from both ends.
std::string_view java_trim(std::string_view s) {
	while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') {
		s.remove_prefix(1);
	}
	while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') {
		s.remove_suffix(1);
	}
	return s;
}

int compare_text(std::string_view a, std::string_view b) {
	return compare_versions(MavenVersion(a), MavenVersion(b));
}

// One bracketed range; a missing bound is unbounded.
struct Restriction {
	std::optional<std::string_view> lower;
	bool lower_inclusive = false;
	std::optional<std::string_view> upper;
	bool upper_inclusive = false;

	bool contains(std::string_view version) const {
		if (lower) {
			int order = compare_text(*lower, version);
			if (order > 0 || (order == 0 && !lower_inclusive)) {
				return false;
			}
		}
		if (upper) {
			int order = compare_text(*upper, version);
			if (order < 0 || (order == 0 && !upper_inclusive)) {
				return false;
			}
		}
		return true;
	}
};

Error invalid_range(std::string_view spec, std::string_view why) {
	return make_error(ErrorCode::invalid_argument,
	                  "invalid maven version range '" + std::string(spec) + "': " + std::string(why));
}

// VersionRange.parseRestriction of "[...]" or "(...)" (brackets included).
Result<Restriction> parse_restriction(std::string_view spec, std::string_view whole) {
	Restriction r;
	r.lower_inclusive = spec.front() == '[';
	r.upper_inclusive = spec.back() == ']';
	std::string_view inside = java_trim(spec.substr(1, spec.size() - 2));
	size_t comma = inside.find(',');
	if (comma == std::string_view::npos) {
		if (!r.lower_inclusive || !r.upper_inclusive) {
			return invalid_range(whole, "single version must be surrounded by []");
		}
		r.lower = inside;
		r.upper = inside;
		return r;
	}
	std::string_view lower = java_trim(inside.substr(0, comma));
	std::string_view upper = java_trim(inside.substr(comma + 1));
	if (!lower.empty()) {
		r.lower = lower;
	}
	if (!upper.empty()) {
		r.upper = upper;
	}
	if (r.lower && r.upper) {
		// An empty range ("[1,1)") is refused as one that runs backwards.
		int order = compare_text(*r.upper, *r.lower);
		if (order < 0 || (order == 0 && !(r.lower_inclusive && r.upper_inclusive))) {
			return invalid_range(whole, "range defies version ordering");
		}
	}
	return r;
}

// VersionRange.createFromVersionSpec: a union of ranges, or one plain version, which Maven
// takes as a recommendation that any version satisfies. An empty spec has no ranges and
// is satisfied by none.
Result<std::vector<Restriction>> parse_range(std::string_view spec) {
	std::vector<Restriction> restrictions;
	std::string_view rest = spec;
	std::optional<std::string_view> previous_upper;
	while (!rest.empty() && (rest.front() == '[' || rest.front() == '(')) {
		size_t close_paren = rest.find(')');
		size_t close_bracket = rest.find(']');
		size_t end = std::min(close_paren, close_bracket);
		if (end == std::string_view::npos) {
			return invalid_range(spec, "unbounded range");
		}
		auto restriction = parse_restriction(rest.substr(0, end + 1), spec);
		BW_TRY(restriction);
		if (previous_upper &&
		    (!restriction->lower || compare_text(*restriction->lower, *previous_upper) < 0)) {
			return invalid_range(spec, "ranges overlap");
		}
		previous_upper = restriction->upper;
		restrictions.push_back(*restriction);
		rest = java_trim(rest.substr(end + 1));
		if (!rest.empty() && rest.front() == ',') {
			rest = java_trim(rest.substr(1));
		}
	}
	if (!rest.empty()) {
		if (!restrictions.empty()) {
			return invalid_range(spec, "only fully-qualified sets allowed in multiple set scenario");
		}
		restrictions.push_back(Restriction {});
	}
	return restrictions;
}

class MavenComparator final : public Comparator {
public:
	std::string_view ecosystem() const override {
		return kEcosystem;
	}

	Result<int> compare(std::string_view a, std::string_view b) const override {
		return compare_text(a, b);
	}

	Result<bool> satisfies(std::string_view version, std::string_view constraint) const override {
		auto restrictions = parse_range(constraint);
		BW_TRY(restrictions);
		for (const Restriction &r : *restrictions) {
			if (r.contains(version)) {
				return true;
			}
		}
		return false;
	}
};

} // namespace

const Comparator &maven_comparator() {
	static const MavenComparator comparator;
	return comparator;
}

} // namespace bulwark::version
