// Every importer against python3 reading the same files with its own parsers (json,
// yaml.BaseLoader, tomllib; tests/vulndb/advisory_oracle.py): the database must hold exactly
// the entries the oracle derives, field for field (ids, aliases, dates, CVSS, severities,
// ranges, versions, text, references). Once on the records kept in tests/data, and once on
// the whole snapshot of each source in /work/shared/vulndata when it is there (CI).
#include <gtest/gtest.h>

#include "vulndb/vulndb_fixture.h"

namespace bulwark::vulndb {

namespace {

namespace fs = std::filesystem;

struct OracleCase {
	std::string kind;
	std::vector<std::string> fixtures; // under tests/data/vulndb
	std::vector<std::string> shared;   // under /work/shared/vulndata
	size_t min_fixture_lines;
	size_t min_shared_lines;
};

// gtest prints parameters in test names and logs; the kind says which case it is.
void PrintTo(const OracleCase &c, std::ostream *out) {
	*out << c.kind;
}

const std::vector<OracleCase> kCases = {
    {"osv", {"golang", "pypa", "ghsa"}, {"golang-vulndb/data/osv", "pypi-advisory-db/vulns", "ghsa-sample"}, 30, 12000},
    {"debian", {"debian/debian.json"}, {"vunnel-fixtures/tests/unit/providers/debian/test-fixtures/input/debian.json"}, 21, 21},
    {"alpine", {"alpine"}, {"alpine-secdb"}, 1000, 12000},
    {"rustsec", {"rustsec"}, {"rustsec-advisory-db"}, 4, 900},
    {"rubysec", {"rubysec"}, {"rubysec-advisory-db"}, 4, 1200},
    {"nodejs", {"nodejs"}, {"nodejs-security-wg"}, 2, 460},
};

// Imports `inputs` into one source and compares the database with the oracle.
void expect_agreement(const OracleCase &c, const std::vector<std::string> &inputs, size_t min_lines) {
	bulwark::testing::TempDir dir;
	const std::string db_path = (dir.path() / "bulwark.db").string();
	auto writer = DbWriter::create(db_path, false);
	ASSERT_TRUE(writer.ok());
	ASSERT_TRUE(writer->begin_source(SourceInfo {c.kind, c.kind, "", "", 0, ""}).ok());
	for (const auto &input : inputs) {
		auto stats = make_importer(c.kind)->import(input, *writer, {});
		ASSERT_TRUE(stats.ok()) << input << ": " << stats.error().describe();
		EXPECT_EQ(stats->skipped, 0U) << input << ": " << (stats->warnings.empty() ? "" : stats->warnings[0]);
	}
	ASSERT_TRUE(writer->commit().ok());
	const auto ours = testing::database_lines(db_path);
	const auto python = testing::oracle_lines(c.kind, inputs);
	EXPECT_GE(python.size(), min_lines);
	EXPECT_EQ(ours.size(), python.size());
	EXPECT_TRUE(ours == python) << "only bulwark: " << testing::only_in(ours, python)
	                            << "\nonly python: " << testing::only_in(python, ours);
}

class ImporterOracle : public ::testing::TestWithParam<OracleCase> {
protected:
	void SetUp() override {
		if (!testing::python_with_yaml()) {
			GTEST_SKIP() << "python3 with PyYAML is not installed (scripts/setup.sh installs python3-yaml)";
		}
	}
};

TEST_P(ImporterOracle, AgreesOnTheFixtures) {
	std::vector<std::string> inputs;
	for (const auto &fixture : GetParam().fixtures) {
		inputs.push_back(bulwark::testing::data_path("vulndb/" + fixture).string());
	}
	expect_agreement(GetParam(), inputs, GetParam().min_fixture_lines);
}

TEST_P(ImporterOracle, AgreesOnTheWholeSnapshot) {
	const fs::path shared = "/work/shared/vulndata";
	std::vector<std::string> inputs;
	for (const auto &path : GetParam().shared) {
		if (!fs::exists(shared / path)) {
			GTEST_SKIP() << "needs " << (shared / path).string();
		}
		inputs.push_back((shared / path).string());
	}
	expect_agreement(GetParam(), inputs, GetParam().min_shared_lines);
}

INSTANTIATE_TEST_SUITE_P(Vulndb, ImporterOracle, ::testing::ValuesIn(kCases),
                         [](const auto &info) { return info.param.kind; });

} // namespace

} // namespace bulwark::vulndb
