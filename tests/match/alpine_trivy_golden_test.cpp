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
//    every (package, CVE) whose origin has a fix above the installed version. A CVE can be
//    listed under several fixes (one per version line the branch carried); each says the
//    versions below it lack the fix, so the fix reported is the highest (the others are
//    below it, still "affected" by it). Every finding of Trivy's golden the secdb also lists
//    is among them with the same fixed version; the ones the 2020 secdb snapshot does not
//    list are counted.
#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
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

// A secdb branch (main and community), read with yaml-cpp.
struct SecdbFixes {
	std::map<std::string, std::vector<std::pair<std::string, std::string>>> by_origin; // → (fixed, id)
	// (origin, id) listed under a version apk does not accept ("4.8.0.-r1", "4.10-1-r1": typos
	// in the real files). bulwark skips such an event, so the entry's range never closes and
	// every version is reported affected without a fix (affected_range.h); this evaluation
	// leaves the listing out instead. The difference is allowed and counted.
	std::set<std::pair<std::string, std::string>> unparseable;
};

// The vulnerabilities a free-text secfixes entry names, by the rule src/vulndb/alpine.cpp
// documents (its parsing is checked against python3 by importer_oracle_test): of the words
// before "(" that start with a letter and hold a dash ("CVE_" read "CVE-"), each CVE, or
// without a CVE the first ("XSA-207").
std::vector<std::string> vulnerabilities_named(const std::string &entry) {
	static const std::regex id_word("[A-Za-z][A-Za-z0-9._-]*");
	std::vector<std::string> ids, cves;
	std::istringstream words(entry.substr(0, entry.find('(')));
	for (std::string word; words >> word;) {
		word = std::regex_replace(word, std::regex("^CVE_"), "CVE-");
		if (std::regex_match(word, id_word) && word.find('-') != std::string::npos) {
			(word.starts_with("CVE-") ? cves : ids).push_back(word);
		}
	}
	if (!cves.empty() || ids.empty()) {
		return cves;
	}
	return {ids.front()};
}

SecdbFixes secdb_fixes(const std::string &branch) {
	const version::Comparator &apk = *version::comparator_for("apk");
	SecdbFixes fixes;
	for (const char *repo : {"main.yaml", "community.yaml"}) {
		const YAML::Node secdb = YAML::LoadFile((data_path("vulndb/alpine") / branch / repo).string());
		for (const auto &entry : secdb["packages"]) {
			const std::string origin = entry["pkg"]["name"].as<std::string>();
			for (const auto &listing : entry["pkg"]["secfixes"]) {
				const std::string fixed = listing.first.as<std::string>();
				for (const auto &entry : listing.second) {
					for (const std::string &id : vulnerabilities_named(entry.as<std::string>())) {
						if (fixed != "0" && !apk.compare(fixed, fixed).ok()) {
							fixes.unparseable.emplace(origin, id);
						} else {
							fixes.by_origin[origin].emplace_back(fixed, id);
						}
					}
				}
			}
		}
	}
	return fixes;
}

// What the secdb says about the report's packages.
std::set<Row> secdb_rows(const ScanReport &report, const SecdbFixes &fixes) {
	const version::Comparator &apk = *version::comparator_for("apk");
	std::map<std::pair<std::string, std::string>, std::string> highest; // (package, id) → fixed
	for (const auto &package : report.packages) {
		auto origin = fixes.by_origin.find(package.source_name);
		if (origin == fixes.by_origin.end()) {
			continue;
		}
		for (const auto &[fixed, id] : origin->second) {
			if (fixed == "0" || apk.compare(package.version, fixed).value() >= 0) {
				continue; // "0": never affected; otherwise the installed version has the fix
			}
			auto [it, inserted] = highest.emplace(std::pair(package.name, id), fixed);
			if (!inserted && apk.compare(fixed, it->second).value() > 0) {
				it->second = fixed;
			}
		}
	}
	std::set<Row> rows;
	for (const auto &[key, fixed] : highest) {
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
	const SecdbFixes fixes = secdb_fixes(golden.branch);
	std::set<std::pair<std::string, std::string>> listed = fixes.unparseable; // (origin, id), fixed or not
	for (const auto &[origin, entries] : fixes.by_origin) {
		for (const auto &[fixed, id] : entries) {
			listed.emplace(origin, id);
		}
	}
	const std::set<Row> expected = secdb_rows(report, fixes);
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

// Beyond the images: every origin of the branch installed at each version its secdb names and
// below them all, so that CVEs listed under several fixes are met between and below them.
TEST(AlpineSecdbMatching, EveryFixedVersionOfTheBranch) {
	for (const auto &golden : kGoldens) {
		TempDir dir;
		const std::string db_path = (dir.path() / "bulwark.db").string();
		vulndb::testing::import_into(db_path, "alpine", data_path("vulndb/alpine").string());
		const SecdbFixes fixes = secdb_fixes(golden.branch);
		ScanReport report;
		report.os.family = "alpine";
		report.os.version_id = golden.branch.substr(1) + ".0";
		size_t multiple = 0; // (origin, id) listed under more than one fix
		for (const auto &[origin, entries] : fixes.by_origin) {
			std::set<std::string> versions {"0.0.1-r0"};
			std::map<std::string, int> listings;
			for (const auto &[fixed, id] : entries) {
				if (fixed != "0") {
					versions.insert(fixed);
				}
				multiple += ++listings[id] == 2 ? 1 : 0;
			}
			for (const auto &version : versions) {
				Package package = apk_package(origin + "@" + version, version);
				package.source_name = origin;
				report.packages.push_back(std::move(package));
			}
		}
		const std::set<Row> expected = secdb_rows(report, fixes);
		const std::set<Row> ours = bulwark_rows(report, db_path);
		EXPECT_GT(multiple, 0U) << golden.branch;
		std::set<Row> only_ours, only_secdb;
		std::set_difference(ours.begin(), ours.end(), expected.begin(), expected.end(),
		                    std::inserter(only_ours, only_ours.end()));
		std::set_difference(expected.begin(), expected.end(), ours.begin(), ours.end(),
		                    std::inserter(only_secdb, only_secdb.end()));
		// "origin@version" → origin
		auto unparseable = [&](const Row &row) {
			const auto &[name, id, fixed] = row;
			return fixes.unparseable.contains({name.substr(0, name.find('@')), id});
		};
		size_t explained = 0;
		for (auto *rows : {&only_ours, &only_secdb}) {
			explained += std::erase_if(*rows, unparseable);
		}
		EXPECT_TRUE(only_ours.empty() && only_secdb.empty())
		    << golden.branch << " only bulwark:" << describe(only_ours) << "\nonly secdb:" << describe(only_secdb);
		std::cout << "[ " << golden.branch << " ] " << report.packages.size() << " installed versions, "
		          << ours.size() << " findings, " << multiple << " CVEs listed under several fixes; " << explained
		          << " rows differ only through the " << fixes.unparseable.size()
		          << " entries under an invalid fixed version\n";
	}
}

INSTANTIATE_TEST_SUITE_P(TrivyImages, AlpineTrivyGolden, ::testing::ValuesIn(kGoldens),
                         [](const auto &info) { return info.param.name == "alpine-310" ? "Alpine310" : "Alpine39"; });

} // namespace

} // namespace bulwark
