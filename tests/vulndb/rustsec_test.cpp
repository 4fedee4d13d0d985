// The RustSec importer on real advisories (rustsec/advisory-db; agreement with python3's
// tomllib: importer_oracle_test.cpp), and the TOML subset reader on what it must refuse.
#include <gtest/gtest.h>

#include "vulndb/toml_subset.h"
#include "vulndb/vulndb_fixture.h"

namespace bulwark::vulndb {

namespace {

using bulwark::testing::data_path;
using bulwark::testing::TempDir;
using bulwark::testing::write_file;

TEST(RustsecImporter, AdvisoriesWithdrawnInformationalAndToolchain) {
	TempDir dir;
	const std::string db_path = (dir.path() / "bulwark.db").string();
	const ImportStats stats = testing::import_into(db_path, "rustsec", data_path("vulndb/rustsec").string());
	EXPECT_EQ(stats.records, 4U);
	EXPECT_EQ(stats.withdrawn, 1U); // markdown RUSTSEC-2022-0044
	EXPECT_EQ(stats.ignored, 1U);   // badge: unmaintained
	EXPECT_EQ(stats.skipped, 0U);
	auto db = testing::open_db(db_path);
	ASSERT_TRUE(db);
	const auto tokio = testing::lookup(*db, "cargo", "", "tokio-rustls");
	ASSERT_EQ(tokio.size(), 1U);
	EXPECT_EQ(tokio[0].advisory.summary, "tokio-rustls reads may cause excessive memory usage");
	EXPECT_EQ(tokio[0].advisory.aliases, (std::vector<std::string> {"CVE-2020-35875", "GHSA-2jfv-g3fh-xq3v"}));
	EXPECT_EQ(testing::describe(tokio[0].affected),
	          "cargo//tokio-rustls open=0 severity= versions=[] "
	          "CONSTRAINTS{constraints=[];unaffected=[>= 0.12.3, < 0.13.0,>= 0.13.1,< 0.12]}");
	EXPECT_EQ(tokio[0].advisory.cvss.at(0).vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H");
	EXPECT_EQ(testing::lookup(*db, "cargo", "", "i_tree").size(), 1U); // unsound is kept
	EXPECT_EQ(testing::lookup(*db, "cargo", "", "rage").at(0).affected.ranges.at(0).unaffected.size(), 7U);
	EXPECT_TRUE(testing::lookup(*db, "cargo", "", "std").empty()); // rust/ is the toolchain
}

TEST(RustsecImporter, BrokenFrontMatterRejectsTheRecord) {
	TempDir dir;
	const std::string good = "```toml\n[advisory]\nid = \"RUSTSEC-1\"\npackage = \"a\"\n[versions]\npatched = []\n```\n# T\n";
	write_file(dir.path() / "crates" / "a" / "good.md", good);
	write_file(dir.path() / "crates" / "b" / "no-fence.md", "# just markdown\n");
	write_file(dir.path() / "crates" / "c" / "open.md", "```toml\n[advisory]\nid = \"RUSTSEC-2\"\n");
	write_file(dir.path() / "crates" / "d" / "bad.md", "```toml\n[advisory]\nid = \"RUSTSEC-3\npackage = \"d\"\n```\n");
	write_file(dir.path() / "crates" / "e" / "no-package.md", "```toml\n[advisory]\nid = \"RUSTSEC-4\"\n```\n");
	const ImportStats stats = testing::import_into((dir.path() / "bulwark.db").string(), "rustsec", dir.path().string());
	EXPECT_EQ(stats.records, 1U);
	EXPECT_EQ(stats.skipped, 4U);
}

TEST(TomlSubset, ValuesKeysAndStrings) {
	auto tables = read_toml_subset(R"(top = 1
[advisory]
id = "A\tB\u00e9"  # comment
"quoted key" = 'lit\eral'
dotted.key = """
multi
line"""
list = [
  "a", # one
  'b',
]
mixed = ["a", 1]
inline = { a = "x", b = [1, 2] }
date = 2020-01-01
[versions]
patched = []
)",
	                               64);
	ASSERT_TRUE(tables.ok()) << tables.error().describe();
	const auto &advisory = tables->at("advisory");
	EXPECT_EQ(advisory.at("id").string, "A\tB\xc3\xa9");
	EXPECT_EQ(advisory.at("quoted key").string, "lit\\eral");
	EXPECT_EQ(advisory.at("dotted.key").string, "multi\nline");
	EXPECT_EQ(advisory.at("list").strings, (std::vector<std::string> {"a", "b"}));
	EXPECT_TRUE(advisory.at("list").is_string_array);
	EXPECT_FALSE(advisory.at("mixed").is_string_array);
	EXPECT_FALSE(advisory.at("date").is_string);
	EXPECT_TRUE(tables->at("versions").at("patched").is_string_array);
}

TEST(TomlSubset, RefusesBrokenText) {
	for (const std::string text : {"a = \"open", "a = [\"x\"", "a = [\"x\" \"y\"]", "[table", "a \"x\"", "= 1",
	                               "a = \"\\q\"", "a = { b = 1", "a = \"\\uD800\""}) {
		EXPECT_FALSE(read_toml_subset(text, 64).ok()) << text;
	}
	EXPECT_FALSE(read_toml_subset("a = " + std::string(100, '[') + std::string(100, ']'), 64).ok());
}

} // namespace

} // namespace bulwark::vulndb
