// The compiled form of a RuleSet. Two engines, each doing what it is best at:
//   - one Hyperscan database holding every rule's pattern: the multi-pattern first pass over
//     all bytes (streamed, no backtracking, linear); it reports which rule matched where a
//     match ends, nothing more;
//   - per rule, an RE2 of the same pattern that re-matches only the short windows around
//     those reports (a window is bounded by the rule's maximum match width), exactly, with
//     the secret's capture group, also in linear time.
// Then the keyword, entropy and allow checks. The matcher keeps no per-scan state; the
// scanner (secret/scanner.h) owns streams, windows and line numbers.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "secret/rules.h"
#include "util/result.h"

struct hs_database;
struct hs_scratch;
namespace re2 {
class RE2;
}

namespace bulwark::secret {

// One confirmed match; offsets index the text handed to Matcher::confirm.
struct RuleMatch {
	size_t rule = 0;
	size_t match_begin = 0;
	size_t match_end = 0;
	size_t secret_begin = 0; // the (?P<secret>...) group, or the whole match
	size_t secret_end = 0;
};

class Matcher {
public:
	// Longest match a rule may have: windows, and so the re-match work, stay small.
	static constexpr uint32_t max_rule_width = 8192;

	// Fails (naming the rule) when a pattern does not compile in either engine, can match
	// unboundedly long text or the empty string, or has more than one secret group.
	static Result<std::unique_ptr<const Matcher>> compile(RuleSet rules);
	~Matcher();
	Matcher(const Matcher &) = delete;
	Matcher &operator=(const Matcher &) = delete;

	size_t rule_count() const {
		return rules_.size();
	}
	const Rule &rule(size_t index) const {
		return rules_[index].rule;
	}
	uint32_t width(size_t index) const {
		return rules_[index].max_width;
	}
	uint32_t max_width() const {
		return max_width_;
	}
	const hs_database *database() const {
		return database_;
	}
	// A scratch for one thread (clone it for each).
	const hs_scratch *scratch_prototype() const {
		return scratch_;
	}

	// Files never scanned (global allow paths).
	bool path_allowed(std::string_view path) const;
	// Whether rule `index` looks at this file (rules with `paths` look only at those).
	bool rule_applies(size_t index, std::string_view path) const;
	bool has_path_scoped_rules() const {
		return path_scoped_;
	}

	// Re-matches rule `index` in text[lo, hi) (bytes of `text` outside that range are context
	// for ^, $ and \b) and appends the non-overlapping matches that end at or after
	// `first_end` and pass the keyword, entropy and allow checks. Returns the end of the last
	// match found (accepted or not), or lo.
	size_t confirm(size_t index, std::string_view text, size_t lo, size_t hi, size_t first_end,
	               std::vector<RuleMatch> &out) const;

private:
	// A rule's RE2, compiled on first use when the rule set is known to be valid (its compiled
	// database came from the cache): most rules never match, and compiling all ~200 costs more
	// than scanning a small image.
	struct LazyRegex {
		std::once_flag once;
		std::unique_ptr<re2::RE2> re; // null if it did not compile (then the rule finds nothing)
		int secret_group = 0;         // 0: the whole match is the secret
	};
	struct Compiled {
		Rule rule;
		uint32_t max_width = 0;
		std::vector<std::unique_ptr<re2::RE2>> allow;
		std::unique_ptr<LazyRegex> regex; // set by compile
	};

	Matcher() = default;
	static Status check(Compiled &rule);
	const LazyRegex &regex(const Compiled &rule) const;
	bool accepted(const Compiled &rule, std::string_view match, std::string_view secret) const;

	std::vector<Compiled> rules_;
	std::vector<std::string> allow_paths_;
	std::vector<std::unique_ptr<re2::RE2>> allow_values_;
	bool path_scoped_ = false;
	uint32_t max_width_ = 0;
	hs_database *database_ = nullptr;
	hs_scratch *scratch_ = nullptr;
};

} // namespace bulwark::secret
