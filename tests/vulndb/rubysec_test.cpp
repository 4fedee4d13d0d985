// The ruby-advisory-db importer on real advisories (agreement with python3's yaml:
// importer_oracle_test.cpp): which id, which aliases, which severity.
#include <gtest/gtest.h>

#include "vulndb/vulndb_fixture.h"

namespace bulwark::vulndb {

namespace {

using bulwark::testing::data_path;
using bulwark::testing::TempDir;
using bulwark::testing::write_file;

TEST(RubysecImporter, IdsAliasesSeverityAndRequirements) {
	TempDir dir;
	const std::string db_path = (dir.path() / "bulwark.db").string();
	const ImportStats stats = testing::import_into(db_path, "rubysec", data_path("vulndb/rubysec").string());
	EXPECT_EQ(stats.records, 4U);
	auto db = testing::open_db(db_path);
	ASSERT_TRUE(db);
	const auto actionpack = testing::lookup(*db, "gem", "", "actionpack");
	ASSERT_EQ(actionpack.size(), 1U);
	EXPECT_EQ(actionpack[0].advisory.id, "CVE-2008-7248");
	EXPECT_EQ(actionpack[0].advisory.aliases, std::vector<std::string> {"GHSA-8fqx-7pv4-3jwm"});
	EXPECT_EQ(actionpack[0].advisory.severity, "MEDIUM"); // cvss_v2 6.8
	EXPECT_EQ(actionpack[0].affected.ranges.at(0).unaffected,
	          (std::vector<std::string> {"~> 2.1.3", ">= 2.2.2", "< 2.1.0"}));
	EXPECT_EQ(testing::lookup(*db, "gem", "", "cap-strap").at(0).advisory.id, "OSVDB-108575");
	// No patched_versions: every version is affected.
	const auto searchlogic = testing::lookup(*db, "gem", "", "rd_searchlogic");
	ASSERT_EQ(searchlogic.size(), 1U);
	EXPECT_TRUE(searchlogic[0].affected.ranges.at(0).unaffected.empty());
	EXPECT_TRUE(searchlogic[0].affected.ranges.at(0).constraints.empty());
}

TEST(RubysecImporter, CriticalityWinsAndBadRecordsAreSkipped) {
	TempDir dir;
	write_file(dir.path() / "gems" / "a" / "CVE-2020-1.yml",
	           "gem: a\ncve: 2020-1\ncriticality: high\ncvss_v3: 9.8\npatched_versions: ['>= 1']\n");
	write_file(dir.path() / "gems" / "b" / "x.yml", "title: no gem\n");
	write_file(dir.path() / "gems" / "c" / "y.yml", "gem: [unclosed\n");
	const ImportStats stats = testing::import_into((dir.path() / "bulwark.db").string(), "rubysec", dir.path().string());
	EXPECT_EQ(stats.records, 1U);
	EXPECT_EQ(stats.skipped, 2U);
	auto db = testing::open_db((dir.path() / "bulwark.db").string());
	ASSERT_TRUE(db);
	EXPECT_EQ(testing::lookup(*db, "gem", "", "a").at(0).advisory.severity, "high");
}

} // namespace

} // namespace bulwark::vulndb
