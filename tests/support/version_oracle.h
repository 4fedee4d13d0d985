// Differential testing of version comparators against the ecosystems' own tools: seeded
// generators of tricky inputs, one oracle run per batch, and a disagreement report.
#pragma once

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "version/version.h"

namespace bulwark::testing {

// A seeded source of choices, so every run generates the same cases.
class Picker {
public:
	explicit Picker(uint64_t seed) : rng_(seed) {
	}
	size_t below(size_t n) {
		return std::uniform_int_distribution<size_t>(0, n - 1)(rng_);
	}
	bool chance(unsigned percent) {
		return below(100) < percent;
	}
	template <class T>
	const T &pick(const std::vector<T> &items) {
		return items[below(items.size())];
	}

private:
	std::mt19937_64 rng_;
};

// Where oracle tools installed for the tests live: version-oracles/ in the build tree.
std::filesystem::path oracle_dir();

// The command that runs tests/data/version/npm_oracle.js with node-semver (installed into
// oracle_dir() with npm on first use), or "" when node, npm or the registry is unavailable.
std::string node_semver_oracle();

// The standard output lines of `command` (run by /bin/sh) fed `input` on standard input.
std::vector<std::string> run_with_input(const std::string &command, const std::string &input);

// One question for an oracle script: "compare<TAB>a<TAB>b" or "satisfies<TAB>version<TAB>constraint".
struct Question {
	std::string kind; // "compare" or "satisfies"
	std::string a, b;
};

// The oracle scripts' input: one question per line.
std::string oracle_input(const std::vector<Question> &questions);

// Our answer in the oracle scripts' vocabulary: "-1"/"0"/"1" or "true"/"false", "invalid" on
// any error.
std::string our_answer(const version::Comparator &comparator, const Question &question);

// Checks that a batch exercises every outcome (orders, matches and mismatches) and is not
// mostly invalid inputs; prints the tally per kind of question.
void expect_varied_answers(const std::vector<Question> &questions, const std::vector<std::string> &answers);

// Counts the questions where `theirs` differs from our answer, printing the first few.
// `theirs` must hold one line per question.
size_t count_disagreements(const version::Comparator &comparator, const std::vector<Question> &questions,
                           const std::vector<std::string> &theirs);

// Runs `bulwark version-compare -e <ecosystem>` on the compare questions and counts the lines
// where it answers differently from the comparator in this process.
size_t count_cli_disagreements(const version::Comparator &comparator, const std::vector<Question> &questions);

} // namespace bulwark::testing
