// Alpine matching against Trivy's golden results for its alpine 3.10.2 and 3.9.4 test images
// (tests/data/match/trivy-alpine, Apache-2.0). The packages are the image's (3.10: every apk
// package of its GitHub dependency-snapshot golden; 3.9: the ones its JSON golden reports),
// with their origin packages, which Trivy's goldens do not print: from the images' Alpine
// APKBUILDs (openssl builds libcrypto1.1 and libssl1.1, musl musl-utils, busybox ssl_client,
// pax-utils scanelf, libc-dev libc-utils, ca-certificates ca-certificates-cacert).
//  - With Trivy's own fixture database (fixture-db-alpine.yaml, written out as secdb branch
//    files) bulwark must report exactly what Trivy reported: (package, id, fixed version).
//  - With the real alpine-secdb branches (tests/data/vulndb/alpine, no licence stated) bulwark
//    must report exactly what the secdb says, read here with yaml-cpp and the apk comparator:
//    every (package, CVE) whose origin has a fix above the installed version, with the lowest
//    such fix. Every finding of Trivy's golden the secdb also lists is among them with the
//    same fixed version; the ones the 2020 secdb snapshot does not list are counted.
#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "match/vuln_matcher.h"
#include "version/version.h"
#include "vulndb/vulndb_fixture.h"

namespace bulwark {

namespace {

namespace fs = std::filesystem;
using bulwark::testing::data_path;
using bulwark::testing::read_file;
using bulwark::testing::TempDir;
using bulwark::testing::write_file;

// (package name, vulnerability id, fixed version)
using Row = std::tuple<std::string, std::string, std::string>;

const std::map<std::string, std::string> kOrigins = {
    {"libcrypto1.1", "openssl"},     {"libssl1.1", "openssl"},
    {"musl-utils", "musl"},          {"ssl_client", "busybox"},
    {"scanelf", "pax-utils"},        {"libc-utils", "libc-dev"},
    {"ca-certificates-cacert", "ca-certificates"},
};

struct Golden {
	std::string name;     // "alpine-310"
	std::string branch;   // secdb branch, "v3.10"
	bool has_snapshot;    // <name>.gsbom.golden lists every package of the image
};

void PrintTo(const Golden &golden, std::ostream *out) {
	*out << golden.name;
}

const std::vector<Golden> kGoldens = {{"alpine-310", "v3.10", true}, {"alpine-39", "v3.9", false}};

fs::path golden_dir() {
	return data_path("match/trivy-alpine");
}

nlohmann::json golden_json(const Golden &golden) {
	return nlohmann::json::parse(read_file(golden_dir() / (golden.name + ".json.golden")));
}

Package apk_package(const std::string &name, const std::string &version) {
	Package package;
	package.type = "apk";
	package.name = name;
	package.version = version;
	auto origin = kOrigins.find(name);
	package.source_name = origin == kOrigins.end() ? name : origin->second;
	return package;
}

// The image's OS and packages as Trivy saw them.
ScanReport image_report(const Golden &golden) {
	const nlohmann::json result = golden_json(golden);
	ScanReport report;
	report.os.family = "alpine";
	report.os.version_id = result["Metadata"]["OS"]["Name"].get<std::string>();
	std::set<std::pair<std::string, std::string>> packages;
	if (golden.has_snapshot) {
		const auto snapshot = nlohmann::json::parse(read_file(golden_dir() / (golden.name + ".gsbom.golden")));
		for (const auto &[target, manifest] : snapshot["manifests"].items()) {
			for (const auto &[name, entry] : manifest["resolved"].items()) {
				// "pkg:apk/alpine/<name>@<version>?arch=..."
				const std::string purl = entry["package_url"].get<std::string>();
				const size_t at = purl.find('@');
				packages.emplace(name, purl.substr(at + 1, purl.find('?') - at - 1));
			}
		}
	} else {
		for (const auto &target : result["Results"]) {
			for (const auto &v : target["Vulnerabilities"]) {
				packages.emplace(v["PkgName"].get<std::string>(), v["InstalledVersion"].get<std::string>());
			}
		}
	}
	for (const auto &[name, version] : packages) {
		report.packages.push_back(apk_package(name, version));
	}
	return report;
}

std::set<Row> trivy_rows(const Golden &golden) {
	std::set<Row> rows;
	const nlohmann::json result = golden_json(golden);
	for (const auto &target : result["Results"]) {
		for (const auto &v : target["Vulnerabilities"]) {
			rows.emplace(v["PkgName"].get<std::string>(), v["VulnerabilityID"].get<std::string>(),
			             v["FixedVersion"].get<std::string>());
		}
	}
	return rows;
}

std::set<Row> bulwark_rows(ScanReport report, const std::string &db_path) {
	auto db = vulndb::testing::open_db(db_path);
	EXPECT_TRUE(db);
	std::set<Row> rows;
	if (!db) {
		return rows;
	}
	auto matched = match_vulnerabilities(report, *db);
	EXPECT_TRUE(matched.ok()) << (matched.ok() ? "" : matched.error().describe());
	EXPECT_TRUE(report.warnings.empty()) << report.warnings.at(0).message;
	for (const auto &finding : report.vulnerabilities) {
		EXPECT_EQ(finding.installed_version, report.packages[finding.package].version);
		rows.emplace(report.packages[finding.package].name, finding.id, finding.fixed_version);
	}
	return rows;
}

std::string describe(const std::set<Row> &rows) {
	std::string out;
	for (const auto &[name, id, fixed] : rows) {
		out += "\n  " + name + " " + id + " " + fixed;
	}
	return out;
}

// Trivy's fixture database (its trivy-db bucket YAML: "alpine 3.10" → origin → CVE →
// FixedVersion) as secdb branch files.
void write_fixture_secdb(const fs::path &dir) {
	for (const auto &bucket : YAML::LoadFile((golden_dir() / "fixture-db-alpine.yaml").string())) {
		const std::string release = bucket["bucket"].as<std::string>().substr(std::string("alpine ").size());
		nlohmann::json packages = nlohmann::json::array();
		for (const auto &origin : bucket["pairs"]) {
			nlohmann::json secfixes = nlohmann::json::object();
			for (const auto &cve : origin["pairs"]) {
				secfixes[cve["value"]["FixedVersion"].as<std::string>()].push_back(cve["key"].as<std::string>());
			}
			packages.push_back({{"pkg", {{"name", origin["bucket"].as<std::string>()}, {"secfixes", secfixes}}}});
		}
		const std::string branch = release == "edge" ? "edge" : "v" + release;
		write_file(dir / branch / "main.json",
		           nlohmann::json {{"distroversion", branch}, {"reponame", "main"}, {"packages", packages}}.dump());
	}
}

// What the secdb branch says about the report's packages, read without bulwark's importer.
// Also returns (origin, id) of every entry, fixed or not, in `listed`.
std::set<Row> secdb_rows(const ScanReport &report, const std::string &branch,
                         std::set<std::pair<std::string, std::string>> &listed) {
	std::map<std::string, std::vector<std::pair<std::string, std::string>>> fixes; // origin → (fixed, id)
	for (const char *repo : {"main.yaml", "community.yaml"}) {
		const YAML::Node secdb = YAML::LoadFile((data_path("vulndb/alpine") / branch / repo).string());
		for (const auto &entry : secdb["packages"]) {
			const std::string origin = entry["pkg"]["name"].as<std::string>();
			for (const auto &fixed : entry["pkg"]["secfixes"]) {
				for (const auto &ids : fixed.second) {
					// "CVE-2016-9932 XSA-200": the first id names it, as the CVE is preferred
					const std::string line = ids.as<std::string>();
					const std::string id = line.substr(0, line.find(' '));
					fixes[origin].emplace_back(fixed.first.as<std::string>(), id);
					listed.emplace(origin, id);
				}
			}
		}
	}
	const version::Comparator &apk = *version::comparator_for("apk");
	std::map<std::pair<std::string, std::string>, std::string> lowest; // (package, id) → fixed
	for (const auto &package : report.packages) {
		for (const auto &[fixed, id] : fixes[package.source_name]) {
			if (fixed == "0" || apk.compare(package.version, fixed).value() >= 0) {
				continue; // "0": never affected; otherwise the installed version has the fix
			}
			auto [it, inserted] = lowest.emplace(std::pair(package.name, id), fixed);
			if (!inserted && apk.compare(fixed, it->second).value() < 0) {
				it->second = fixed;
			}
		}
	}
	std::set<Row> rows;
	for (const auto &[key, fixed] : lowest) {
		rows.emplace(key.first, key.second, fixed);
	}
	return rows;
}

class AlpineTrivyGolden : public ::testing::TestWithParam<Golden> {};

TEST_P(AlpineTrivyGolden, SameFindingsAsTrivyWithItsFixtureDatabase) {
	const Golden &golden = GetParam();
	TempDir dir;
	write_fixture_secdb(dir.path() / "secdb");
	const std::string db_path = (dir.path() / "bulwark.db").string();
	const auto stats = vulndb::testing::import_into(db_path, "alpine", (dir.path() / "secdb").string());
	EXPECT_EQ(stats.skipped, 0U) << vulndb::testing::warnings_of(stats);

	const std::set<Row> trivy = trivy_rows(golden);
	ASSERT_FALSE(trivy.empty());
	const std::set<Row> ours = bulwark_rows(image_report(golden), db_path);
	EXPECT_EQ(ours, trivy) << "bulwark:" << describe(ours) << "\nTrivy:" << describe(trivy);
}

TEST_P(AlpineTrivyGolden, RealSecdbFindingsIncludeTrivysAndNothingTheSecdbDoesNotSay) {
	const Golden &golden = GetParam();
	TempDir dir;
	const std::string db_path = (dir.path() / "bulwark.db").string();
	const auto stats = vulndb::testing::import_into(db_path, "alpine", data_path("vulndb/alpine").string());
	EXPECT_EQ(stats.skipped, 0U) << vulndb::testing::warnings_of(stats);

	const ScanReport report = image_report(golden);
	std::set<std::pair<std::string, std::string>> listed;
	const std::set<Row> expected = secdb_rows(report, golden.branch, listed);
	const std::set<Row> ours = bulwark_rows(report, db_path);
	EXPECT_EQ(ours, expected) << "bulwark:" << describe(ours) << "\nsecdb:" << describe(expected);

	std::map<std::string, std::string> origin_of;
	for (const auto &package : report.packages) {
		origin_of[package.name] = package.source_name;
	}
	size_t shared = 0;
	std::set<Row> not_in_secdb;
	for (const Row &row : trivy_rows(golden)) {
		const auto &[name, id, fixed] = row;
		if (listed.contains({origin_of[name], id})) {
			EXPECT_TRUE(ours.contains(row)) << name << " " << id << " fixed in " << fixed;
			++shared;
		} else {
			not_in_secdb.insert(row);
		}
	}
	EXPECT_GT(shared, 0U);
	std::cout << "[ " << golden.name << " ] " << report.packages.size() << " packages; bulwark " << ours.size()
	          << " findings; Trivy " << shared + not_in_secdb.size() << ", of which " << shared
	          << " the secdb lists (all found with Trivy's fixed version) and " << not_in_secdb.size()
	          << " it does not:" << describe(not_in_secdb) << "\n";
}

INSTANTIATE_TEST_SUITE_P(TrivyImages, AlpineTrivyGolden, ::testing::ValuesIn(kGoldens),
                         [](const auto &info) { return info.param.name == "alpine-310" ? "Alpine310" : "Alpine39"; });

} // namespace

} // namespace bulwark
