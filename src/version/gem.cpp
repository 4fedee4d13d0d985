// gem: RubyGems versions and requirements as Gem::Version and Gem::Requirement of
// RubyGems 3.3 (Ruby 3.1) define them.
//
// A version matches /\A\s*([0-9]+(?>\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)?\s*\z/
// (blank means "0"). Its segments are the runs of digits or letters, each '-' counting as
// a segment "pre" (RubyGems rewrites '-' to ".pre."). Versions compare by their canonical
// segments: the numbers before the first letter segment, and the segments from there on,
// each without trailing zeros ("1.0" == "1", "1.0.a" == "1.a"); a missing segment counts
// as 0, letters sort before numbers, letters compare bytewise, numbers by value.
//
// A constraint is a comma-separated list of requirements ("op version", op one of = != >
// < >= <= ~>, default =), all of which must hold, as ruby-advisory-db and bundler-audit
// write them ("~> 5.2.4, >= 5.2.4.3"). "~> r" holds for v >= r whose release (v without
// its letter segments) is below r bumped (r without its letter segments and its last
// segment, then the new last segment + 1: "~> 1.2.3" is >= 1.2.3, < 1.3).
#include <optional>
#include <vector>

#include "version/version.h"
#include "version/version_text.h"

namespace bulwark::version {

namespace {

constexpr std::string_view kEcosystem = "gem";

bool is_ruby_space(char c) {
	return c == ' ' || (c >= '\t' && c <= '\r');
}

bool is_alnum(char c) {
	return is_digit(c) || is_alpha(c);
}

std::string_view trim_ruby_space(std::string_view s) {
	while (!s.empty() && is_ruby_space(s.front())) {
		s.remove_prefix(1);
	}
	while (!s.empty() && is_ruby_space(s.back())) {
		s.remove_suffix(1);
	}
	return s;
}

// Whether `core` (no surrounding white space) matches Gem::Version::VERSION_PATTERN.
bool matches_version_pattern(std::string_view core) {
	size_t i = 0;
	while (i < core.size() && is_digit(core[i])) {
		++i;
	}
	if (i == 0) {
		return false;
	}
	while (i < core.size() && core[i] == '.') {
		size_t start = ++i;
		while (i < core.size() && is_alnum(core[i])) {
			++i;
		}
		if (i == start) {
			return false;
		}
	}
	if (i == core.size()) {
		return true;
	}
	if (core[i] != '-') {
		return false;
	}
	// "-" then chunks of [0-9A-Za-z-]+ separated by single dots.
	++i;
	size_t chunk = 0;
	for (; i < core.size(); ++i) {
		if (core[i] == '.') {
			if (chunk == 0) {
				return false;
			}
			chunk = 0;
		} else if (is_alnum(core[i]) || core[i] == '-') {
			++chunk;
		} else {
			return false;
		}
	}
	return chunk > 0;
}

// The version text RubyGems keeps: stripped, "" turned into "0"; nullopt when malformed.
std::optional<std::string_view> version_core(std::string_view text) {
	std::string_view core = trim_ruby_space(text);
	if (core.empty()) {
		return std::string_view("0");
	}
	if (!matches_version_pattern(core)) {
		return std::nullopt;
	}
	return core;
}

struct Segment {
	bool numeric = true;
	std::string_view text; // digits (possibly with leading zeros) or letters

	bool is_zero() const {
		return numeric && strip_leading_zeros(text).empty();
	}
};

// Walks the segments of a version core in order.
class SegmentReader {
public:
	explicit SegmentReader(std::string_view core) : rest_(core) {
	}

	bool next(Segment &out) {
		while (!rest_.empty() && !is_alnum(rest_[0]) && rest_[0] != '-') {
			rest_.remove_prefix(1);
		}
		if (rest_.empty()) {
			return false;
		}
		if (rest_[0] == '-') {
			rest_.remove_prefix(1);
			out = {false, "pre"};
			return true;
		}
		bool numeric = is_digit(rest_[0]);
		size_t n = 0;
		while (n < rest_.size() && (numeric ? is_digit(rest_[n]) : is_alpha(rest_[n]))) {
			++n;
		}
		out = {numeric, rest_.substr(0, n)};
		rest_.remove_prefix(n);
		return true;
	}

private:
	std::string_view rest_;
};

// Walks the canonical segments: the numbers before the first letter segment and the
// segments from it on, each part without its trailing zeros.
class CanonicalReader {
public:
	explicit CanonicalReader(std::string_view core) : reader_(core) {
		SegmentReader scan(core);
		Segment s;
		for (size_t k = 0; scan.next(s); ++k) {
			if (!s.numeric && letters_start_ == kNone) {
				letters_start_ = k;
			}
			if (!s.is_zero()) {
				(letters_start_ == kNone ? numbers_end_ : letters_end_) = k + 1;
			}
		}
	}

	bool next(Segment &out) {
		while (reader_.next(out)) {
			size_t k = index_++;
			bool in_numbers = k < numbers_end_;
			bool in_letters = letters_start_ != kNone && k >= letters_start_ && k < letters_end_;
			if (in_numbers || in_letters) {
				return true;
			}
			if (letters_start_ == kNone ? k >= numbers_end_ : k >= letters_end_) {
				return false;
			}
		}
		return false;
	}

private:
	static constexpr size_t kNone = static_cast<size_t>(-1);
	SegmentReader reader_;
	size_t index_ = 0;
	size_t numbers_end_ = 0;
	size_t letters_start_ = kNone;
	size_t letters_end_ = 0;
};

int compare_cores(std::string_view a, std::string_view b) {
	if (a == b) {
		return 0;
	}
	CanonicalReader ra(a);
	CanonicalReader rb(b);
	const Segment zero {true, "0"};
	for (;;) {
		Segment sa;
		Segment sb;
		bool has_a = ra.next(sa);
		bool has_b = rb.next(sb);
		if (!has_a && !has_b) {
			return 0;
		}
		if (!has_a) {
			sa = zero;
		}
		if (!has_b) {
			sb = zero;
		}
		if (sa.numeric != sb.numeric) {
			return sa.numeric ? 1 : -1;
		}
		int order = sa.numeric ? compare_digit_runs(sa.text, sb.text) : compare_bytes(sa.text, sb.text);
		if (order != 0) {
			return order;
		}
	}
}

Result<std::string_view> parse_version(std::string_view text) {
	auto core = version_core(text);
	if (!core) {
		return invalid_version(kEcosystem, text, "Malformed version number string");
	}
	return *core;
}

// The segments before the first letter segment, as RubyGems joins them back into a
// version ("01.2.a" → "1.2"), with the last one increased by one when `bump`.
std::string numeric_prefix(std::string_view core, bool bump) {
	std::vector<std::string_view> numbers;
	SegmentReader reader(core);
	Segment s;
	while (reader.next(s) && s.numeric) {
		numbers.push_back(strip_leading_zeros(s.text));
	}
	std::string last;
	if (bump) {
		if (numbers.size() > 1) {
			numbers.pop_back();
		}
		// Decimal + 1 on a number of any length.
		last = std::string(numbers.back());
		size_t i = last.size();
		while (i > 0 && last[i - 1] == '9') {
			last[--i] = '0';
		}
		if (i == 0) {
			last.insert(last.begin(), '1');
		} else {
			++last[i - 1];
		}
		numbers.back() = last;
	}
	std::string joined;
	for (std::string_view n : numbers) {
		joined += joined.empty() ? "" : ".";
		joined += n.empty() ? "0" : n;
	}
	return joined;
}

// A letter anywhere, counting the "pre" each '-' stands for.
bool is_prerelease(std::string_view core) {
	for (char c : core) {
		if (is_alpha(c) || c == '-') {
			return true;
		}
	}
	return false;
}

struct Requirement {
	std::string_view op;
	std::string_view version;
};

Result<Requirement> parse_requirement(std::string_view text) {
	static constexpr std::string_view kOps[] = {"!=", ">=", "<=", "~>", "=", ">", "<"};
	std::string_view rest = trim_ruby_space(text);
	Requirement requirement {"=", {}};
	for (std::string_view op : kOps) {
		if (rest.substr(0, op.size()) == op) {
			requirement.op = op;
			rest = trim_ruby_space(rest.substr(op.size()));
			break;
		}
	}
	if (!matches_version_pattern(rest)) {
		return make_error(ErrorCode::invalid_argument, "invalid gem requirement '" + std::string(text) +
		                                                   "': expected [op] version, op one of = != > < >= <= ~>");
	}
	requirement.version = rest;
	return requirement;
}

bool holds(std::string_view version, const Requirement &r) {
	int order = compare_cores(version, r.version);
	if (r.op == "=") {
		return order == 0;
	}
	if (r.op == "!=") {
		return order != 0;
	}
	if (r.op == ">") {
		return order > 0;
	}
	if (r.op == "<") {
		return order < 0;
	}
	if (r.op == ">=") {
		return order >= 0;
	}
	if (r.op == "<=") {
		return order <= 0;
	}
	// "~>"
	if (order < 0) {
		return false;
	}
	std::string release = is_prerelease(version) ? numeric_prefix(version, false) : std::string(version);
	return compare_cores(release, numeric_prefix(r.version, true)) < 0;
}

class GemComparator final : public Comparator {
public:
	std::string_view ecosystem() const override {
		return kEcosystem;
	}

	Result<int> compare(std::string_view a, std::string_view b) const override {
		auto ca = parse_version(a);
		BW_TRY(ca);
		auto cb = parse_version(b);
		BW_TRY(cb);
		return compare_cores(*ca, *cb);
	}

	Result<bool> satisfies(std::string_view version, std::string_view constraint) const override {
		auto core = parse_version(version);
		BW_TRY(core);
		std::vector<Requirement> requirements;
		size_t start = 0;
		for (;;) {
			size_t comma = constraint.find(',', start);
			auto requirement = parse_requirement(constraint.substr(start, comma - start));
			BW_TRY(requirement);
			requirements.push_back(*requirement);
			if (comma == std::string_view::npos) {
				break;
			}
			start = comma + 1;
		}
		for (const Requirement &r : requirements) {
			if (!holds(*core, r)) {
				return false;
			}
		}
		return true;
	}
};

} // namespace

const Comparator &gem_comparator() {
	static const GemComparator comparator;
	return comparator;
}

} // namespace bulwark::version
