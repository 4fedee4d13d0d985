#include "secret/matcher.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <fnmatch.h>
#include <hs/hs.h>
#include <re2/re2.h>

#include "secret/database_cache.h"
#include "secret/entropy.h"

namespace bulwark::secret {

namespace {

constexpr unsigned hs_flags = HS_FLAG_MULTILINE;

// Bytes, not UTF-8: files are whatever they are (invalid UTF-8 included), and Hyperscan
// without HS_FLAG_UTF8 reads bytes too, so both engines see the same text.
RE2::Options re2_options() {
	RE2::Options options;
	options.set_encoding(RE2::Options::EncodingLatin1);
	options.set_log_errors(false);
	options.set_max_mem(4 << 20);
	return options;
}

Error rule_error(const std::string &id, const std::string &message) {
	return make_error(ErrorCode::invalid_argument, "secret rule '" + id + "': " + message);
}

Result<std::unique_ptr<re2::RE2>> compile_re2(const std::string &pattern, const std::string &id,
                                              const std::string &what) {
	auto re = std::make_unique<re2::RE2>(pattern, re2_options());
	if (!re->ok()) {
		return rule_error(id, what + " does not compile: " + re->error());
	}
	return re;
}

// The widths Hyperscan computes for a pattern, checked: a match must be non-empty and of
// bounded length (the re-match window is the rule's maximum width).
Result<uint32_t> checked_max_width(const Rule &rule) {
	hs_expr_info_t *info = nullptr;
	hs_compile_error_t *error = nullptr;
	if (hs_expression_info(rule.regex.c_str(), hs_flags, &info, &error) != HS_SUCCESS) {
		std::string message = error ? error->message : "unknown error";
		hs_free_compile_error(error);
		return rule_error(rule.id, "regex is not supported by Hyperscan: " + message);
	}
	const uint32_t min_width = info->min_width;
	const uint32_t max_width = info->max_width;
	std::free(info);
	if (min_width == 0) {
		return rule_error(rule.id, "regex can match the empty string");
	}
	if (max_width == UINT_MAX || max_width > Matcher::max_rule_width) {
		return rule_error(rule.id, "regex can match more than " + std::to_string(Matcher::max_rule_width) +
		                               " bytes; bound every repetition ({m,n} instead of * or +)");
	}
	return max_width;
}

// Case-insensitive search without copying: this runs for every re-matched candidate.
bool contains_keyword(std::string_view match, const std::vector<std::string> &keywords) {
	auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
	for (const std::string &keyword : keywords) {
		if (keyword.size() > match.size()) {
			continue;
		}
		for (size_t i = 0; i + keyword.size() <= match.size(); ++i) {
			size_t k = 0;
			while (k < keyword.size() && lower(match[i + k]) == keyword[k]) {
				++k;
			}
			if (k == keyword.size()) {
				return true;
			}
		}
	}
	return false;
}

bool glob_matches(const std::vector<std::string> &globs, std::string_view path) {
	const std::string p(path);
	return std::any_of(globs.begin(), globs.end(), [&](const std::string &g) { return ::fnmatch(g.c_str(), p.c_str(), 0) == 0; });
}

} // namespace

// The checks a new rule set passes once (its database is then cached): both engines accept the
// pattern, its width is bounded, its only named group is the secret.
Status Matcher::check(Compiled &c) {
	auto re = compile_re2("(?m)" + c.rule.regex, c.rule.id, "regex");
	if (!re.ok()) {
		return re.error();
	}
	auto width = checked_max_width(c.rule);
	if (!width.ok()) {
		return width.error();
	}
	c.max_width = *width;
	for (const auto &[name, index] : (*re)->NamedCapturingGroups()) {
		if (name != "secret") {
			return rule_error(c.rule.id, "the only named group a rule may have is (?P<secret>...), not '" + name + "'");
		}
	}
	return {};
}

const Matcher::LazyRegex &Matcher::regex(const Compiled &c) const {
	std::call_once(c.regex->once, [&c] {
		auto re = std::make_unique<re2::RE2>("(?m)" + c.rule.regex, re2_options());
		if (!re->ok()) {
			return;
		}
		const auto &named = re->NamedCapturingGroups();
		if (auto it = named.find("secret"); it != named.end()) {
			c.regex->secret_group = it->second;
		}
		c.regex->re = std::move(re);
	});
	return *c.regex;
}

Result<std::unique_ptr<const Matcher>> Matcher::compile(RuleSet set) {
	std::unique_ptr<Matcher> m(new Matcher());
	m->rules_.reserve(set.rules.size());
	PatternSet patterns;
	patterns.mode = HS_MODE_STREAM;
	for (auto &rule : set.rules) {
		Compiled c;
		c.regex = std::make_unique<LazyRegex>();
		for (const auto &allow : rule.allow) {
			auto allow_re = compile_re2(allow, rule.id, "allow regex '" + allow + "'");
			if (!allow_re.ok()) {
				return allow_re.error();
			}
			c.allow.push_back(std::move(*allow_re));
		}
		m->path_scoped_ = m->path_scoped_ || !rule.paths.empty();
		patterns.patterns.push_back(rule.regex);
		patterns.flags.push_back(hs_flags);
		c.rule = std::move(rule);
		m->rules_.push_back(std::move(c));
	}
	for (const auto &value : set.allow_values) {
		auto re = compile_re2(value, "allow", "allow value '" + value + "'");
		if (!re.ok()) {
			return re.error();
		}
		m->allow_values_.push_back(std::move(*re));
	}
	m->allow_paths_ = std::move(set.allow_paths);
	if (m->rules_.empty()) {
		return make_error(ErrorCode::invalid_argument, "no secret rules left to run");
	}

	auto compiled = load_compiled(patterns);
	if (!compiled) {
		std::vector<uint32_t> widths;
		for (auto &c : m->rules_) {
			BW_TRY(check(c));
			widths.push_back(c.max_width);
		}
		int failed = -1;
		auto database = compile_and_store(patterns, std::move(widths), &failed);
		if (!database.ok()) {
			if (failed >= 0 && static_cast<size_t>(failed) < m->rules_.size()) {
				return rule_error(m->rules_[static_cast<size_t>(failed)].rule.id, "Hyperscan: " + database.error().message);
			}
			return make_error(ErrorCode::internal, "compiling the secret rules: " + database.error().message);
		}
		compiled = std::move(*database);
	}
	m->database_ = compiled->database;
	for (size_t i = 0; i < m->rules_.size(); ++i) {
		m->rules_[i].max_width = compiled->max_widths[i];
		m->max_width_ = std::max(m->max_width_, compiled->max_widths[i]);
	}
	if (hs_alloc_scratch(m->database_, &m->scratch_) != HS_SUCCESS) {
		return make_error(ErrorCode::internal, "cannot allocate Hyperscan scratch space");
	}
	return std::unique_ptr<const Matcher>(std::move(m));
}

Matcher::~Matcher() {
	hs_free_scratch(scratch_);
	hs_free_database(database_);
}

bool Matcher::path_allowed(std::string_view path) const {
	return glob_matches(allow_paths_, path);
}

bool Matcher::rule_applies(size_t index, std::string_view path) const {
	const auto &paths = rules_[index].rule.paths;
	return paths.empty() || glob_matches(paths, path);
}

bool Matcher::accepted(const Compiled &c, std::string_view match, std::string_view secret) const {
	if (!contains_keyword(match, c.rule.keywords)) {
		return false;
	}
	if (c.rule.entropy > 0 && shannon_entropy(secret) < c.rule.entropy) {
		return false;
	}
	const re2::StringPiece piece(secret.data(), secret.size());
	auto allows = [&](const std::unique_ptr<re2::RE2> &re) { return re2::RE2::PartialMatch(piece, *re); };
	return std::none_of(c.allow.begin(), c.allow.end(), allows) &&
	       std::none_of(allow_values_.begin(), allow_values_.end(), allows);
}

size_t Matcher::confirm(size_t index, std::string_view text, size_t lo, size_t hi, size_t first_end,
                        std::vector<RuleMatch> &out) const {
	const Compiled &c = rules_[index];
	const LazyRegex &lazy = regex(c);
	if (!lazy.re) {
		return lo;
	}
	const re2::StringPiece whole(text.data(), text.size());
	// Only the whole match and the secret group are asked for (RE2 fills the ones in between).
	std::array<re2::StringPiece, 8> few;
	std::vector<re2::StringPiece> many;
	const size_t wanted = static_cast<size_t>(lazy.secret_group) + 1;
	if (wanted > few.size()) {
		many.resize(wanted);
	}
	re2::StringPiece *groups = wanted > few.size() ? many.data() : few.data();
	size_t pos = lo;
	size_t last = lo;
	while (pos < hi) {
		if (!lazy.re->Match(whole, pos, hi, re2::RE2::UNANCHORED, groups, static_cast<int>(wanted))) {
			break;
		}
		const size_t begin = static_cast<size_t>(groups[0].data() - text.data());
		const size_t end = begin + groups[0].size();
		last = end;
		if (end >= first_end) {
			const re2::StringPiece &secret = lazy.secret_group && groups[wanted - 1].data() ? groups[wanted - 1] : groups[0];
			const size_t secret_begin = static_cast<size_t>(secret.data() - text.data());
			if (accepted(c, text.substr(begin, end - begin), std::string_view(secret.data(), secret.size()))) {
				out.push_back({index, begin, end, secret_begin, secret_begin + secret.size()});
			}
		}
		pos = end > begin ? end : begin + 1;
	}
	return last;
}

} // namespace bulwark::secret
