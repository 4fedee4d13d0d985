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
	EXPECT_TRUE(cve->advisory.aliases.empty()); // an XSA can cover several CVEs: not an alias
	EXPECT_TRUE(testing::find_advisory(xen, "XSA-207"));
	EXPECT_FALSE(testing::find_advisory(xen, "CVE-2020-1"));
}


// Entries as the real alpine-secdb v3.9/v3.10 files write them (tcpdump, xen, openjdk7, ansible).
TEST(AlpineImporter, FreeTextEntriesNameOnlyTheirIds) {
	TempDir dir;
	write_file(dir.path() / "v3.10" / "main.yaml", R"(distroversion: v3.10
reponame: main
packages:
  - pkg:
      name: tcpdump
      secfixes:
        4.9.3-r0:
          - CVE-2018-14881 (BGP)
          - CVE-2018-16230 (BGP)
          - CVE-2018-10105 (SMB - too unreliably reproduced, SMB printing disabled)
  - pkg:
      name: xen
      secfixes:
        4.12.0-r2:
          - CVE-2018-12126  XSA-297
          - CVE-2018-12127  XSA-297
          - CVE-????-?????  XSA-284
          - CVE-2017-5753 CVE-2017-5715 CVE-2017-5754 XSA-254 XPTI
  - pkg:
      name: openjdk7
      secfixes:
        7.211.2.6.17-r0:
          - CVE_2019-2426
  - pkg:
      name: ansible
      secfixes:
        2.6.3-r0:
          - CVE 2018-16859
)");
	const std::string db_path = (dir.path() / "bulwark.db").string();
	const ImportStats stats = testing::import_into(db_path, "alpine", (dir.path() / "v3.10").string());
	EXPECT_EQ(stats.skipped, 0U) << testing::warnings_of(stats);
	EXPECT_EQ(stats.ignored, 1U); // "CVE 2018-16859" names no id
	auto db = testing::open_db(db_path);
	ASSERT_TRUE(db);
	auto ids_of = [&](const std::string &package) {
		std::vector<std::string> ids;
		for (const auto &candidate : testing::lookup(*db, "apk", "v3.10", package)) {
			ids.push_back(candidate.advisory.id + testing::join(candidate.advisory.aliases));
		}
		std::sort(ids.begin(), ids.end());
		return ids;
	};
	EXPECT_EQ(ids_of("tcpdump"),
	          (std::vector<std::string> {"CVE-2018-10105[]", "CVE-2018-14881[]", "CVE-2018-16230[]"}));
	EXPECT_EQ(ids_of("xen"), (std::vector<std::string> {"CVE-2017-5715[]", "CVE-2017-5753[]", "CVE-2017-5754[]",
	                                                    "CVE-2018-12126[]", "CVE-2018-12127[]", "XSA-284[]"}));
	EXPECT_EQ(ids_of("openjdk7"), std::vector<std::string> {"CVE-2019-2426[]"});
	EXPECT_TRUE(ids_of("ansible").empty());
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
