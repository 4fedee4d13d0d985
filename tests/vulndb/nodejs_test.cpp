// The nodejs/security-wg importer on real advisories (agreement with python3's json:
// importer_oracle_test.cpp).
#include <gtest/gtest.h>

#include "vulndb/vulndb_fixture.h"

namespace bulwark::vulndb {

namespace {

using bulwark::testing::data_path;
using bulwark::testing::TempDir;

TEST(NodejsImporter, NpmAdvisoriesNotCore) {
	TempDir dir;
	const std::string db_path = (dir.path() / "bulwark.db").string();
	const ImportStats stats = testing::import_into(db_path, "nodejs", data_path("vulndb/nodejs").string());
	EXPECT_EQ(stats.records, 2U); // vuln/core is Node.js itself
	auto db = testing::open_db(db_path);
	ASSERT_TRUE(db);
	const auto bassmaster = testing::lookup(*db, "npm", "", "bassmaster");
	ASSERT_EQ(bassmaster.size(), 1U);
	EXPECT_EQ(bassmaster[0].advisory.id, "NSWG-ECO-1");
	EXPECT_EQ(bassmaster[0].advisory.aliases, std::vector<std::string> {"CVE-2014-7205"});
	EXPECT_EQ(bassmaster[0].advisory.severity, "MEDIUM"); // 6.5
	EXPECT_EQ(testing::describe(bassmaster[0].affected),
	          "npm//bassmaster open=0 severity= versions=[] CONSTRAINTS{constraints=[<=1.5.1];unaffected=[>=1.5.2]}");
}

} // namespace

} // namespace bulwark::vulndb
