// The Cargo comparator. Precedence and requirement matching are checked against node-semver,
// whose semantics coincide with the semver crate's on the requirements both can express once
// commas become spaces and the bare (caret) form gets its '^'; the crate's own syntax (what it
// refuses) is checked on cases taken from its documentation and tests, as no crate build is
// possible offline.
#include <gtest/gtest.h>

#include "support/version_oracle.h"
#include "version/version.h"

namespace bulwark {
namespace {

using testing::Picker;
using testing::Question;

const version::Comparator &cargo() {
	return *version::comparator_for("cargo");
}

std::string cargo_version(Picker &p) {
	const std::vector<std::string> numbers = {"0", "1", "2", "3", "10", "0", "1", "2"};
	const std::vector<std::string> ids = {"alpha", "beta", "rc", "0", "1", "2", "10", "-", "a-b", "x", "1a", "A"};
	std::string v = p.pick(numbers) + "." + p.pick(numbers) + "." + p.pick(numbers);
	if (p.chance(40)) {
		v += "-" + p.pick(ids);
		for (size_t n = p.below(3); n > 0; --n) {
			v += "." + p.pick(ids);
		}
	}
	if (p.chance(10)) {
		v += "+" + p.pick(std::vector<std::string> {"build", "001", "b.2"});
	}
	return v;
}

// A requirement in the crate's syntax and the same requirement for node-semver.
struct Requirement {
	std::string cargo, node;
};

Requirement cargo_comparator(Picker &p) {
	const std::vector<std::string> numbers = {"0", "1", "2", "3", "0", "1", "2", "10"};
	const std::vector<std::string> wildcards = {"*", "x", "X"};
	std::string op = p.pick(std::vector<std::string> {"", "", "", "=", ">", ">=", "<", "<=", "~", "^"});
	size_t parts = 1 + p.below(3);
	size_t concrete = 1 + p.below(parts);
	std::string v = p.pick(numbers);
	bool wildcard = false;
	for (size_t i = 1; i < parts; ++i) {
		bool star = i >= concrete;
		wildcard = wildcard || star;
		v += "." + (star ? p.pick(wildcards) : p.pick(numbers));
	}
	if (parts == 3 && !wildcard && p.chance(30)) {
		v += "-" + p.pick(std::vector<std::string> {"alpha", "beta", "0", "1", "alpha.1", "rc.2"});
	}
	std::string space = p.chance(20) ? " " : "";
	// The crate's bare form is a caret, unless it has a wildcard: then it is exact.
	std::string node_op = op.empty() && !wildcard ? "^" : op;
	return {op + space + v, node_op + space + v};
}

Requirement cargo_requirement(Picker &p) {
	if (p.chance(3)) {
		return {"*", "*"};
	}
	Requirement r = cargo_comparator(p);
	for (size_t n = p.chance(30) ? 1 + p.below(2) : 0; n > 0; --n) {
		Requirement next = cargo_comparator(p);
		r.cargo += p.pick(std::vector<std::string> {",", ", ", " , "}) + next.cargo;
		r.node += " " + next.node;
	}
	return r;
}

TEST(CargoVersion, PrecedenceAgreesWithNodeSemver) {
	std::string oracle = testing::node_semver_oracle();
	if (oracle.empty()) {
		GTEST_SKIP() << "node, npm or the npm registry is not available";
	}
	Picker p(1729);
	std::vector<Question> questions;
	for (int i = 0; i < 5000; ++i) {
		std::string a = cargo_version(p);
		questions.push_back({"compare", a, p.chance(10) ? a : cargo_version(p)});
	}
	auto answers = testing::run_with_input(oracle, testing::oracle_input(questions));
	testing::expect_varied_answers(questions, answers);
	EXPECT_EQ(testing::count_disagreements(cargo(), questions, answers), 0u);
}

TEST(CargoVersion, RequirementsAgreeWithNodeSemver) {
	std::string oracle = testing::node_semver_oracle();
	if (oracle.empty()) {
		GTEST_SKIP() << "node, npm or the npm registry is not available";
	}
	Picker p(4242);
	std::vector<Question> node_questions;
	std::vector<Question> cargo_questions;
	for (int i = 0; i < 10000; ++i) {
		std::string v = cargo_version(p);
		Requirement r = cargo_requirement(p);
		node_questions.push_back({"satisfies", v, r.node});
		cargo_questions.push_back({"satisfies", v, r.cargo});
	}
	auto answers = testing::run_with_input(oracle, testing::oracle_input(node_questions));
	ASSERT_EQ(answers.size(), cargo_questions.size());
	testing::expect_varied_answers(node_questions, answers);
	size_t disagreements = 0;
	for (size_t i = 0; i < answers.size(); ++i) {
		std::string ours = testing::our_answer(cargo(), cargo_questions[i]);
		if (ours != answers[i] && ++disagreements <= 25) {
			ADD_FAILURE() << "'" << cargo_questions[i].a << "' in '" << cargo_questions[i].b << "': ours " << ours
			              << ", node-semver on '" << node_questions[i].b << "' " << answers[i];
		}
	}
	EXPECT_EQ(disagreements, 0u);
}

// From the semver crate's documentation and tests/test_version_req.rs.
TEST(CargoVersion, RequirementSyntaxOfTheSemverCrate) {
	struct Case {
		const char *version, *requirement;
		bool matches;
	};
	const Case cases[] = {
	    {"1.2.3", ">= 1.2.3", true},       {"0.9.7", "^0.9.5", true},         {"0.10.0", "^0.9.5", false},
	    {"1.2.3", ">=1.2.3, <1.8", true},  {"1.8.0", ">=1.2.3, <1.8", false}, {"1.0.0", "*", true},
	    {"1.0.0-pre", "*", false},         {"1.2.3", "1.2", true},             {"1.2.3", "1.*", true},
	    {"1.2.3", "1.2.*", true},          {"1.3.0", "1.2.*", false},          {"1.2.3", "~1", true},
	    {"0.0.9", "^0.0.9", true},         {"0.0.10", "^0.0.9", false},        {"1.2.3", "x", true},
	    {"1.2.3-beta", ">=1.2.3-alpha", true}, {"1.2.4-beta", ">=1.2.3-alpha", false},
	    {"1.2.3", " =1.2.3 ", true},       {"1.2.3", "1.2.3+build", true},
	};
	for (const auto &c : cases) {
		auto matched = cargo().satisfies(c.version, c.requirement);
		ASSERT_TRUE(matched.ok()) << c.requirement << ": " << matched.error().message;
		EXPECT_EQ(*matched, c.matches) << c.version << " in " << c.requirement;
	}
	std::string many = "1";
	for (int i = 0; i < 32; ++i) {
		many += ", 1";
	}
	for (const std::string &bad : std::vector<std::string> {"", "1.2.3 - 2.0.0", ">= >= 1", "1.*.3", "01.2", "1.2.3-", "1.2.3-01", "*, 1.0",
	                        "1.0,", "~> 1.2", "v1.2.3", "1.2 || 2", "18446744073709551616", "1.2.3-a..b", many}) {
		EXPECT_FALSE(cargo().satisfies("1.2.3", bad).ok()) << bad;
	}
	for (const char *bad : {"v1.2.3", "1.2", " 1.2.3", "1.2.3-01", "18446744073709551616.0.0"}) {
		EXPECT_FALSE(cargo().compare(bad, "1.2.3").ok()) << bad;
	}
}

} // namespace
} // namespace bulwark
