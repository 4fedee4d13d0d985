// What the goldens cannot show about vulnerability and secret output: a raw secret never
// reaches any format, sections appear only for scanners that ran, SARIF locations are valid
// URIs whatever the file is called, CycloneDX keeps only what its schema formats accept,
// and the table keeps 80 columns with findings too.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <sstream>

#include "report/report_fixture.h"
#include "report/report_writer.h"

namespace bulwark {
namespace {

using nlohmann::json;
using testing::sample_report;

std::string render(std::string_view format, const ScanReport &report) {
	ReportOptions options;
	options.document_uuid = "3e671687-395b-41f5-a30f-a58921a69b79";
	options.timestamp = "2026-11-24T01:05:00Z";
	auto writer = make_report_writer(format, options);
	EXPECT_NE(writer, nullptr) << format;
	std::ostringstream out;
	if (writer) {
		EXPECT_TRUE(writer->write(report, out).ok()) << format;
	}
	return out.str();
}

// What the secret scanner would report for a raw match: four characters, then "*****".
SecretFinding secret_from(std::string_view raw, std::string path, std::optional<size_t> layer) {
	SecretFinding secret;
	secret.rule_id = "test-rule";
	secret.title = "Test rule";
	secret.severity = Severity::critical;
	secret.path = std::move(path);
	secret.line = 7;
	secret.column = 3;
	secret.layer = layer;
	secret.masked = std::string(raw.substr(0, 4)) + "*****";
	return secret;
}

TEST(FindingsOutput, NoFormatEverPrintsMoreOfASecretThanItsMask) {
	// Each tail occurs nowhere else in the report: only a writer that had (or rebuilt) the raw
	// value could print it.
	const std::vector<std::string> raws = {"AKIAQ7PLANTEDRAWVALUE1", "ghp_PlantedRawValueThatMustNotLeak0123456",
	                                       "xoxb-planted-raw-value-9f8e7d"};
	ScanReport report = sample_report();
	report.secrets = {secret_from(raws[0], "srv/app/.env", 1), secret_from(raws[1], "config:Env", std::nullopt),
	                  secret_from(raws[2], "history:4", std::nullopt)};
	for (const auto &format : report_formats()) {
		const std::string output = render(format, report);
		for (const auto &raw : raws) {
			EXPECT_EQ(output.find(raw.substr(4)), std::string::npos) << format << " leaks " << raw;
			EXPECT_EQ(output.find(raw.substr(4, 6)), std::string::npos) << format << " leaks part of " << raw;
			// Every format that reports secrets shows the mask (SPDX and CycloneDX have no place for them).
			if (format != "spdx-json" && format != "cyclonedx") {
				EXPECT_NE(output.find(raw.substr(0, 4) + "*****"), std::string::npos) << format;
			}
		}
	}
}

TEST(FindingsOutput, SectionsOnlyForScannersThatRan) {
	ScanReport inventory = sample_report();
	inventory.scanners.clear();
	inventory.vulnerabilities.clear();
	inventory.secrets.clear();
	const std::string table = render("table", inventory);
	EXPECT_EQ(table.find("Vulnerabilities:"), std::string::npos);
	EXPECT_EQ(table.find("Secrets:"), std::string::npos);
	EXPECT_FALSE(json::parse(render("cyclonedx", inventory)).contains("vulnerabilities"));

	// Ran and found nothing: said so, rather than left out.
	ScanReport clean = inventory;
	clean.scanners = {"vuln", "secret"};
	const std::string clean_table = render("table", clean);
	EXPECT_NE(clean_table.find("Vulnerabilities: 0 (CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0)"), std::string::npos);
	EXPECT_NE(clean_table.find("Secrets: 0 (CRITICAL: 0"), std::string::npos);
	EXPECT_EQ(json::parse(render("cyclonedx", clean))["vulnerabilities"], json::array());
	const json sarif = json::parse(render("sarif", clean));
	EXPECT_EQ(sarif["runs"][0]["results"], json::array());
	EXPECT_EQ(sarif["runs"][0]["tool"]["driver"]["rules"], json::array());
}

TEST(FindingsOutput, TableCountsOnlyUnsuppressedFindingsAndListsSuppressedWithReason) {
	const std::string table = render("table", sample_report());
	EXPECT_NE(table.find("Vulnerabilities: 4 (CRITICAL: 1, HIGH: 1, MEDIUM: 1, LOW: 1, UNKNOWN: 0)"), std::string::npos);
	const size_t suppressed = table.find("Suppressed vulnerabilities: 2");
	ASSERT_NE(suppressed, std::string::npos);
	EXPECT_GT(table.find("vex not_affected: vulnerable_code_not_in_execute_path (vex/app.openvex.json)"), suppressed);
	EXPECT_GT(table.find("CVE-2022-3715"), suppressed);
	// Most severe first.
	EXPECT_LT(table.find("CVE-2023-38545"), table.find("CVE-2023-4641"));
	EXPECT_LT(table.find("CVE-2023-4641"), table.find("CVE-2024-2379"));
	EXPECT_NE(table.find("1 (deleted in 2)"), std::string::npos);
}

TEST(FindingsOutput, TableWithLongFindingsStaysWithinEightyColumnsAndKeepsPathEnds) {
	ScanReport report = sample_report();
	report.vulnerabilities[0].installed_version = std::string(90, '7');
	report.vulnerabilities[0].fixed_version = std::string(90, '8');
	report.vulnerabilities[0].id = "GHSA-xxxx-xxxx-xxxx-and-then-some-more";
	report.vulnerabilities[1].title = "\x1b[31m" + std::string(200, 't');
	report.vulnerabilities[5].suppression->justification = std::string(300, 'j');
	report.secrets[0].path = "srv/" + std::string(120, 'd') + "/config/settings.env";
	report.secrets[0].rule_id = std::string(70, 'r');
	const std::string table = render("table", report);
	EXPECT_EQ(table.find('\x1b'), std::string::npos);
	EXPECT_NE(table.find("/config/settings.env:3"), std::string::npos) << "a cut path keeps its end:\n" << table;
	testing::expect_fits_eighty_columns(table);
}

TEST(FindingsOutput, SarifLevelsFollowSeverity) {
	const json sarif = json::parse(render("sarif", sample_report()));
	std::map<std::string, std::string> levels;
	for (const auto &result : sarif["runs"][0]["results"]) {
		levels[result["ruleId"].get<std::string>()] = result["level"].get<std::string>();
	}
	EXPECT_EQ(levels["CVE-2023-38545"], "error");  // critical
	EXPECT_EQ(levels["CVE-2023-30861"], "error");  // high
	EXPECT_EQ(levels["CVE-2023-4641"], "warning"); // medium
	EXPECT_EQ(levels["CVE-2024-2379"], "note");    // low
}

TEST(FindingsOutput, SarifUrisAreValidForAnyFileName) {
	ScanReport report = sample_report();
	report.secrets = {secret_from("AKIAQ7PLANTEDRAWVALUE1", "/srv/my app/#1:x?y%\xFF.env", 1),
	                  secret_from("AKIAQ7PLANTEDRAWVALUE1", "config:Labels", std::nullopt)};
	report.packages[6].db_path = "usr/lib/python3/dist-packages/caf\xC3\xA9.dist-info/METADATA";
	const json sarif = json::parse(render("sarif", report));
	const json &results = sarif["runs"][0]["results"];
	std::vector<json> secrets;
	for (const auto &result : results) {
		if (result["ruleId"] == "test-rule") {
			secrets.push_back(result["locations"][0]["physicalLocation"]);
		}
		if (result["ruleId"] == "CVE-2023-30861" && !result.contains("suppressions")) {
			EXPECT_EQ(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
			          "usr/lib/python3/dist-packages/caf%C3%A9.dist-info/METADATA");
			EXPECT_EQ(result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], "pkg:pypi/flask@2.2.2");
		}
	}
	ASSERT_EQ(secrets.size(), 2u);
	EXPECT_EQ(secrets[0]["artifactLocation"], json({{"uri", "srv/my%20app/%231%3Ax%3Fy%25%FF.env"}, {"uriBaseId", "ROOTPATH"}}));
	EXPECT_EQ(secrets[0]["region"], json({{"startLine", 7}, {"startColumn", 3}}));
	EXPECT_EQ(secrets[1]["artifactLocation"], json({{"uri", "config:Labels"}}));
}

TEST(FindingsOutput, SarifRuleCarriesTheScoreOfTheSeveritySource) {
	ScanReport report = sample_report();
	report.vulnerabilities.resize(1);
	VulnFinding &finding = report.vulnerabilities[0];
	finding.severity_source = "ghsa";
	finding.cvss = {{"nvd", "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, Severity::critical},
	                {"ghsa", "3.1", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.1, Severity::high}};
	const auto rule = [&] { return json::parse(render("sarif", report))["runs"][0]["tool"]["driver"]["rules"][0]; };
	EXPECT_EQ(rule()["properties"]["security-severity"], "8.1");
	finding.severity_source = "debian"; // no rating of its own: the newest CVSS version, first of equals
	finding.cvss.push_back({"nvd", "4.0", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3, Severity::critical});
	EXPECT_EQ(rule()["properties"]["security-severity"], "9.3");
	finding.cvss.clear();
	EXPECT_FALSE(rule()["properties"].contains("security-severity"));
	EXPECT_EQ(rule()["helpUri"], "https://curl.se/docs/CVE-2023-38545.html");
	finding.references = {"not a url"};
	EXPECT_EQ(rule()["helpUri"], "https://nvd.nist.gov/vuln/detail/CVE-2023-38545") << "falls back to the id's page";
}

TEST(FindingsOutput, CycloneDxKeepsOnlyDatesAndUrlsItsSchemaAccepts) {
	ScanReport report = sample_report();
	report.vulnerabilities.resize(1);
	VulnFinding &finding = report.vulnerabilities[0];
	finding.references = {"https://example.org/a b", "ftp://example.org/x", "https://example.org/%zz",
	                      "https://example.org/ok?x=1#y"};
	finding.published = "2023-10-18";
	finding.modified = "2023-13-01T00:00:00Z";
	json vulnerability = json::parse(render("cyclonedx", report))["vulnerabilities"][0];
	EXPECT_EQ(vulnerability["advisories"], json::array({{{"url", "https://example.org/ok?x=1#y"}}}));
	EXPECT_EQ(vulnerability["published"], "2023-10-18T00:00:00Z");
	EXPECT_FALSE(vulnerability.contains("updated"));
	for (const std::string bad : {"2023-10-18 04:15", "2023-10-18T04:15:11", "2023-10-18T24:00:00Z", "2023-10-18T04:15:11.Z",
	                              "2023-10-18T04:15:11+0100", ""}) {
		finding.published = bad;
		vulnerability = json::parse(render("cyclonedx", report))["vulnerabilities"][0];
		EXPECT_FALSE(vulnerability.contains("published")) << bad;
	}
	finding.published = "2023-10-18T04:15:11.5-04:30";
	EXPECT_EQ(json::parse(render("cyclonedx", report))["vulnerabilities"][0]["published"], "2023-10-18T04:15:11.5-04:30");
}

// docs/sbom.md#vulnerabilities: the suppression mapping.
TEST(FindingsOutput, CycloneDxAnalysisFollowsStatusAndSuppression) {
	ScanReport report = sample_report();
	report.vulnerabilities.resize(1);
	VulnFinding &finding = report.vulnerabilities[0];
	const auto analysis = [&] { return json::parse(render("cyclonedx", report))["vulnerabilities"][0]; };
	EXPECT_EQ(analysis()["analysis"]["state"], "exploitable");
	EXPECT_EQ(analysis()["analysis"]["response"], json::array({"update"}));
	EXPECT_EQ(analysis()["recommendation"], "Upgrade curl to 7.88.1-10+deb12u16");

	finding.suppression = Suppression {"vex", "not_affected", "vulnerable_code_cannot_be_controlled_by_adversary", "a.json"};
	EXPECT_EQ(analysis()["analysis"]["state"], "not_affected");
	EXPECT_EQ(analysis()["analysis"]["justification"], "requires_environment");
	EXPECT_EQ(analysis()["affects"][0]["versions"][0]["status"], "unaffected");

	finding.suppression->justification = "our own words";
	EXPECT_FALSE(analysis()["analysis"].contains("justification"));
	EXPECT_EQ(analysis()["analysis"]["detail"], "vex not_affected: our own words (a.json)");

	finding.suppression = Suppression {"vex", "fixed", "", "a.json"};
	EXPECT_EQ(analysis()["analysis"]["state"], "resolved");

	finding.suppression = Suppression {"ignore-file", "ignored", "accepted", ".bulwarkignore"};
	EXPECT_EQ(analysis()["analysis"]["state"], "exploitable");
	EXPECT_EQ(analysis()["analysis"]["response"], json::array({"will_not_fix"}));
	EXPECT_EQ(analysis()["affects"][0]["versions"][0]["status"], "affected");

	finding.suppression.reset();
	finding.status = VulnStatus::affected;
	finding.fixed_version.clear();
	EXPECT_FALSE(analysis().contains("recommendation"));
	EXPECT_FALSE(analysis()["analysis"].contains("response"));
}

} // namespace
} // namespace bulwark
