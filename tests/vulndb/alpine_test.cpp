// The Alpine secdb importer on real branch files (alpine-secdb v3.10, v3.3; agreement with
// python3's yaml: importer_oracle_test.cpp), and on the JSON form secdb.alpinelinux.org serves.
#include <gtest/gtest.h>

#include "vulndb/vulndb_fixture.h"

namespace bulwark::vulndb {

namespace {

namespace fs = std::filesystem;
using bulwark::testing::data_path;
using bulwark::testing::TempDir;
using bulwark::testing::write_file;

TEST(AlpineImporter, SecdbBranchFiles) {
	TempDir dir;
	const std::string db_path = (dir.path() / "bulwark.db").string();
	const ImportStats stats = testing::import_into(db_path, "alpine", data_path("vulndb/alpine").string());
	EXPECT_GT(stats.records, 1000U);
	EXPECT_EQ(stats.skipped, 0U) << testing::warnings_of(stats);
	auto db = testing::open_db(db_path);
	ASSERT_TRUE(db);
	const auto ansible = testing::lookup(*db, "apk", "v3.10", "ansible");
	ASSERT_EQ(ansible.size(), 5U);
	const Candidate *cve = testing::find_advisory(ansible, "CVE-2019-10206");
	ASSERT_TRUE(cve);
	EXPECT_EQ(testing::describe(cve->affected), "apk/v3.10/ansible open=0 severity= versions=[] "
	                                            "ECOSYSTEM{introduced:0;fixed:2.8.4-r0;constraints=[];unaffected=[]}");
	EXPECT_TRUE(testing::lookup(*db, "apk", "v3.8", "ansible").empty());
}

TEST(AlpineImporter, JsonFormNeverAffectedAndExtraIds) {
	TempDir dir;
	write_file(dir.path() / "v3.19" / "main.json", R"({"apkurl": "{{urlprefix}}", "archs": ["x86_64"],
	  "distroversion": "v3.19", "reponame": "main", "packages": [
	  {"pkg": {"name": "xen", "secfixes": {"4.7.1-r4": ["CVE-2016-9932 XSA-200", "XSA-207"], "0": ["CVE-2020-1"]}}},
	  {"pkg": {"name": "musl"}},
	  {"pkg": {"secfixes": {}}},
	  {"pkg": {"name": "bad", "secfixes": {"1-r0": "CVE-2021-1"}}},
	  {"pkg": {"name": "empty", "secfixes": {"1-r0": null, "2-r0": [""]}}}]})");
	const std::string db_path = (dir.path() / "bulwark.db").string();
	const ImportStats stats = testing::import_into(db_path, "alpine", (dir.path() / "v3.19").string());
	EXPECT_EQ(stats.records, 2U) << testing::warnings_of(stats);
	EXPECT_EQ(stats.ignored, 1U);
	EXPECT_EQ(stats.skipped, 3U) << testing::warnings_of(stats);
	auto db = testing::open_db(db_path);
	ASSERT_TRUE(db);
	const auto xen = testing::lookup(*db, "apk", "v3.19", "xen");
	ASSERT_EQ(xen.size(), 2U);
	const Candidate *cve = testing::find_advisory(xen, "CVE-2016-9932");
	ASSERT_TRUE(cve);
	EXPECT_EQ(cve->advisory.aliases, std::vector<std::string> {"XSA-200"});
	EXPECT_TRUE(testing::find_advisory(xen, "XSA-207"));
	EXPECT_FALSE(testing::find_advisory(xen, "CVE-2020-1"));
}

TEST(AlpineImporter, NotSecdbFilesAreSkipped) {
	TempDir dir;
	write_file(dir.path() / "a.yaml", "just: text\n");
	write_file(dir.path() / "b.json", "{");
	write_file(dir.path() / "c.yaml", "distroversion: v3.1\npackages:\n  - pkg:\n      name: zlib\n      secfixes:\n"
	                                  "        1.2.11-r0:\n          - CVE-2018-1\n");
	const ImportStats stats = testing::import_into((dir.path() / "bulwark.db").string(), "alpine", dir.path().string());
	EXPECT_EQ(stats.records, 1U);
	EXPECT_EQ(stats.skipped, 2U) << testing::warnings_of(stats);
}

} // namespace

} // namespace bulwark::vulndb
