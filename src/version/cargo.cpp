// Cargo: the semver crate (1.x) that Cargo and RustSec use.
//
// Versions are strict SemVer 2.0.0 with numbers that fit in 64 bits. Ordering is SemVer
// precedence: build metadata is ignored, as Cargo's requirement matching ignores it (the
// crate's own Ord would order it, which no advisory relies on). Requirements are the crate's
// syntax: comma-separated comparators, all of which must match, each `[op] major[.minor[.patch
// [-pre][+build]]]` with op one of = > >= < <= ~ ^ (default ^) and `*`/`x`/`X` wildcards;
// a lone `*` matches every release. RustSec's `patched = [">= 1.2.3", "^0.9.5"]` entries are
// one requirement each.
#include <cstdint>
#include <optional>
#include <string>

#include "version/parsed.h"
#include "version/semver.h"
#include "version/version.h"

namespace bulwark::version {

namespace {

constexpr size_t kMaxComparators = 32; // the crate refuses more

// A numeric identifier as the crate reads it: digits, no leading zero, no u64 overflow.
std::optional<uint64_t> number(std::string_view &text) {
	size_t n = semver::digit_run(text);
	if (n == 0 || (n > 1 && text[0] == '0')) {
		return std::nullopt;
	}
	uint64_t value = 0;
	for (size_t i = 0; i < n; ++i) {
		uint64_t digit = static_cast<uint64_t>(text[i] - '0');
		if (value > (UINT64_MAX - digit) / 10) {
			return std::nullopt;
		}
		value = value * 10 + digit;
	}
	text.remove_prefix(n);
	return value;
}

struct Version {
	uint64_t major, minor, patch;
	std::string_view prerelease;
};

std::optional<Version> parse_version(std::string_view text) {
	auto v = semver::parse(text);
	if (!v) {
		return std::nullopt;
	}
	auto major = number(v->major), minor = number(v->minor), patch = number(v->patch);
	if (!major || !minor || !patch) {
		return std::nullopt;
	}
	return Version {*major, *minor, *patch, v->prerelease};
}

int three_way(uint64_t a, uint64_t b) {
	return (a > b) - (a < b);
}

int compare_prerelease(std::string_view a, std::string_view b) {
	return semver::compare_prerelease(a, b);
}

enum class Op { exact, greater, greater_eq, less, less_eq, tilde, caret, wildcard };

struct Requirement {
	Op op;
	uint64_t major;
	std::optional<uint64_t> minor, patch;
	std::string_view prerelease;
};

void skip_spaces(std::string_view &text) {
	while (!text.empty() && text[0] == ' ') {
		text.remove_prefix(1);
	}
}

bool take(std::string_view &text, char c) {
	if (!text.empty() && text[0] == c) {
		text.remove_prefix(1);
		return true;
	}
	return false;
}

bool take_wildcard(std::string_view &text) {
	return take(text, '*') || take(text, 'x') || take(text, 'X');
}

// Dot-separated identifiers up to the first character that cannot continue them.
std::optional<std::string_view> identifiers(std::string_view &text, bool prerelease) {
	size_t end = 0;
	while (end < text.size() && (semver::build_identifier(text.substr(end, 1)) || text[end] == '.')) {
		++end;
	}
	std::string_view ids = text.substr(0, end);
	for (size_t start = 0; start <= ids.size();) {
		size_t dot = std::min(ids.find('.', start), ids.size());
		std::string_view id = ids.substr(start, dot - start);
		if (prerelease ? !semver::prerelease_identifier(id) : !semver::build_identifier(id)) {
			return std::nullopt;
		}
		start = dot + 1;
	}
	text.remove_prefix(end);
	return ids;
}

std::optional<Requirement> parse_requirement(std::string_view &text) {
	Requirement r {Op::caret, 0, std::nullopt, std::nullopt, {}};
	bool default_op = false;
	if (take(text, '=')) {
		r.op = Op::exact;
	} else if (take(text, '>')) {
		r.op = take(text, '=') ? Op::greater_eq : Op::greater;
	} else if (take(text, '<')) {
		r.op = take(text, '=') ? Op::less_eq : Op::less;
	} else if (take(text, '~')) {
		r.op = Op::tilde;
	} else if (take(text, '^')) {
		r.op = Op::caret;
	} else {
		default_op = true;
	}
	skip_spaces(text);
	auto major = number(text);
	if (!major) {
		return std::nullopt;
	}
	r.major = *major;
	bool wildcard = false;
	if (take(text, '.')) {
		if (take_wildcard(text)) {
			wildcard = true;
			r.op = default_op ? Op::wildcard : r.op;
		} else if (!(r.minor = number(text))) {
			return std::nullopt;
		}
	}
	if (take(text, '.')) {
		if (take_wildcard(text)) {
			r.op = default_op ? Op::wildcard : r.op;
		} else if (wildcard || !(r.patch = number(text))) {
			return std::nullopt;
		}
	}
	if (r.patch && take(text, '-')) {
		auto pre = identifiers(text, true);
		if (!pre) {
			return std::nullopt;
		}
		r.prerelease = *pre;
	}
	if (r.patch && take(text, '+') && !identifiers(text, false)) {
		return std::nullopt;
	}
	skip_spaces(text);
	return r;
}

// The crate's matches_exact / matches_greater / matches_less: missing parts match anything.
bool exact(const Requirement &r, const Version &v) {
	return v.major == r.major && (!r.minor || v.minor == *r.minor) && (!r.patch || v.patch == *r.patch) &&
	       v.prerelease == r.prerelease;
}

// -1/1 when v is below/above r on the parts r names, 0 when equal there, and `missing`
// when r stops before a differing part.
int order(const Requirement &r, const Version &v, int missing) {
	if (v.major != r.major) {
		return three_way(v.major, r.major);
	}
	if (!r.minor) {
		return missing;
	}
	if (v.minor != *r.minor) {
		return three_way(v.minor, *r.minor);
	}
	if (!r.patch) {
		return missing;
	}
	if (v.patch != *r.patch) {
		return three_way(v.patch, *r.patch);
	}
	return compare_prerelease(v.prerelease, r.prerelease);
}

bool matches(const Requirement &r, const Version &v) {
	switch (r.op) {
	case Op::exact:
	case Op::wildcard:
		return exact(r, v);
	case Op::greater:
		return order(r, v, 0) > 0;
	case Op::greater_eq:
		return exact(r, v) || order(r, v, 0) > 0;
	case Op::less:
		return order(r, v, 0) < 0;
	case Op::less_eq:
		return exact(r, v) || order(r, v, 0) < 0;
	case Op::tilde:
		if (v.major != r.major || (r.minor && v.minor != *r.minor)) {
			return false;
		}
		if (r.patch && v.patch != *r.patch) {
			return v.patch > *r.patch;
		}
		return compare_prerelease(v.prerelease, r.prerelease) >= 0;
	case Op::caret:
		if (v.major != r.major) {
			return false;
		}
		if (!r.minor) {
			return true;
		}
		if (!r.patch) {
			return r.major > 0 ? v.minor >= *r.minor : v.minor == *r.minor;
		}
		if (r.major > 0) {
			if (v.minor != *r.minor) {
				return v.minor > *r.minor;
			}
			if (v.patch != *r.patch) {
				return v.patch > *r.patch;
			}
		} else if (*r.minor > 0) {
			if (v.minor != *r.minor) {
				return false;
			}
			if (v.patch != *r.patch) {
				return v.patch > *r.patch;
			}
		} else if (v.minor != *r.minor || v.patch != *r.patch) {
			return false;
		}
		return compare_prerelease(v.prerelease, r.prerelease) >= 0;
	}
	return false;
}

class CargoComparator final : public Comparator {
public:
	std::string_view ecosystem() const override {
		return "cargo";
	}

	Result<int> compare(std::string_view a, std::string_view b) const override {
		return compare_parsed(a, b, kKind, parse_version, [](const Version &x, const Version &y) {
			if (x.major != y.major || x.minor != y.minor || x.patch != y.patch) {
				return x.major != y.major   ? three_way(x.major, y.major)
				       : x.minor != y.minor ? three_way(x.minor, y.minor)
				                            : three_way(x.patch, y.patch);
			}
			return compare_prerelease(x.prerelease, y.prerelease);
		});
	}

	Result<bool> satisfies(std::string_view version, std::string_view constraint) const override {
		auto v = parse_version(version);
		if (!v) {
			return not_a_version(kKind, version);
		}
		std::string_view text = constraint;
		skip_spaces(text);
		if (take_wildcard(text)) {
			skip_spaces(text);
			if (!text.empty()) {
				return invalid_requirement(constraint);
			}
			return v->prerelease.empty();
		}
		bool all = true;
		bool prerelease_named = false; // a comparator names a prerelease of v's major.minor.patch
		for (size_t count = 1;; ++count) {
			auto r = parse_requirement(text);
			if (!r || count > kMaxComparators) {
				return invalid_requirement(constraint);
			}
			all = all && matches(*r, *v);
			prerelease_named = prerelease_named || (r->major == v->major && r->minor == v->minor &&
			                                        r->patch == v->patch && !r->prerelease.empty());
			if (text.empty()) {
				break;
			}
			if (!take(text, ',')) {
				return invalid_requirement(constraint);
			}
			skip_spaces(text);
		}
		return all && (v->prerelease.empty() || prerelease_named);
	}

private:
	static constexpr std::string_view kKind = "a Cargo";
	static Error invalid_requirement(std::string_view text) {
		return make_error(ErrorCode::invalid_argument, "not a Cargo version requirement: '" + std::string(text) + "'");
	}
};

} // namespace

const Comparator &cargo_comparator() {
	static const CargoComparator instance;
	return instance;
}

} // namespace bulwark::version
