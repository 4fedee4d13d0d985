// Live oracle for CVSS scoring: ae-cvss-calculator 1.0.13 (metaeffekt, Apache-2.0, from npm;
// pinned in tests/tools/cvss-oracle/package-lock.json), an independent implementation of
// CVSS 2.0, 3.0, 3.1 and 4.0 whose 4.0 scoring follows FIRST's calculator (with its 1e-6
// rounding fix). tests/tools/cvss-oracle/oracle.js generates every base vector of each version
// (729 + 2,592 + 2,592 + 104,976) plus 53,000 seeded random vectors with temporal/threat,
// environmental and supplemental metrics, shuffled 3.x orders and parenthesised 2.0 vectors,
// and scores them; every score must match ours exactly. The calculator is installed with
// `npm ci` into cvss-oracle/ next to the bulwark binary (<build>/bin), and its output is cached
// there (keyed by oracle.js and the lock file): the first run takes a minute or two. Skipped
// without node and npm, or when the npm registry cannot be reached.
#include <filesystem>
#include <sstream>

#include <gtest/gtest.h>

#include "support/oracle_command.h"
#include "support/test_support.h"
#include "vulndb/cvss_oracle_rows.h"

namespace bulwark {

namespace {

namespace fs = std::filesystem;

const fs::path kToolSource = fs::path(BULWARK_TEST_DATA).parent_path() / "tools" / "cvss-oracle";

// The oracle's directory with node_modules installed, or "" (and `why`) when it cannot be had.
fs::path oracle_dir(std::string &why) {
	if (!testing::tool_available("node") || !testing::tool_available("npm")) {
		why = "node and npm are needed to run the CVSS oracle";
		return {};
	}
	const fs::path cache = fs::path(BULWARK_BINARY).parent_path() / "cvss-oracle";
	const std::string lock = testing::read_file(kToolSource / "package-lock.json");
	if (!fs::exists(cache / "node_modules") || testing::read_file(cache / "package-lock.json") != lock) {
		fs::remove_all(cache);
		fs::create_directories(cache);
		fs::copy_file(kToolSource / "package.json", cache / "package.json");
		fs::copy_file(kToolSource / "package-lock.json", cache / "package-lock.json");
		const std::string install = "cd " + testing::shell_quote(cache.string()) +
		                            " && timeout 300 npm ci --no-audit --no-fund --loglevel=error >npm-ci.log 2>&1";
		if (std::system(install.c_str()) != 0) {
			why = "npm ci failed (is the npm registry reachable?): " + testing::read_file(cache / "npm-ci.log");
			fs::remove_all(cache);
			return {};
		}
	}
	fs::copy_file(kToolSource / "oracle.js", cache / "oracle.js", fs::copy_options::overwrite_existing);
	return cache;
}

std::string run_oracle(const fs::path &dir, const std::string &arguments) {
	return testing::command_output("node " + testing::shell_quote((dir / "oracle.js").string()) + " " + arguments);
}

TEST(CvssOracle, GeneratedVectorsScoreLikeAeCvssCalculator) {
	std::string why;
	const fs::path dir = oracle_dir(why);
	if (dir.empty()) {
		GTEST_SKIP() << why;
	}
	// Generating and scoring takes the calculator about a minute: reuse its output while
	// neither the generator nor the calculator changed.
	const std::string key = testing::read_file(dir / "oracle.js") + testing::read_file(dir / "package-lock.json");
	std::string generated = testing::read_file(dir / "generated.tsv");
	if (generated.empty() || testing::read_file(dir / "generated.key") != key) {
		generated = run_oracle(dir, "generate");
		testing::write_file(dir / "generated.tsv", generated);
		testing::write_file(dir / "generated.key", key);
	}
	const auto agreement = testing::compare_with_oracle(generated);
	EXPECT_EQ(agreement.disagreements.size(), 0u) << testing::first_disagreements(agreement);
	// Every base vector of each version, plus the random ones.
	EXPECT_GE(agreement.scored_by_version.at("2.0"), 729u + 2000);
	EXPECT_GE(agreement.scored_by_version.at("3.0"), 2592u + 4000);
	EXPECT_GE(agreement.scored_by_version.at("3.1"), 2592u + 4000);
	EXPECT_GE(agreement.scored_by_version.at("4.0"), 104976u + 30000);
	std::cout << "cvss oracle: " << agreement.rows << " generated vectors, " << agreement.disagreements.size()
	          << " disagreements\n";
}

// The recorded scores of the advisory vectors (checked without node in cvss_test.cpp) are
// what the oracle says today.
TEST(CvssOracle, RecordedAdvisoryScoresAreTheOracles) {
	std::string why;
	const fs::path dir = oracle_dir(why);
	if (dir.empty()) {
		GTEST_SKIP() << why;
	}
	// Rows: VECTOR, SCORE, ...; SCORE "-" marks vectors that lack a base metric (the harvest's
	// verdict: the calculator would score them), which are not asked.
	std::vector<std::pair<std::string, std::string>> recorded;
	std::istringstream rows(testing::read_file(testing::data_path("vulndb/cvss/advisory-vectors.tsv")));
	std::string vectors;
	for (std::string line; std::getline(rows, line);) {
		const size_t tab = line.find('\t');
		const std::string score = line.substr(tab + 1, line.find('\t', tab + 1) - tab - 1);
		if (score != "-") {
			recorded.emplace_back(line.substr(0, tab), score);
			vectors += recorded.back().first + "\n";
		}
	}
	ASSERT_GT(recorded.size(), 1000u);
	testing::TempDir tmp;
	testing::write_file(tmp.path() / "vectors.txt", vectors);
	std::istringstream live(run_oracle(dir, "score < " + testing::shell_quote((tmp.path() / "vectors.txt").string())));
	for (const auto &[vector, score] : recorded) {
		std::string line;
		ASSERT_TRUE(std::getline(live, line)) << "the oracle stopped before " << vector;
		EXPECT_EQ(line, vector + "\t" + score);
	}
}

} // namespace

} // namespace bulwark
