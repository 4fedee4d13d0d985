// apk: Alpine versions `digit{.digit}...{letter}{_suf{#}}...{~hash}{-r#}`, validated and
// ordered as apk-tools' src/version.c (the token_state parser of apk-tools 2.14 and 3.x;
// behaviour read from alpinelinux/apk-tools src/version.c and test/version.data, none of
// it copied). A version is a sequence of typed tokens; two versions compare token by
// token while the types agree:
//   - the first number and every number after '.', '_suffix' or '-r' compare by value,
//     except that a '.' number starting with '0' compares as a string ("1.05" < "1.1");
//   - a letter compares by its byte, a suffix by its rank
//     (alpha < beta < pre < rc < none < cvs < svn < git < hg < p), a ~hash bytewise.
// Where the types first differ, a pre-release suffix (alpha..rc) is older; otherwise the
// side whose token type comes earlier in the grammar (digit, letter, suffix, suffix
// number, hash, revision, end) is newer. Numbers wrap at 2^64 as apk's
// apk_blob_pull_uint does. Strings apk_version_validate refuses are refused.
#include <cstdint>

#include "version/version.h"
#include "version/version_text.h"

namespace bulwark::version {

namespace {

constexpr std::string_view kEcosystem = "apk";

enum class Token {
	initial_digit,
	digit,
	letter,
	suffix,
	suffix_number,
	commit_hash,
	revision,
	end,
	invalid,
};

// Ranks of the suffixes; `none` is the pivot between pre- and post-release ones.
enum Suffix { alpha, beta, pre, rc, none, cvs, svn, git, hg, p };

struct Cursor {
	explicit Cursor(std::string_view text) : rest(text) {
	}

	std::string_view rest;
	Token token = Token::initial_digit;
	Suffix suffix = none;
	uint64_t number = 0;
	std::string_view value;

	void read_number() {
		size_t n = 0;
		number = 0;
		while (n < rest.size() && is_digit(rest[n])) {
			number = number * 10 + static_cast<uint64_t>(rest[n] - '0');
			++n;
		}
		value = rest.substr(0, n);
		rest.remove_prefix(n);
		if (n == 0) {
			token = Token::invalid;
		}
	}

	void read_run(bool (*member)(char)) {
		size_t n = 0;
		while (n < rest.size() && member(rest[n])) {
			++n;
		}
		value = rest.substr(0, n);
		rest.remove_prefix(n);
	}

	void first() {
		token = Token::initial_digit;
		read_number();
	}

	// Reads the next token; a token the one before it does not allow becomes `invalid`.
	void next();
};

bool is_lower(char c) {
	return c >= 'a' && c <= 'z';
}

bool is_lower_hex(char c) {
	return is_digit(c) || (c >= 'a' && c <= 'f');
}

bool parse_suffix(std::string_view name, Suffix &out) {
	static constexpr std::pair<std::string_view, Suffix> kSuffixes[] = {
		{"alpha", alpha}, {"beta", beta}, {"pre", pre}, {"rc", rc}, {"cvs", cvs},
		{"svn", svn},     {"git", git},   {"hg", hg},   {"p", p},
	};
	for (const auto &[text, rank] : kSuffixes) {
		if (name == text) {
			out = rank;
			return true;
		}
	}
	return false;
}

void Cursor::next() {
	if (rest.empty()) {
		token = Token::end;
		return;
	}
	char c = rest[0];
	if (is_lower(c)) {
		if (token > Token::digit) {
			token = Token::invalid;
			return;
		}
		value = rest.substr(0, 1);
		rest.remove_prefix(1);
		token = Token::letter;
	} else if (c == '.' || is_digit(c)) {
		if (c == '.') {
			if (token > Token::digit) {
				token = Token::invalid;
				return;
			}
			rest.remove_prefix(1);
		}
		if (token == Token::initial_digit || token == Token::digit) {
			token = Token::digit;
		} else if (token == Token::suffix) {
			token = Token::suffix_number;
		} else {
			token = Token::invalid;
			return;
		}
		read_number();
	} else if (c == '_') {
		if (token > Token::suffix_number) {
			token = Token::invalid;
			return;
		}
		rest.remove_prefix(1);
		read_run(is_lower);
		token = parse_suffix(value, suffix) ? Token::suffix : Token::invalid;
	} else if (c == '~') {
		if (token >= Token::commit_hash) {
			token = Token::invalid;
			return;
		}
		rest.remove_prefix(1);
		read_run(is_lower_hex);
		token = value.empty() ? Token::invalid : Token::commit_hash;
	} else if (c == '-') {
		if (token >= Token::revision || rest.substr(0, 2) != "-r") {
			token = Token::invalid;
			return;
		}
		rest.remove_prefix(2);
		token = Token::revision;
		read_number();
	} else {
		token = Token::invalid;
	}
}

Status validate(std::string_view text) {
	Cursor c(text);
	for (c.first(); c.token < Token::end; c.next()) {
	}
	if (c.token != Token::end) {
		return invalid_version(kEcosystem, text, "not of the form digit{.digit}...{letter}{_suf{#}}...{~hash}{-r#}");
	}
	return {};
}

template <class T>
int three_way(T a, T b) {
	return (a > b) - (a < b);
}

// Two tokens of the same type.
int compare_tokens(const Cursor &a, const Cursor &b) {
	switch (a.token) {
	case Token::digit:
		if (a.value[0] == '0' || b.value[0] == '0') {
			return compare_bytes(a.value, b.value);
		}
		return three_way(a.number, b.number);
	case Token::initial_digit:
	case Token::suffix_number:
	case Token::revision:
		return three_way(a.number, b.number);
	case Token::letter:
		return three_way(a.value[0], b.value[0]);
	case Token::suffix:
		return three_way(a.suffix, b.suffix);
	default:
		return compare_bytes(a.value, b.value);
	}
}

class ApkComparator final : public Comparator {
public:
	std::string_view ecosystem() const override {
		return kEcosystem;
	}

	Result<int> compare(std::string_view a, std::string_view b) const override {
		BW_TRY(validate(a));
		BW_TRY(validate(b));
		Cursor ta(a);
		Cursor tb(b);
		for (ta.first(), tb.first(); ta.token == tb.token && ta.token < Token::end; ta.next(), tb.next()) {
			if (int order = compare_tokens(ta, tb); order != 0) {
				return order;
			}
		}
		if (ta.token == tb.token) {
			return 0;
		}
		if (ta.token == Token::suffix && ta.suffix < none) {
			return -1;
		}
		if (tb.token == Token::suffix && tb.suffix < none) {
			return 1;
		}
		return ta.token > tb.token ? -1 : 1;
	}
};

} // namespace

const Comparator &apk_comparator() {
	static const ApkComparator comparator;
	return comparator;
}

} // namespace bulwark::version
