// The Debian tracker importer on a real sample of the tracker's JSON (vunnel's fixture;
// agreement with python3's json: importer_oracle_test.cpp), and the member-by-member reader
// it uses on damaged documents.
#include <gtest/gtest.h>

#include <sstream>

#include "vulndb/json_members.h"
#include "vulndb/vulndb_fixture.h"

namespace bulwark::vulndb {

namespace {

namespace fs = std::filesystem;
using bulwark::testing::data_path;
using bulwark::testing::TempDir;
using bulwark::testing::write_file;

TEST(DebianImporter, TrackerSample) {
	TempDir dir;
	const std::string db_path = (dir.path() / "bulwark.db").string();
	const ImportStats stats = testing::import_into(db_path, "debian", data_path("vulndb/debian/debian.json").string());
	EXPECT_EQ(stats.records, 5U) << testing::warnings_of(stats);
	EXPECT_EQ(stats.ignored, 2U); // CVE-2007-2383 fixed "0" everywhere; chromium-browser without releases
	EXPECT_EQ(stats.skipped, 0U);
	auto db = testing::open_db(db_path);
	ASSERT_TRUE(db);

	const auto buster = testing::lookup(*db, "deb", "buster", "chromium");
	ASSERT_EQ(buster.size(), 1U);
	EXPECT_EQ(buster[0].advisory.id, "CVE-2022-0456");
	EXPECT_TRUE(buster[0].affected.open);
	EXPECT_TRUE(buster[0].affected.ranges.empty());
	EXPECT_EQ(buster[0].affected.severity, "end-of-life");
	const auto bullseye = testing::lookup(*db, "deb", "bullseye", "chromium");
	ASSERT_EQ(bullseye.size(), 1U);
	EXPECT_EQ(testing::describe(bullseye[0].affected),
	          "deb/bullseye/chromium open=0 severity=not yet assigned versions=[] "
	          "ECOSYSTEM{introduced:0;fixed:98.0.4758.80-1~deb11u1;constraints=[];unaffected=[]}");
	const auto prototype = testing::lookup(*db, "deb", "stretch", "prototypejs");
	ASSERT_EQ(prototype.size(), 1U); // CVE-2007-2383 is "0": never affected
	EXPECT_EQ(prototype[0].advisory.id, "CVE-2008-7220");
	EXPECT_EQ(prototype[0].affected.severity, "high"); // "high**"
	EXPECT_NE(prototype[0].advisory.details.find("Prototype JavaScript framework"), std::string::npos);
	EXPECT_TRUE(testing::lookup(*db, "deb", "bookworm", "chromium-browser").empty());
}

TEST(DebianImporter, StatusesUrgenciesAndOneCveInTwoPackages) {
	TempDir dir;
	const fs::path input = dir.path() / "tracker.json";
	write_file(input, R"({
	  "openssl": {"CVE-2024-1": {"description": "first text", "releases": {
	      "bookworm": {"status": "undetermined", "urgency": "not yet assigned"},
	      "trixie": {"status": "resolved", "fixed_version": "3.0.14-1", "urgency": "medium*"},
	      "forky": {"status": "wontfix", "urgency": "low"},
	      "sid": {"status": "resolved", "urgency": "low"}}}},
	  "openssl1.1": {"CVE-2024-1": {"description": "second text", "releases": {
	      "bullseye": {"status": "open", "urgency": "unimportant"}}}},
	  "broken": [1, 2],
	  "half": {"CVE-2024-2": "not an object", "CVE-2024-3": {"releases": {"sid": {"status": "open"}}}}
	})");
	const std::string db_path = (dir.path() / "bulwark.db").string();
	const ImportStats stats = testing::import_into(db_path, "debian", input.string());
	EXPECT_EQ(stats.records, 3U) << testing::warnings_of(stats);
	EXPECT_EQ(stats.skipped, 2U) << testing::warnings_of(stats);
	EXPECT_NE(testing::warnings_of(stats).find("openssl CVE-2024-1: release forky has unknown status 'wontfix'"), std::string::npos);
	EXPECT_NE(testing::warnings_of(stats).find("release sid is resolved without a fixed_version"), std::string::npos);
	auto db = testing::open_db(db_path);
	ASSERT_TRUE(db);
	const auto undetermined = testing::lookup(*db, "deb", "bookworm", "openssl");
	ASSERT_EQ(undetermined.size(), 1U);
	EXPECT_TRUE(undetermined[0].affected.open);
	EXPECT_EQ(undetermined[0].affected.severity, "not yet assigned");
	EXPECT_EQ(testing::lookup(*db, "deb", "trixie", "openssl").at(0).affected.severity, "medium");
	const auto other_package = testing::lookup(*db, "deb", "bullseye", "openssl1.1");
	ASSERT_EQ(other_package.size(), 1U);
	EXPECT_EQ(other_package[0].advisory.details, "first text"); // one advisory, the first text
	EXPECT_EQ(db->info().advisories, 2U);
	EXPECT_EQ(testing::lookup(*db, "deb", "sid", "half").size(), 1U);
}

TEST(DebianImporter, WholeDocumentFailuresAreErrors) {
	TempDir dir;
	DbWriter writer = std::move(DbWriter::create((dir.path() / "bulwark.db").string(), false)).value();
	ASSERT_TRUE(writer.begin_source(SourceInfo {"debian", "debian", "", "", 0, ""}).ok());
	const std::string good = R"({"a": {"CVE-1": {"releases": {"sid": {"status": "open"}}}}})";
	for (const auto &[content, code] : std::vector<std::pair<std::string, ErrorCode>> {
	         {"[1, 2]", ErrorCode::malformed_json},
	         {good.substr(0, good.size() - 1), ErrorCode::truncated},
	         {good.substr(0, 20), ErrorCode::truncated},
	         {good + " trailing", ErrorCode::malformed_json},
	         {R"({"a" {}})", ErrorCode::malformed_json},
	         {R"({"a": {}} {)", ErrorCode::malformed_json}}) {
		write_file(dir.path() / "t.json", content);
		auto result = make_importer("debian")->import((dir.path() / "t.json").string(), writer, {});
		ASSERT_FALSE(result.ok()) << content;
		EXPECT_EQ(result.error().code, code) << content << ": " << result.error().describe();
	}
	auto missing = make_importer("debian")->import((dir.path() / "missing.json").string(), writer, {});
	ASSERT_FALSE(missing.ok());
	EXPECT_EQ(missing.error().code, ErrorCode::io);
}

TEST(DebianImporter, OversizedMemberIsSkippedAndTheRestRead) {
	TempDir dir;
	const fs::path input = dir.path() / "tracker.json";
	write_file(input, R"({"big": {"CVE-1": {"description": ")" + std::string(5000, 'x') +
	                      R"(", "releases": {"sid": {"status": "open"}}}}, "small": {"CVE-2": {"releases": {"sid": {"status": "open"}}}}})");
	ImportLimits limits;
	limits.max_member_bytes = 1000;
	const std::string db_path = (dir.path() / "bulwark.db").string();
	const ImportStats stats = testing::import_into(db_path, "debian", input.string(), limits);
	EXPECT_EQ(stats.records, 1U);
	EXPECT_EQ(stats.skipped, 1U);
	EXPECT_NE(testing::warnings_of(stats).find("source package big: more than 1000 bytes"), std::string::npos) << testing::warnings_of(stats);
}

TEST(JsonMemberReader, MembersAsTextWithEscapedNames) {
	std::istringstream in(R"(  {"a\"b": {"x": "}\"{", "y": [1, {"z": []}]} , "c\u00e9" : "s,}", "n": 12 ,"e":{}}  )");
	JsonMemberReader reader(in, 1 << 20);
	std::string key;
	std::string value;
	std::vector<std::pair<std::string, std::string>> members;
	for (;;) {
		auto more = reader.next(key, value);
		ASSERT_TRUE(more.ok()) << more.error().describe();
		if (!*more) {
			break;
		}
		members.emplace_back(key, value);
	}
	EXPECT_EQ(members, (std::vector<std::pair<std::string, std::string>> {{"a\"b", R"({"x": "}\"{", "y": [1, {"z": []}]})"},
	                                                                      {"c\xc3\xa9", R"("s,}")"},
	                                                                      {"n", "12"},
	                                                                      {"e", "{}"}}));
}

TEST(JsonMemberReader, EmptyObjectAndEmptyInput) {
	std::string key;
	std::string value;
	std::istringstream empty_object(" {} ");
	JsonMemberReader reader(empty_object, 100);
	auto more = reader.next(key, value);
	ASSERT_TRUE(more.ok());
	EXPECT_FALSE(*more);
	std::istringstream nothing("");
	JsonMemberReader none(nothing, 100);
	EXPECT_FALSE(none.next(key, value).ok());
}

} // namespace

} // namespace bulwark::vulndb
