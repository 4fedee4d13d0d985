// npm: node-semver 7.x in its default mode (strict parsing, includePrerelease=false).
//
// Versions are what `semver.valid` accepts: trimmed, an optional leading 'v', SemVer 2.0.0,
// at most 256 characters, numbers up to 2^53-1. Ranges follow node-semver's own pipeline
// step by step (hyphen ranges, whitespace trimming, carets, tildes, x-ranges, stars), because
// its string rewriting decides what odd ranges mean and we must agree with it, not with the
// documentation. The steps name the node-semver functions they mirror.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "version/parsed.h"
#include "version/semver.h"
#include "version/version.h"

namespace bulwark::version {

namespace {

constexpr size_t kMaxLength = 256;                      // MAX_LENGTH
constexpr std::string_view kMaxSafeInteger = "9007199254740991"; // Number.MAX_SAFE_INTEGER
constexpr size_t kMaxNumberDigits = 257;                // 0|[1-9]\d{0,256}
constexpr size_t kMaxIdentifierTail = 250;              // [a-zA-Z0-9-]{0,250}

// ---- JavaScript string basics ----

// Length of the JavaScript whitespace character (\s) at `i`, in UTF-8 bytes; 0 if none.
size_t js_space_at(std::string_view s, size_t i) {
	auto byte = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
	unsigned c = byte(i);
	if (c == ' ' || (c >= '\t' && c <= '\r')) {
		return 1;
	}
	if (c == 0xC2 && byte(i + 1) == 0xA0) { // U+00A0
		return 2;
	}
	if (c == 0xE1 && byte(i + 1) == 0x9A && byte(i + 2) == 0x80) { // U+1680
		return 3;
	}
	if (c == 0xE2 && byte(i + 1) == 0x80) { // U+2000-200A, 2028, 2029, 202F
		unsigned d = byte(i + 2);
		return (d >= 0x80 && d <= 0x8A) || d == 0xA8 || d == 0xA9 || d == 0xAF ? 3 : 0;
	}
	if (c == 0xE2 && byte(i + 1) == 0x81 && byte(i + 2) == 0x9F) { // U+205F
		return 3;
	}
	if (c == 0xE3 && byte(i + 1) == 0x80 && byte(i + 2) == 0x80) { // U+3000
		return 3;
	}
	if (c == 0xEF && byte(i + 1) == 0xBB && byte(i + 2) == 0xBF) { // U+FEFF
		return 3;
	}
	return 0;
}

// String.prototype.trim followed by replace(/\s+/g, ' ').
std::string js_collapse_spaces(std::string_view s) {
	std::string out;
	out.reserve(s.size());
	bool pending_space = false;
	for (size_t i = 0; i < s.size();) {
		if (size_t n = js_space_at(s, i)) {
			pending_space = !out.empty();
			i += n;
			continue;
		}
		if (pending_space) {
			out += ' ';
			pending_space = false;
		}
		out += s[i++];
	}
	return out;
}

std::string_view js_trim(std::string_view s) {
	while (size_t n = js_space_at(s, 0)) {
		s.remove_prefix(n);
	}
	// Trailing whitespace: the longest suffix of whitespace characters.
	size_t end = 0;
	for (size_t i = 0; i < s.size();) {
		size_t n = js_space_at(s, i);
		i += n ? n : 1;
		if (!n) {
			end = i;
		}
	}
	return s.substr(0, end);
}

// String length as JavaScript counts it (UTF-16 code units).
size_t js_length(std::string_view s) {
	size_t units = 0;
	for (unsigned char c : s) {
		units += (c & 0xC0) != 0x80;
		units += c >= 0xF0;
	}
	return units;
}

bool is_digit(char c) {
	return c >= '0' && c <= '9';
}
bool is_letter(char c) {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_identifier_char(char c) {
	return is_digit(c) || is_letter(c) || c == '-';
}
char at(std::string_view s, size_t i) {
	return i < s.size() ? s[i] : '\0';
}

bool within_safe_integer(std::string_view digits) {
	return semver::compare_numbers(digits, kMaxSafeInteger) <= 0;
}

// `+digits + 1` as a decimal string. Values past 2^53 come out exact here where JavaScript
// would round; either way the comparator they end up in is refused for being too large.
std::string increment(std::string_view digits) {
	std::string out(digits);
	size_t i = out.size();
	while (i > 0 && out[i - 1] == '9') {
		out[--i] = '0';
	}
	if (i == 0) {
		out.insert(out.begin(), '1');
	} else {
		++out[i - 1];
	}
	return out;
}

// ---- versions ----

// new SemVer(text) in strict mode.
std::optional<semver::Version> parse_version(std::string_view text) {
	if (js_length(text) > kMaxLength) {
		return std::nullopt;
	}
	text = js_trim(text);
	if (!text.empty() && text[0] == 'v') {
		text.remove_prefix(1);
	}
	auto v = semver::parse(text);
	if (!v || !within_safe_integer(v->major) || !within_safe_integer(v->minor) || !within_safe_integer(v->patch)) {
		return std::nullopt;
	}
	return v;
}

int precedence(const semver::Version &a, const semver::Version &b) {
	return semver::compare(a, b, semver::NumericIdentifiers::javascript);
}

// ---- the regular expressions of internal/re.js, as matchers ----

// One prerelease identifier (PRERELEASEIDENTIFIER: the non-numeric form is tried first).
// Returns the end, or `i` when none starts there.
size_t prerelease_identifier_end(std::string_view s, size_t i) {
	size_t digits = semver::digit_run(s.substr(std::min(i, s.size())));
	if (digits <= kMaxLength && (is_letter(at(s, i + digits)) || at(s, i + digits) == '-')) {
		size_t end = i + digits + 1;
		size_t limit = end + kMaxIdentifierTail;
		while (end < limit && is_identifier_char(at(s, end))) {
			++end;
		}
		return end;
	}
	if (at(s, i) == '0') {
		return i + 1;
	}
	return digits > 0 ? i + std::min(digits, kMaxNumberDigits) : i;
}

// XRANGEIDENTIFIER: 0|[1-9]\d{0,256}|x|X|\*
size_t xrange_identifier_end(std::string_view s, size_t i) {
	char c = at(s, i);
	if (c == 'x' || c == 'X' || c == '*' || c == '0') {
		return i + 1;
	}
	if (is_digit(c)) {
		return i + std::min(semver::digit_run(s.substr(i)), kMaxNumberDigits);
	}
	return i;
}

// The captures of XRANGEPLAIN; absent parts are empty.
struct XRange {
	std::string_view whole; // including the [v=\s]* prefix
	std::string_view major, minor, patch, prerelease;
};

// isX: absent, x, X or *.
bool is_x(std::string_view part) {
	return part.empty() || part == "x" || part == "X" || part == "*";
}

// XRANGEPLAIN matched greedily at `start`: [v=\s]*XID(\.XID(\.XID(-PRERELEASE)?)?)?
// (build metadata was stripped before any of these run). Returns the end, or npos.
size_t match_xrange_plain(std::string_view s, size_t start, XRange &out) {
	size_t i = start;
	while (at(s, i) == 'v' || at(s, i) == '=' || at(s, i) == ' ') {
		++i;
	}
	std::string_view *parts[] = {&out.major, &out.minor, &out.patch};
	for (int k = 0; k < 3; ++k) {
		size_t from = k == 0 ? i : i + 1;
		if (k > 0 && at(s, i) != '.') {
			break;
		}
		size_t end = xrange_identifier_end(s, from);
		if (end == from) {
			if (k == 0) {
				return std::string_view::npos;
			}
			break;
		}
		*parts[k] = s.substr(from, end - from);
		i = end;
	}
	if (!out.patch.empty() && at(s, i) == '-') {
		size_t end = prerelease_identifier_end(s, i + 1);
		if (end > i + 1) {
			while (at(s, end) == '.') {
				size_t next = prerelease_identifier_end(s, end + 1);
				if (next == end + 1) {
					break;
				}
				end = next;
			}
			out.prerelease = s.substr(i + 1, end - i - 1);
			i = end;
		}
	}
	out.whole = s.substr(start, i - start);
	return i;
}

// GTLT: ((?:<|>)?=?)
std::string_view gtlt_prefix(std::string_view s) {
	size_t n = 0;
	if (at(s, 0) == '<' || at(s, 0) == '>') {
		++n;
	}
	if (at(s, n) == '=') {
		++n;
	}
	return s.substr(0, n);
}

// ---- Range.parseRange, step by step ----

// BUILDSTRIPRE, global: \+[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*
std::string strip_build_metadata(std::string_view s) {
	std::string out;
	out.reserve(s.size());
	for (size_t i = 0; i < s.size();) {
		if (s[i] == '+' && is_identifier_char(at(s, i + 1))) {
			size_t j = i + 1;
			while (is_identifier_char(at(s, j))) {
				++j;
			}
			while (at(s, j) == '.' && is_identifier_char(at(s, j + 1))) {
				++j;
				while (is_identifier_char(at(s, j))) {
					++j;
				}
			}
			i = j;
			continue;
		}
		out += s[i++];
	}
	return out;
}

// HYPHENRANGE with hyphenReplace: `1.2 - 3.4` => `>=1.2.0 <3.5.0-0`.
std::string replace_hyphen_range(const std::string &s) {
	XRange from, to;
	size_t i = at(s, 0) == ' ' ? 1 : 0;
	size_t from_end = match_xrange_plain(s, i, from);
	if (from_end == std::string_view::npos || s.compare(from_end, 3, " - ") != 0) {
		return s;
	}
	size_t to_end = match_xrange_plain(s, from_end + 3, to);
	if (to_end == std::string_view::npos) {
		return s;
	}
	if (at(s, to_end) == ' ') {
		++to_end;
	}
	if (to_end != s.size()) {
		return s;
	}
	std::string low;
	if (is_x(from.major)) {
	} else if (is_x(from.minor)) {
		low = ">=" + std::string(from.major) + ".0.0";
	} else if (is_x(from.patch)) {
		low = ">=" + std::string(from.major) + "." + std::string(from.minor) + ".0";
	} else {
		low = ">=" + std::string(from.whole);
	}
	std::string high;
	if (is_x(to.major)) {
	} else if (is_x(to.minor)) {
		high = "<" + increment(to.major) + ".0.0-0";
	} else if (is_x(to.patch)) {
		high = "<" + std::string(to.major) + "." + increment(to.minor) + ".0-0";
	} else if (!to.prerelease.empty()) {
		high = "<=" + std::string(to.major) + "." + std::string(to.minor) + "." + std::string(to.patch) + "-" +
		       std::string(to.prerelease);
	} else {
		high = "<=" + std::string(to.whole);
	}
	std::string joined = low + " " + high;
	return std::string(js_trim(joined));
}

// internal/trim-comparator-whitespace.js: `> 1.2.3 < 2` => `>1.2.3 <2`. Only ' ' is left as
// whitespace at this point.
struct DigitRuns {
	long start = -1, end = -1, previous_start = -1, previous_end = -1;
};

size_t digits_end(std::string_view s, size_t start, size_t limit, DigitRuns &runs) {
	if (!is_digit(at(s, start))) {
		return start;
	}
	long st = static_cast<long>(start);
	if (st >= runs.start && st < runs.end) {
		return std::min(start + limit, static_cast<size_t>(runs.end));
	}
	if (st >= runs.previous_start && st < runs.previous_end) {
		return std::min(start + limit, static_cast<size_t>(runs.previous_end));
	}
	size_t end = start + 1;
	while (is_digit(at(s, end))) {
		++end;
	}
	runs.previous_start = runs.start;
	runs.previous_end = runs.end;
	runs.start = st;
	runs.end = static_cast<long>(end);
	return std::min(start + limit, end);
}

size_t version_number_end(std::string_view s, size_t start, bool loose, DigitRuns &runs) {
	if (!loose && at(s, start) == '0') {
		return start + 1;
	}
	return digits_end(s, start, loose ? kMaxLength : kMaxLength + 1, runs);
}

size_t trim_prerelease_identifier_end(std::string_view s, size_t start, bool loose, DigitRuns &runs) {
	size_t d = digits_end(s, start, kMaxLength, runs);
	if (is_letter(at(s, d)) || at(s, d) == '-') {
		size_t end = d + 1;
		size_t limit = end + kMaxLength - 6;
		while (end < limit && is_identifier_char(at(s, end))) {
			++end;
		}
		return end;
	}
	return version_number_end(s, start, loose, runs);
}

size_t trim_prerelease_end(std::string_view s, size_t start, bool loose, DigitRuns &runs) {
	bool hyphen = at(s, start) == '-';
	if (!loose && !hyphen) {
		return start;
	}
	size_t id_start = start + (hyphen ? 1 : 0);
	size_t end = trim_prerelease_identifier_end(s, id_start, loose, runs);
	if (end == id_start) {
		if (!loose || !hyphen) {
			return start;
		}
		end = trim_prerelease_identifier_end(s, start, loose, runs);
	}
	while (at(s, end) == '.') {
		size_t next = trim_prerelease_identifier_end(s, end + 1, loose, runs);
		if (next == end + 1) {
			break;
		}
		end = next;
	}
	return end;
}

size_t trim_build_end(std::string_view s, size_t start) {
	auto identifier_end = [&](size_t from) {
		size_t end = from;
		while (end - from < kMaxLength - 6 && is_identifier_char(at(s, end))) {
			++end;
		}
		return end;
	};
	if (at(s, start) != '+') {
		return start;
	}
	size_t end = identifier_end(start + 1);
	if (end == start + 1) {
		return start;
	}
	while (at(s, end) == '.') {
		size_t next = identifier_end(end + 1);
		if (next == end + 1) {
			break;
		}
		end = next;
	}
	return end;
}

size_t loose_full_version_end(std::string_view s, size_t start, DigitRuns &runs) {
	size_t end = start;
	for (int component = 0; component < 3; ++component) {
		size_t next = version_number_end(s, end, true, runs);
		if (next == end) {
			return start;
		}
		end = next;
		if (component < 2) {
			if (at(s, end) != '.') {
				return start;
			}
			++end;
		}
	}
	return trim_build_end(s, trim_prerelease_end(s, end, true, runs));
}

bool is_version_start(char c) {
	return is_digit(c) || c == 'x' || c == 'X' || c == '*';
}

size_t partial_component_end(std::string_view s, size_t start, DigitRuns &runs) {
	if (is_digit(at(s, start))) {
		return version_number_end(s, start, false, runs);
	}
	return is_version_start(at(s, start)) ? start + 1 : start;
}

size_t partial_version_end(std::string_view s, size_t start, DigitRuns &runs) {
	size_t end = partial_component_end(s, start, runs);
	for (int component = 0; component < 2; ++component) {
		if (at(s, end) != '.') {
			return end;
		}
		size_t next = partial_component_end(s, end + 1, runs);
		if (next == end + 1) {
			return end;
		}
		end = next;
	}
	return trim_build_end(s, trim_prerelease_end(s, end, false, runs));
}

std::string trim_comparator_whitespace(std::string_view s) {
	std::string out;
	size_t copy_from = 0;
	size_t cursor = 0;
	DigitRuns runs;
	auto is_prefix = [](char c) { return c == 'v' || c == '=' || c == ' '; };
	while (cursor < s.size()) {
		size_t match_start = cursor;
		if (s[cursor] == '<' || s[cursor] == '>') {
			++cursor;
		} else if (!is_prefix(s[cursor]) && !is_version_start(s[cursor])) {
			++cursor;
			continue;
		}
		while (cursor < s.size() && is_prefix(s[cursor])) {
			++cursor;
		}
		if (!is_version_start(at(s, cursor))) {
			continue;
		}
		size_t position = match_start;
		if (at(s, position) == ' ') {
			++position;
		}
		if (at(s, position) == '<' || at(s, position) == '>') {
			++position;
		}
		if (at(s, position) == '=') {
			++position;
		}
		if (at(s, position) == ' ') {
			out.append(s.substr(copy_from, position - copy_from));
			copy_from = position + 1;
		}
		size_t full = loose_full_version_end(s, cursor, runs);
		cursor = full != cursor ? full : partial_version_end(s, cursor, runs);
	}
	out.append(s.substr(copy_from));
	return out;
}

// TILDETRIM / CARETTRIM, global: (\s?)~>?\s => $1~ and (\s?)\^\s => $1^
std::string trim_after_operator(std::string_view s, char op) {
	std::string out;
	out.reserve(s.size());
	for (size_t i = 0; i < s.size();) {
		size_t space = s[i] == ' ' ? 1 : 0;
		size_t j = i + space;
		if (at(s, j) == op) {
			size_t end = 0;
			if (op == '~' && at(s, j + 1) == '>' && at(s, j + 2) == ' ') {
				end = j + 3;
			} else if (at(s, j + 1) == ' ') {
				end = j + 2;
			}
			if (end) {
				out.append(space, ' ');
				out += op;
				i = end;
				continue;
			}
		}
		out += s[i++];
	}
	return out;
}

// JavaScript's s.split(/\s+/) (only ' ' is whitespace here), or s.split(' ') when runs of
// spaces are not one separator: leading or trailing spaces give empty pieces.
std::vector<std::string_view> split_spaces(std::string_view s, bool runs_are_one = true) {
	std::vector<std::string_view> pieces;
	size_t start = 0;
	for (size_t i = 0; i <= s.size(); ++i) {
		if (i == s.size() || s[i] == ' ') {
			pieces.push_back(s.substr(start, i - start));
			while (runs_are_one && i + 1 < s.size() && s[i + 1] == ' ') {
				++i;
			}
			start = i + 1;
		}
	}
	return pieces;
}

// words.split(/\s+/).map(replace).join(' ')
template <class Replace>
std::string map_words(std::string_view s, Replace replace) {
	std::string out;
	for (std::string_view word : split_spaces(s)) {
		out += replace(word);
		out += ' ';
	}
	out.pop_back();
	return out;
}

// The tail shared by TILDE and CARET: [v=\s]*XRANGEPLAIN to the end of the word.
bool match_whole_xrange(std::string_view word, size_t start, XRange &x) {
	return match_xrange_plain(word, start, x) == word.size();
}

std::string dotted(std::string_view a, std::string_view b, std::string_view c) {
	std::string out(a);
	out += '.';
	out += b;
	out += '.';
	out += c;
	return out;
}

// replaceTilde: ~1.2.3 => >=1.2.3 <1.3.0-0
std::string replace_tilde(std::string_view word) {
	XRange x;
	size_t start = word.starts_with("~>") ? 2 : word.starts_with("~") ? 1 : 0;
	if (start == 0 || !match_whole_xrange(word, start, x)) {
		return std::string(word);
	}
	if (is_x(x.major)) {
		return "";
	}
	if (is_x(x.minor)) {
		return ">=" + dotted(x.major, "0", "0") + " <" + dotted(increment(x.major), "0", "0-0");
	}
	if (is_x(x.patch)) {
		return ">=" + dotted(x.major, x.minor, "0") + " <" + dotted(x.major, increment(x.minor), "0-0");
	}
	std::string low = dotted(x.major, x.minor, x.patch);
	if (!x.prerelease.empty()) {
		low += "-" + std::string(x.prerelease);
	}
	return ">=" + low + " <" + dotted(x.major, increment(x.minor), "0-0");
}

// replaceCaret: ^1.2.3 => >=1.2.3 <2.0.0-0, ^0.2.3 => >=0.2.3 <0.3.0-0, ^0.0.3 => >=0.0.3 <0.0.4-0
std::string replace_caret(std::string_view word) {
	XRange x;
	if (!word.starts_with("^") || !match_whole_xrange(word, 1, x)) {
		return std::string(word);
	}
	if (is_x(x.major)) {
		return "";
	}
	if (is_x(x.minor)) {
		return ">=" + dotted(x.major, "0", "0") + " <" + dotted(increment(x.major), "0", "0-0");
	}
	if (is_x(x.patch)) {
		std::string high = x.major == "0" ? dotted(x.major, increment(x.minor), "0-0")
		                                  : dotted(increment(x.major), "0", "0-0");
		return ">=" + dotted(x.major, x.minor, "0") + " <" + high;
	}
	std::string low = dotted(x.major, x.minor, x.patch);
	if (!x.prerelease.empty()) {
		low += "-" + std::string(x.prerelease);
	}
	std::string high;
	if (x.major != "0") {
		high = dotted(increment(x.major), "0", "0-0");
	} else if (x.minor != "0") {
		high = dotted(x.major, increment(x.minor), "0-0");
	} else {
		high = dotted(x.major, x.minor, increment(x.patch) + "-0");
	}
	return ">=" + low + " <" + high;
}

// replaceXRange: 1.2.x => >=1.2.0 <1.3.0-0, >1.2 => >=1.3.0, <=1.x => <2.0.0-0, * => *
std::string replace_xrange(std::string_view word) {
	word = js_trim(word);
	std::string_view gtlt = gtlt_prefix(word);
	size_t start = gtlt.size() + (at(word, gtlt.size()) == ' ' ? 1 : 0);
	XRange x;
	if (!match_whole_xrange(word, start, x)) {
		return std::string(word);
	}
	if ((is_x(x.major) && !is_x(x.minor)) || (is_x(x.minor) && !x.patch.empty() && !is_x(x.patch))) {
		return std::string(word); // invalidXRangeOrder
	}
	bool x_major = is_x(x.major);
	bool x_minor = x_major || is_x(x.minor);
	bool any_x = x_minor || is_x(x.patch);
	std::string op(gtlt);
	if (op == "=" && any_x) {
		op.clear();
	}
	if (x_major) {
		return op == ">" || op == "<" ? "<0.0.0-0" : "*";
	}
	if (!op.empty() && any_x) {
		std::string major(x.major), minor = x_minor ? "0" : std::string(x.minor);
		if (op == ">") {
			op = ">=";
			if (x_minor) {
				major = increment(major);
				minor = "0";
			} else {
				minor = increment(minor);
			}
		} else if (op == "<=") {
			op = "<";
			if (x_minor) {
				major = increment(major);
			} else {
				minor = increment(minor);
			}
		}
		return op + dotted(major, minor, "0") + (op == "<" ? "-0" : "");
	}
	if (x_minor) {
		return ">=" + dotted(x.major, "0", "0") + " <" + dotted(increment(x.major), "0", "0-0");
	}
	if (any_x) {
		return ">=" + dotted(x.major, x.minor, "0") + " <" + dotted(x.major, increment(x.minor), "0-0");
	}
	return std::string(word);
}

// replaceStars: the first (<|>)?=?\s?\* is removed.
std::string replace_stars(std::string_view word) {
	std::string_view s = js_trim(word);
	for (size_t i = 0; i < s.size(); ++i) {
		size_t j = i;
		if (s[j] == '<' || s[j] == '>') {
			++j;
		}
		if (at(s, j) == '=') {
			++j;
		}
		if (at(s, j) == ' ') {
			++j;
		}
		if (at(s, j) == '*') {
			return std::string(s.substr(0, i)) + std::string(s.substr(j + 1));
		}
	}
	return std::string(s);
}

// parseComparator: carets, tildes, x-ranges and stars of one space-free word.
std::string parse_comparator_word(std::string_view word) {
	std::string carets = map_words(js_trim(word), replace_caret);
	std::string tildes = map_words(js_trim(carets), replace_tilde);
	std::string xranges = map_words(tildes, replace_xrange);
	return replace_stars(xranges);
}

// ---- comparators and their test ----

enum class Op { any, eq, lt, le, gt, ge };

struct RangeComparator {
	Op op = Op::any;
	semver::Version version;
};

// new Comparator(word): COMPARATOR = ^GTLT\s?(FULLPLAIN)$|^$
std::optional<RangeComparator> parse_comparator(std::string_view word) {
	if (word.empty()) {
		return RangeComparator {};
	}
	std::string_view gtlt = gtlt_prefix(word);
	std::string_view rest = word.substr(gtlt.size());
	if (rest.empty()) {
		return std::nullopt;
	}
	auto version = parse_version(rest);
	if (!version) {
		return std::nullopt;
	}
	static constexpr std::pair<std::string_view, Op> kOps[] = {
	    {"", Op::eq}, {"=", Op::eq}, {"<", Op::lt}, {"<=", Op::le}, {">", Op::gt}, {">=", Op::ge}};
	RangeComparator c;
	for (const auto &[text, op] : kOps) {
		if (gtlt == text) {
			c.op = op;
		}
	}
	c.version = *version;
	return c;
}

bool test(const RangeComparator &c, const semver::Version &v) {
	if (c.op == Op::any) {
		return true;
	}
	int order = precedence(v, c.version);
	switch (c.op) {
	case Op::eq:
		return order == 0;
	case Op::lt:
		return order < 0;
	case Op::le:
		return order <= 0;
	case Op::gt:
		return order > 0;
	case Op::ge:
		return order >= 0;
	case Op::any:
		break;
	}
	return true;
}

bool is_null_set(const RangeComparator &c) {
	return c.op == Op::lt && c.version.major == "0" && c.version.minor == "0" && c.version.patch == "0" &&
	       c.version.prerelease == "0";
}

// One comparator set (the words keep the text the versions point into).
struct ComparatorSet {
	std::vector<std::string> words;
	std::vector<RangeComparator> comparators;
	bool null = false; // contains <0.0.0-0: matches nothing
	bool any = false;  // only "any" comparators
};

Status parse_set(std::string_view part, ComparatorSet &set) {
	std::string range = strip_build_metadata(part);
	range = replace_hyphen_range(range);
	range = trim_comparator_whitespace(range);
	range = trim_after_operator(range, '~');
	range = trim_after_operator(range, '^');
	std::string expanded;
	bool first = true;
	for (std::string_view word : split_spaces(range, false)) {
		expanded += first ? "" : " ";
		expanded += parse_comparator_word(word);
		first = false;
	}
	for (std::string_view word : split_spaces(expanded)) {
		std::string_view trimmed = js_trim(word);
		// replaceGTE0: >=0.0.0 is the same as *.
		set.words.emplace_back(trimmed == ">=0.0.0" ? "" : std::string(trimmed));
	}
	set.any = true;
	for (const std::string &word : set.words) {
		auto c = parse_comparator(word);
		if (!c) {
			return make_error(ErrorCode::invalid_argument, "invalid npm comparator '" + word + "'");
		}
		set.null = set.null || is_null_set(*c);
		set.any = set.any && c->op == Op::any;
		set.comparators.push_back(*c);
	}
	return {};
}

bool test_set(const ComparatorSet &set, const semver::Version &v) {
	if (set.null) {
		return false;
	}
	for (const RangeComparator &c : set.comparators) {
		if (!test(c, v)) {
			return false;
		}
	}
	if (v.prerelease.empty()) {
		return true;
	}
	// A prerelease only matches a set that names a prerelease of the same major.minor.patch.
	for (const RangeComparator &c : set.comparators) {
		if (c.op != Op::any && !c.version.prerelease.empty() && c.version.major == v.major &&
		    c.version.minor == v.minor && c.version.patch == v.patch) {
			return true;
		}
	}
	return false;
}

class NpmComparator final : public Comparator {
public:
	std::string_view ecosystem() const override {
		return "npm";
	}

	Result<int> compare(std::string_view a, std::string_view b) const override {
		return compare_parsed(a, b, kKind, parse_version, precedence);
	}

	Result<bool> satisfies(std::string_view version, std::string_view constraint) const override {
		auto v = parse_version(version);
		if (!v) {
			return not_a_version(kKind, version);
		}
		std::string raw = js_collapse_spaces(constraint);
		std::vector<ComparatorSet> sets;
		for (size_t start = 0;;) {
			size_t bar = raw.find("||", start);
			std::string_view part = std::string_view(raw).substr(start, bar == std::string::npos ? bar : bar - start);
			BW_TRY(parse_set(js_trim(part), sets.emplace_back()));
			if (bar == std::string::npos) {
				break;
			}
			start = bar + 2;
		}
		// Range's constructor: with several sets, null sets are dropped (unless all are null),
		// and a set that is only "any" then stands for the whole range.
		if (sets.size() > 1) {
			size_t live = 0;
			const ComparatorSet *any = nullptr;
			for (const auto &set : sets) {
				if (!set.null) {
					++live;
					any = any ? any : (set.any ? &set : nullptr);
				}
			}
			if (live > 1 && any) {
				return test_set(*any, *v);
			}
		}
		for (const auto &set : sets) {
			if (test_set(set, *v)) {
				return true;
			}
		}
		return false;
	}

private:
	static constexpr std::string_view kKind = "an npm";
};

} // namespace

const Comparator &npm_comparator() {
	static const NpmComparator instance;
	return instance;
}

} // namespace bulwark::version
