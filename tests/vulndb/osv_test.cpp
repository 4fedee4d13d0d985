// The OSV importer on real records (Go vulndb, PyPA advisory database, GHSA; see
// tests/data/vulndb/README.md), on hostile inputs record by record, and on zips read like
// the public `<Ecosystem>/all.zip` dumps. Field-by-field agreement with python3's reading of
// the same files: importer_oracle_test.cpp.
#include <gtest/gtest.h>

#include "support/oracle_command.h"
#include "support/test_support.h"
#include "vulndb/vulndb_fixture.h"

namespace bulwark::vulndb {

namespace {

namespace fs = std::filesystem;
using bulwark::testing::data_path;
using bulwark::testing::read_file;
using bulwark::testing::TempDir;
using bulwark::testing::write_file;

std::string osv_record(const std::string &id, const std::string &ecosystem, const std::string &name,
                       const std::string &extra = "") {
	return R"({"id":")" + id + R"(","summary":"s","affected":[{"package":{"ecosystem":")" + ecosystem +
	       R"(","name":")" + name +
	       R"("},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.2.3"}]}]}])" + extra + "}";
}

TEST(OsvImporter, GoRecordsBehindTrivysGoModExpectations) {
	TempDir dir;
	const std::string db_path = (dir.path() / "bulwark.db").string();
	const ImportStats stats = testing::import_into(db_path, "osv", data_path("vulndb/golang").string());
	EXPECT_EQ(stats.records, 3U);
	EXPECT_EQ(stats.withdrawn, 1U); // GO-2022-0617
	EXPECT_EQ(stats.skipped, 0U) << testing::warnings_of(stats);
	auto db = testing::open_db(db_path);
	ASSERT_TRUE(db);

	const auto distribution = testing::lookup(*db, "golang", "", "github.com/docker/distribution");
	ASSERT_EQ(distribution.size(), 1U);
	EXPECT_EQ(distribution[0].advisory.id, "GO-2022-0379");
	EXPECT_EQ(distribution[0].advisory.aliases, std::vector<std::string> {"GHSA-qq97-vm5h-rrhg"});
	EXPECT_EQ(distribution[0].advisory.summary, "Type confusion in github.com/docker/distribution");
	EXPECT_EQ(distribution[0].advisory.published, "2022-07-29T20:00:03Z");
	EXPECT_EQ(testing::describe(distribution[0].affected),
	          "golang//github.com/docker/distribution open=0 severity= versions=[] "
	          "SEMVER{introduced:0;fixed:2.8.0+incompatible;constraints=[];unaffected=[]}");
	for (const auto &[module, id, cve] :
	     std::vector<std::tuple<std::string, std::string, std::string>> {
	         {"golang.org/x/text", "GO-2021-0113", "CVE-2021-38561"},
	         {"github.com/open-policy-agent/opa", "GO-2022-0316", "CVE-2022-23628"}}) {
		const auto found = testing::lookup(*db, "golang", "", module);
		ASSERT_EQ(found.size(), 1U) << module;
		EXPECT_EQ(found[0].advisory.id, id);
		EXPECT_EQ(found[0].advisory.aliases.at(0), cve);
	}
	EXPECT_TRUE(testing::lookup(*db, "golang", "", "k8s.io/kubernetes").empty()); // withdrawn
}

TEST(OsvImporter, PypaYamlRecordsOfWerkzeug) {
	TempDir dir;
	const std::string db_path = (dir.path() / "bulwark.db").string();
	const ImportStats stats = testing::import_into(db_path, "osv", data_path("vulndb/pypa").string());
	EXPECT_EQ(stats.withdrawn, 1U); // py PYSEC-2022-42969
	EXPECT_EQ(stats.ignored, 1U);   // datasette PYSEC-2025-73: a package without ranges or versions
	EXPECT_EQ(stats.records, 5U);
	EXPECT_EQ(stats.skipped, 0U) << testing::warnings_of(stats);
	auto db = testing::open_db(db_path);
	ASSERT_TRUE(db);
	const auto werkzeug = testing::lookup(*db, "pypi", "", "werkzeug");
	ASSERT_EQ(werkzeug.size(), 2U);
	const Candidate *pin = testing::find_advisory(werkzeug, "PYSEC-2019-140");
	const Candidate *redirect = testing::find_advisory(werkzeug, "PYSEC-2020-157");
	ASSERT_TRUE(pin && redirect);
	EXPECT_EQ(pin->advisory.aliases, (std::vector<std::string> {"CVE-2019-14806", "GHSA-gq9m-qvpx-68hc"}));
	EXPECT_EQ(redirect->advisory.aliases.at(0), "CVE-2020-28724");
	// The GIT range is dropped, the ECOSYSTEM range kept; its 55 listed versions are every
	// release before the fix, all inside the range: none is stored.
	ASSERT_EQ(pin->affected.ranges.size(), 1U);
	EXPECT_EQ(pin->affected.ranges[0].type, "ECOSYSTEM");
	EXPECT_EQ(pin->affected.ranges[0].events.at(1).version, "0.15.3");
	EXPECT_TRUE(pin->affected.versions.empty());
	EXPECT_EQ(pin->advisory.modified, "2019-09-11T00:15:00Z");
	EXPECT_TRUE(testing::lookup(*db, "pypi", "", "py").empty());
	EXPECT_TRUE(testing::lookup(*db, "pypi", "", "datasette").empty());
	// Only explicit versions (a malicious-package record), no ranges.
	const auto rlask = testing::lookup(*db, "pypi", "", "rlask");
	ASSERT_EQ(rlask.size(), 1U);
	EXPECT_TRUE(rlask[0].affected.ranges.empty());
	EXPECT_EQ(rlask[0].affected.versions.size(), 5U);
}

// Listed versions that the ranges hold are not stored; the others are, as written (a quoted
// '0.10' is not the YAML float 0.1), and so are versions the ecosystem rejects.
TEST(OsvImporter, StoresOnlyListedVersionsOutsideTheRanges) {
	TempDir dir;
	write_file(dir.path() / "in" / "PYSEC-1.yaml", R"(id: PYSEC-1
affected:
- package: {name: Some_Package, ecosystem: PyPI}
  ranges:
  - type: ECOSYSTEM
    events: [{introduced: "0"}, {fixed: "1.0"}]
  versions: ['0.10', 0.9.1, 1.0rc1, '1.0', 1.1.post2, not a version!, 2.0.0]
- package: {name: other, ecosystem: PyPI}
  versions: ['0.10', '1.0']
)");
	const std::string db_path = (dir.path() / "bulwark.db").string();
	const ImportStats stats = testing::import_into(db_path, "osv", (dir.path() / "in").string());
	EXPECT_EQ(stats.records, 1U);
	auto db = testing::open_db(db_path);
	ASSERT_TRUE(db);
	const auto some = testing::lookup(*db, "pypi", "", "some-package");
	ASSERT_EQ(some.size(), 1U);
	EXPECT_EQ(some[0].affected.versions, (std::vector<std::string> {"1.0", "1.1.post2", "not a version!", "2.0.0"}));
	const auto other = testing::lookup(*db, "pypi", "", "other");
	ASSERT_EQ(other.size(), 1U);
	EXPECT_EQ(other[0].affected.versions, (std::vector<std::string> {"0.10", "1.0"}));
}

TEST(OsvImporter, CondensedGhsaArrayWithTopLevelSeverity) {
	TempDir dir;
	const std::string db_path = (dir.path() / "bulwark.db").string();
	const ImportStats stats =
	    testing::import_into(db_path, "osv", data_path("vulndb/ghsa/ghsa-npm-sample.condensed.json").string());
	EXPECT_EQ(stats.records, 8U);
	auto db = testing::open_db(db_path);
	ASSERT_TRUE(db);
	const auto lodash = testing::lookup(*db, "npm", "", "lodash");
	ASSERT_EQ(lodash.size(), 2U);
	const Candidate *prototype = testing::find_advisory(lodash, "GHSA-p6mc-m468-83gw");
	ASSERT_TRUE(prototype);
	EXPECT_EQ(prototype->advisory.severity, "HIGH");
	EXPECT_EQ(prototype->advisory.aliases, std::vector<std::string> {"CVE-2020-8203"});
	EXPECT_EQ(testing::lookup(*db, "npm", "", "lodash-es").size(), 2U);
	EXPECT_EQ(testing::lookup(*db, "npm", "", "qs").size(), 9U); // nine ranges of one advisory
}

TEST(OsvImporter, EcosystemsMapToPurlTypesAndNamesAreNormalised) {
	TempDir dir;
	const fs::path input = dir.path() / "records";
	write_file(input / "a.json", osv_record("DSA-1", "Debian:12", "openssl"));
	write_file(input / "b.json", osv_record("ALPINE-1", "Alpine:v3.19", "musl"));
	write_file(input / "c.json", osv_record("USN-1", "Ubuntu:22.04:LTS", "glibc"));
	write_file(input / "d.json", osv_record("USN-2", "Ubuntu:Pro:18.04:LTS", "glibc"));
	write_file(input / "e.json", osv_record("GHSA-1", "PyPI", "Zope.Interface__x"));
	write_file(input / "f.json", osv_record("GHSA-2", "NuGet", "Newtonsoft.Json"));
	write_file(input / "g.json", osv_record("GHSA-3", "Maven", "org.apache.logging.log4j:log4j-core"));
	write_file(input / "h.json", osv_record("GHSA-4", "Hex", "plug"));
	write_file(input / "i.json", osv_record("GHSA-5", "Packagist", "Symfony/HTTP-Kernel"));
	write_file(input / "j.json", osv_record("RUSTSEC-1", "crates.io", "Tokio"));
	write_file(input / "l.json", osv_record("GHSA-6", "npm", "jQuery"));
	write_file(input / "k.yml", "id: GEM-1\naffected:\n- package: {ecosystem: RubyGems, name: rack}\n"
	                            "  versions: ['2.0.1']\n");
	const std::string db_path = (dir.path() / "bulwark.db").string();
	const ImportStats stats = testing::import_into(db_path, "osv", input.string());
	EXPECT_EQ(stats.records, 10U) << testing::warnings_of(stats);
	EXPECT_EQ(stats.ignored, 2U);
	EXPECT_EQ(stats.unknown_ecosystems.at("Hex"), 1U);
	EXPECT_EQ(stats.unknown_ecosystems.at("Ubuntu:Pro:18.04:LTS"), 1U);
	auto db = testing::open_db(db_path);
	ASSERT_TRUE(db);
	for (const auto &[ecosystem, release, name] : std::vector<std::tuple<std::string, std::string, std::string>> {
	         {"deb", "bookworm", "openssl"},
	         {"apk", "v3.19", "musl"},
	         {"deb", "jammy", "glibc"},
	         {"pypi", "", "zope-interface-x"},
	         {"nuget", "", "newtonsoft.json"},
	         {"maven", "", "org.apache.logging.log4j:log4j-core"},
	         {"composer", "", "symfony/http-kernel"},
	         {"cargo", "", "Tokio"},
	         {"npm", "", "jquery"},
	         {"gem", "", "rack"}}) {
		EXPECT_EQ(testing::lookup(*db, ecosystem, release, name).size(), 1U) << ecosystem << "/" << release << "/" << name;
	}
}

TEST(OsvImporter, SeverityAndCvssVectors) {
	TempDir dir;
	const fs::path input = dir.path() / "GHSA-x.json";
	write_file(input, osv_record("GHSA-x", "npm", "@scope/pkg",
	                             R"(,"severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"},)"
	                             R"({"type":"CVSS_V4","score":"CVSS:4.0/AV:N"},{"type":"Ubuntu","score":"high"}],)"
	                             R"("database_specific":{"severity":"MODERATE"})"));
	const std::string db_path = (dir.path() / "bulwark.db").string();
	testing::import_into(db_path, "osv", input.string());
	auto db = testing::open_db(db_path);
	ASSERT_TRUE(db);
	const auto found = testing::lookup(*db, "npm", "", "@scope/pkg");
	ASSERT_EQ(found.size(), 1U);
	EXPECT_EQ(found[0].advisory.severity, "MODERATE");
	ASSERT_EQ(found[0].advisory.cvss.size(), 2U);
	EXPECT_EQ(found[0].advisory.cvss[1].vector, "CVSS:4.0/AV:N");
}

TEST(OsvImporter, GitOnlyRecordIsIgnored) {
	// PYSEC-2019-140 with its ECOSYSTEM range and versions list removed: a GIT range only.
	std::string record = read_file(data_path("vulndb/pypa/werkzeug/PYSEC-2019-140.yaml"));
	record = record.substr(0, record.find("  - type: ECOSYSTEM")) + record.substr(record.find("references:"));
	ASSERT_NE(record.find("type: GIT"), std::string::npos);
	TempDir dir;
	write_file(dir.path() / "PYSEC-2019-140.yaml", record);
	const ImportStats stats =
	    testing::import_into((dir.path() / "bulwark.db").string(), "osv", (dir.path() / "PYSEC-2019-140.yaml").string());
	EXPECT_EQ(stats.records, 0U);
	EXPECT_EQ(stats.ignored, 1U);
	EXPECT_EQ(stats.skipped, 0U) << testing::warnings_of(stats);
}

TEST(OsvImporter, HostileRecordsAreRejectedOneByOne) {
	TempDir dir;
	const fs::path input = dir.path() / "records";
	write_file(input / "good.json", osv_record("GOOD-1", "npm", "left-pad"));
	write_file(input / "bad-json.json", R"({"id": "BAD-1", "affected": [)");
	write_file(input / "huge.json", osv_record("HUGE-1", "npm", "huge", R"(,"details":")" + std::string(10 << 20, 'a') + "\""));
	write_file(input / "long-string.json",
	           osv_record("LONG-1", "npm", "long", R"(,"details":")" + std::string(300 << 10, 'a') + "\""));
	std::string unknown_range = osv_record("RANGE-1", "npm", "range");
	unknown_range.replace(unknown_range.find("ECOSYSTEM"), 9, "FOO");
	write_file(input / "unknown-range.json", unknown_range);
	write_file(input / "bad-event.json", R"({"id":"EVENT-1","affected":[{"package":{"ecosystem":"npm","name":"e"},)"
	                                     R"("ranges":[{"type":"SEMVER","events":[{"fixed":3}]}]}]})");
	write_file(input / "deep.json", osv_record("DEEP-1", "npm", "deep",
	                                           R"(,"database_specific":)" + std::string(100, '[') + std::string(100, ']')));
	std::string deep_yaml = "id: DEEPY-1\nx: ";
	for (int i = 0; i < 100; ++i) {
		deep_yaml += "[";
	}
	write_file(input / "deep.yaml", deep_yaml + std::string(100, ']') + "\n");
	write_file(input / "laughs.yaml", "id: LAUGHS-1\n"
	                                  "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	                                  "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	                                  "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	                                  "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n");
	write_file(input / "no-id.json", R"({"summary": "no id"})");
	write_file(input / "not-object.json", R"("a string")");
	write_file(input / "self-alias.json", osv_record("SELF-1", "npm", "self", R"(,"aliases":["SELF-1","CVE-1","CVE-1"])"));
	write_file(input / "bad-utf8.json", osv_record("UTF-1", "npm", "utf\xff"));

	const std::string db_path = (dir.path() / "bulwark.db").string();
	const ImportStats stats = testing::import_into(db_path, "osv", input.string());
	EXPECT_EQ(stats.records, 2U) << testing::warnings_of(stats);
	EXPECT_EQ(stats.skipped, 11U) << testing::warnings_of(stats);
	EXPECT_TRUE(testing::has_warning(stats, "bad-json.json: malformed_json")) << testing::warnings_of(stats);
	EXPECT_TRUE(testing::has_warning(stats, "huge.json: ")) << testing::warnings_of(stats);
	EXPECT_TRUE(testing::has_warning(stats, "exceeds the limit of 262144")) << testing::warnings_of(stats);
	EXPECT_TRUE(testing::has_warning(stats, "unknown range type 'FOO'; record skipped")) << testing::warnings_of(stats);
	EXPECT_TRUE(testing::has_warning(stats, "deep.json: limit_exceeded")) << testing::warnings_of(stats);
	EXPECT_TRUE(testing::has_warning(stats, "deep.yaml: limit_exceeded")) << testing::warnings_of(stats);
	EXPECT_TRUE(testing::has_warning(stats, "laughs.yaml: limit_exceeded")) << testing::warnings_of(stats);
	EXPECT_TRUE(testing::has_warning(stats, "no-id.json: no id")) << testing::warnings_of(stats);
	EXPECT_TRUE(testing::has_warning(stats, "self-alias.json: lists itself as an alias; alias dropped")) << testing::warnings_of(stats);
	auto db = testing::open_db(db_path);
	ASSERT_TRUE(db);
	EXPECT_EQ(testing::lookup(*db, "npm", "", "left-pad").size(), 1U);
	const auto self = testing::lookup(*db, "npm", "", "self");
	ASSERT_EQ(self.size(), 1U);
	EXPECT_EQ(self[0].advisory.aliases, std::vector<std::string> {"CVE-1"});
}

TEST(OsvImporter, WholeInputFailuresAreErrors) {
	TempDir dir;
	DbWriter writer = std::move(DbWriter::create((dir.path() / "bulwark.db").string(), false)).value();
	ASSERT_TRUE(writer.begin_source(SourceInfo {"osv", "osv", "", "", 0, ""}).ok());
	auto missing = make_importer("osv")->import((dir.path() / "missing").string(), writer, {});
	ASSERT_FALSE(missing.ok());
	EXPECT_EQ(missing.error().code, ErrorCode::io);

	const std::string zip = testing::zip_of({{"A-1.json", osv_record("A-1", "npm", "a")}, {"A-2.json", osv_record("A-2", "npm", "b")}});
	write_file(dir.path() / "truncated.zip", zip.substr(0, zip.size() / 2));
	auto truncated = make_importer("osv")->import((dir.path() / "truncated.zip").string(), writer, {});
	ASSERT_FALSE(truncated.ok());
	EXPECT_EQ(truncated.error().code, ErrorCode::corrupt) << truncated.error().describe();
}

TEST(OsvImporter, ZipDumpsAreReadEntryByEntryWithinTheLimits) {
	TempDir dir;
	std::vector<std::pair<std::string, std::string>> entries;
	for (int i = 0; i < 50; ++i) {
		entries.emplace_back("GHSA-" + std::to_string(i) + ".json", osv_record("GHSA-" + std::to_string(i), "npm", "p" + std::to_string(i)));
	}
	entries.emplace_back("README.txt", "not a record");
	entries.emplace_back("BAD-1.json", "{");
	write_file(dir.path() / "all.zip", testing::zip_of(entries, 100U << 20));
	const std::string db_path = (dir.path() / "bulwark.db").string();
	const ImportStats stats = testing::import_into(db_path, "osv", (dir.path() / "all.zip").string());
	EXPECT_EQ(stats.records, 50U);
	EXPECT_EQ(stats.skipped, 2U) << testing::warnings_of(stats); // BAD-1 and the 100 MB entry
	EXPECT_TRUE(testing::has_warning(stats, "BOMB-1.json: zip entry BOMB-1.json is larger than")) << testing::warnings_of(stats);
	auto db = testing::open_db(db_path);
	ASSERT_TRUE(db);
	EXPECT_EQ(testing::lookup(*db, "npm", "", "p49").size(), 1U);

	// Past the total limit the zip is refused as a whole.
	ImportLimits small;
	small.max_zip_total_bytes = 2000;
	DbWriter writer = std::move(DbWriter::create((dir.path() / "other.db").string(), false)).value();
	ASSERT_TRUE(writer.begin_source(SourceInfo {"osv", "osv", "", "", 0, ""}).ok());
	auto refused = make_importer("osv")->import((dir.path() / "all.zip").string(), writer, small);
	ASSERT_FALSE(refused.ok());
	EXPECT_EQ(refused.error().code, ErrorCode::limit_exceeded);
}

} // namespace

} // namespace bulwark::vulndb
