// The npm comparator against node-semver itself (semver.valid/compare, new Range(r).test(v)):
// curated edge cases plus thousands of generated versions and ranges, one node run per batch.
#include <gtest/gtest.h>

#include "support/version_oracle.h"
#include "version/version.h"

namespace bulwark {
namespace {

using testing::Picker;
using testing::Question;

const version::Comparator &npm() {
	return *version::comparator_for("npm");
}

// Mostly ordinary parts; each list ends with a few that node-semver refuses or rounds.
const std::vector<std::string> kNumbers = {"0", "1", "2", "3", "10", "9007199254740991"};
const std::vector<std::string> kOddNumbers = {"01", "00", "9007199254740992", "99999999999999999999"};
const std::vector<std::string> kIdentifiers = {"alpha", "beta", "rc", "0", "1", "2", "10", "-", "a-b", "x", "1a",
                                               "A", "beta2", "9007199254740993", "9007199254740992"};
const std::vector<std::string> kOddIdentifiers = {"01", "00", "", "a_b", "99999999999999999999"};
const std::vector<std::string> kSpaces = {" ", "  ", "\v", "\f", "\xC2\xA0", "\xE2\x80\x83", "\xEF\xBB\xBF"};

std::string identifier(Picker &p) {
	return p.chance(4) ? p.pick(kOddIdentifiers) : p.pick(kIdentifiers);
}

std::string dotted_identifiers(Picker &p, size_t max) {
	std::string out = identifier(p);
	for (size_t n = p.below(max); n > 0; --n) {
		out += "." + identifier(p);
	}
	return out;
}

std::string number(Picker &p) {
	return p.chance(3) ? p.pick(kOddNumbers) : p.pick(kNumbers);
}

// Mostly valid versions, with the prefixes, spaces and limits node-semver cares about.
std::string generate_version(Picker &p) {
	std::string v;
	if (p.chance(10)) {
		v += p.pick(std::vector<std::string> {"v", "v", "v", "=", "V", "v=", "vv"});
	}
	v += number(p) + "." + number(p) + "." + number(p);
	if (p.chance(3)) {
		v = p.pick(std::vector<std::string> {"1", "1.2", "1.2.3.4", "x.1.2", "1.2.x", ""});
	}
	if (p.chance(45)) {
		v += (p.chance(95) ? "-" : "") + dotted_identifiers(p, 3);
	}
	if (p.chance(15)) {
		v += "+" + dotted_identifiers(p, 2);
	}
	if (p.chance(4)) {
		v = p.pick(kSpaces) + v;
	}
	if (p.chance(4)) {
		v += p.pick(kSpaces);
	}
	if (p.chance(2)) {
		v += "-" + std::string(240, 'a');
	}
	return v;
}

// Small numbers so that generated versions fall inside and outside generated ranges.
std::string small_version(Picker &p) {
	const std::vector<std::string> n = {"0", "1", "2", "3"};
	std::string v = p.pick(n) + "." + p.pick(n) + "." + p.pick(n);
	if (p.chance(40)) {
		v += "-" + p.pick(std::vector<std::string> {"alpha", "beta", "0", "1", "alpha.1", "rc.2", "beta.0"});
	}
	if (p.chance(5)) {
		v = "v" + v;
	}
	return v;
}

std::string partial(Picker &p) {
	// Wildcards trail the numbers, except now and then.
	const std::vector<std::string> numbers = {"0", "1", "2", "3", "0", "1", "2", "10"};
	const std::vector<std::string> wildcards = {"x", "X", "*"};
	size_t parts = 1 + p.below(3);
	size_t concrete = p.below(parts + 1);
	std::string v;
	for (size_t i = 0; i < parts; ++i) {
		bool wildcard = p.chance(3) ? p.chance(50) : i >= concrete;
		v += (i ? "." : "") + (p.chance(2) ? std::string("01") : wildcard ? p.pick(wildcards) : p.pick(numbers));
	}
	if (parts == 3 && p.chance(30)) {
		v += "-" + p.pick(std::vector<std::string> {"alpha", "beta", "0", "1", "alpha.1", "rc.2", "beta.0", "x"});
	}
	if (parts == 3 && p.chance(1)) {
		v += "-01";
	}
	if (p.chance(8)) {
		v += "+" + p.pick(std::vector<std::string> {"build", "1", "b.2", "x-y"});
	}
	if (p.chance(10)) {
		v = p.pick(std::vector<std::string> {"v", "=", "v=", "v", "=", "= ", "v "}) + v;
	}
	return v;
}

std::string comparator(Picker &p) {
	const std::vector<std::string> ops = {"", "", "=", "<", "<=", ">", ">=", "~", "~>", "^", "^", "~"};
	if (p.chance(1)) {
		return p.pick(std::vector<std::string> {"==", "=>", "<>", "!"}) + partial(p);
	}
	if (p.chance(3)) {
		return p.pick(std::vector<std::string> {"*", "x", "", ">=0.0.0", "<0.0.0-0", ">=*", "<*", "^*", "~*", "*1.2.3",
		                                        "1.2.3*", "-", "||", "1.2.3 -", "latest", "^ 1", "~ 1.2", "~> 1",
		                                        "> 1", "< = 1", "<=0.0.0-0"});
	}
	std::string op = p.pick(ops);
	return op + (p.chance(12) ? " " : "") + partial(p);
}

std::string comparator_set(Picker &p) {
	if (p.chance(15)) {
		return partial(p) + (p.chance(10) ? p.pick(std::vector<std::string> {" -", "-", "- "}) : " - ") + partial(p);
	}
	std::string set = comparator(p);
	for (size_t n = p.below(3); n > 0; --n) {
		set += (p.chance(3) ? p.pick(std::vector<std::string> {",", "\f", ", "}) : p.chance(90) ? " " : "  ") +
		       comparator(p);
	}
	return set;
}

std::string generate_range(Picker &p) {
	std::string range = comparator_set(p);
	for (size_t n = p.chance(30) ? 1 + p.below(2) : 0; n > 0; --n) {
		range += (p.chance(3) ? " | " : p.pick(std::vector<std::string> {" || ", "||", " ||", "|| "})) + comparator_set(p);
	}
	if (p.chance(5)) {
		range = p.pick(kSpaces) + range + p.pick(kSpaces);
	}
	return range;
}

// Hand-picked: node-semver's documented forms and its odd corners.
const std::vector<std::pair<std::string, std::string>> kCuratedCompare = {
    {"1.0.0-alpha", "1.0.0-alpha.1"}, {"1.0.0-alpha.1", "1.0.0-alpha.beta"}, {"1.0.0-alpha.beta", "1.0.0-beta"},
    {"1.0.0-beta", "1.0.0-beta.2"}, {"1.0.0-beta.2", "1.0.0-beta.11"}, {"1.0.0-beta.11", "1.0.0-rc.1"},
    {"1.0.0-rc.1", "1.0.0"}, {"1.0.0+build.1", "1.0.0+build.2"}, {"v1.2.3", "=1.2.3"}, {" 1.2.3 ", "1.2.3"},
    {"1.2.3-0", "1.2.3--"}, {"1.2.3-9007199254740992", "1.2.3-9007199254740993"}, {"01.2.3", "1.2.3"},
    {"1.2.3-01", "1.2.3-1"}, {"9007199254740991.0.0", "9007199254740992.0.0"}, {"1.2", "1.2.0"},
    {"1.2.3-a.b.c", "1.2.3-a.b"}, {"1.2.3-A", "1.2.3-a"}, {"V1.2.3", "1.2.3"}, {"\xC2\xA0" "1.2.3", "1.2.3"}};

const std::vector<std::pair<std::string, std::string>> kCuratedSatisfies = {
    {"1.2.3", "^1.2.3"}, {"2.0.0", "^1.2.3"}, {"1.2.4-beta", "^1.2.3"}, {"1.2.3-beta.2", "^1.2.3-beta.1"},
    {"0.2.5", "^0.2.3"}, {"0.3.0", "^0.2.3"}, {"0.0.3", "^0.0.3"}, {"0.0.4", "^0.0.3"}, {"1.2.9", "~1.2.3"},
    {"1.3.0", "~1.2"}, {"1.9.0", "~1"}, {"1.2.3", "1.2.3 - 2.3.4"}, {"2.3.5", "1.2.3 - 2.3"},
    {"2.3.9", "1.2 - 2.3"}, {"2.4.0-0", "1.2 - 2.3"}, {"1.2.3", "1.x || >=2.5.0 || 5.0.0 - 7.2.3"},
    {"3.0.0", "1.x || >=2.5.0 || 5.0.0 - 7.2.3"}, {"1.0.0-rc.1", "*"}, {"1.0.0-rc.1", "* || >=1.0.0-rc.0"},
    {"1.0.0-rc.1", ">=1.0.0-rc.0 || *"}, {"1.0.0", ""}, {"1.0.0", "<0.0.0-0"}, {"1.0.0", ">= 1.0.0"},
    {"1.0.0", ">=1.0.0 <2.0.0"}, {"1.2.3", "~> 1.2"}, {"1.2.3", "^ 1.2"}, {"1.2.3", "*1.2.3"},
    {"1.2.3", "1.2.3+build"}, {"1.2.3", "=v1.2.3"}, {"1.2.3", "v=1.2.3 - 2"}, {"1.2.3", ">==1.2.3"},
    {"1.2.3", "1.2.3 - "}, {"1.2.3", ">1.2.3-alpha <1.2.3"}, {"1.2.3-beta", ">1.2.3-alpha <1.2.3"},
    {"1.2.3", "<=1.2"}, {"1.3.0", ">1.2"}, {"1.2.9", "<1.3"}, {"1.2.3", "x.1"}, {"1.2.3", "1.x.3"},
    {"1.2.3", "^1.x.3"}, {"9007199254740991.0.0", "^9007199254740991"}, {"1.0.0", "<=9007199254740991.x"},
    {"1.2.3", "1.2.3 || <0.0.0-0"}, {"1.2.3", ">=1.2.3\v<2"}, {"1.2.3", "\xC2\xA0^1.2.3"}, {"1.2.3", "1 2"}};

std::vector<Question> npm_questions() {
	std::vector<Question> questions;
	for (const auto &[a, b] : kCuratedCompare) {
		questions.push_back({"compare", a, b});
	}
	for (const auto &[v, r] : kCuratedSatisfies) {
		questions.push_back({"satisfies", v, r});
	}
	Picker p(20240601);
	for (int i = 0; i < 6000; ++i) {
		std::string a = generate_version(p);
		// Equal versions spelled differently: build metadata, a 'v'.
		std::string b = p.chance(15) ? (a.find('+') == std::string::npos ? a + "+b.1" : "v" + a) : generate_version(p);
		questions.push_back({"compare", a, b});
	}
	for (int i = 0; i < 12000; ++i) {
		questions.push_back({"satisfies", p.chance(90) ? small_version(p) : generate_version(p), generate_range(p)});
	}
	return questions;
}

TEST(NpmVersion, AgreesWithNodeSemver) {
	std::string oracle = testing::node_semver_oracle();
	if (oracle.empty()) {
		GTEST_SKIP() << "node, npm or the npm registry is not available";
	}
	auto questions = npm_questions();
	auto answers = testing::run_with_input(oracle, testing::oracle_input(questions));
	ASSERT_EQ(answers.size(), questions.size());
	testing::expect_varied_answers(questions, answers);
	EXPECT_EQ(testing::count_disagreements(npm(), questions, answers), 0u);
}

TEST(NpmVersion, CommandLineAnswersLikeTheComparator) {
	EXPECT_EQ(testing::count_cli_disagreements(npm(), npm_questions()), 0u);
}

} // namespace
} // namespace bulwark
