#include "policy/suppressions.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

#include <unistd.h>

namespace bulwark {
namespace {

std::string write_temp(const std::string &name, const std::string &text) {
	auto path = std::filesystem::temp_directory_path() / ("bulwark-policy-" + std::to_string(::getpid()) + "-" + name);
	std::ofstream(path) << text;
	return path.string();
}

ScanReport report_with_findings() {
	ScanReport report;
	Package openssl;
	openssl.type = "deb";
	openssl.name = "libssl3";
	openssl.version = "3.0.11-1~deb12u2";
	openssl.purl = "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12";
	openssl.db_path = "var/lib/dpkg/status";
	Package flask;
	flask.type = "pypi";
	flask.name = "Flask";
	flask.version = "2.0.0";
	flask.purl = "pkg:pypi/flask@2.0.0";
	flask.db_path = "usr/lib/python3/dist-packages/Flask-2.0.0.dist-info/METADATA";
	report.packages = {openssl, flask};
	VulnFinding a;
	a.id = "CVE-2023-5678";
	a.aliases = {"DSA-5532-1"};
	a.package = 0;
	a.severity = Severity::medium;
	a.status = VulnStatus::fixed;
	a.fixed_version = "3.0.13-1~deb12u1";
	VulnFinding b;
	b.id = "CVE-2023-30861";
	b.aliases = {"GHSA-m2qf-hxjv-5gpq", "PYSEC-2023-62"};
	b.package = 1;
	b.severity = Severity::high;
	b.status = VulnStatus::fixed;
	b.fixed_version = "2.2.5";
	VulnFinding c;
	c.id = "CVE-2024-0001";
	c.package = 0;
	c.severity = Severity::low;
	c.status = VulnStatus::affected;
	report.vulnerabilities = {a, b, c};
	SecretFinding s;
	s.rule_id = "aws-access-key-id";
	s.path = "app/tests/fixtures/creds.env";
	s.severity = Severity::critical;
	report.secrets = {s};
	return report;
}

TEST(IgnoreFile, YamlEntriesMatchByIdAliasPurlAndPath) {
	auto path = write_temp("ignore.yaml", R"(vulnerabilities:
  - id: GHSA-m2qf-hxjv-5gpq          # an alias of the finding's id
    reason: session cookie not used
  - id: CVE-2024-0001
    purls: [pkg:pypi/flask]          # wrong package: must not apply
  - id: CVE-2023-5678
    expires: 2001-01-01              # expired: must not apply
    reason: old
secrets:
  - paths: ["app/tests/*"]
    reason: fixture keys
)");
	auto ignore = load_ignore_file(path);
	ASSERT_TRUE(ignore.ok()) << ignore.error().describe();
	ScanReport report = report_with_findings();
	apply_suppressions(report, &*ignore, {}, "2026-11-24");
	EXPECT_FALSE(report.vulnerabilities[0].suppression.has_value());
	ASSERT_TRUE(report.vulnerabilities[1].suppression.has_value());
	EXPECT_EQ(report.vulnerabilities[1].suppression->justification, "session cookie not used");
	EXPECT_FALSE(report.vulnerabilities[2].suppression.has_value());
	ASSERT_TRUE(report.secrets[0].suppression.has_value());
	EXPECT_EQ(report.secrets[0].suppression->kind, "ignore-file");
	ASSERT_EQ(report.warnings.size(), 1u); // the expired entry is reported
	EXPECT_NE(report.warnings[0].message.find("expired on 2001-01-01"), std::string::npos);
	EXPECT_EQ(unsuppressed_findings(report), 2u);
}

TEST(IgnoreFile, TrivyIgnoreFormat) {
	auto path = write_temp(".trivyignore", "# accepted\nCVE-2023-5678\nCVE-2024-0001 exp:2099-01-01\n");
	auto ignore = load_ignore_file(path);
	ASSERT_TRUE(ignore.ok()) << ignore.error().describe();
	ScanReport report = report_with_findings();
	apply_suppressions(report, &*ignore, {}, "2026-11-24");
	EXPECT_TRUE(report.vulnerabilities[0].suppression.has_value());
	EXPECT_FALSE(report.vulnerabilities[1].suppression.has_value());
	EXPECT_TRUE(report.vulnerabilities[2].suppression.has_value());
}

TEST(IgnoreFile, BadDateIsRefused) {
	auto path = write_temp("bad.yaml", "vulnerabilities:\n  - id: CVE-1\n    expires: next week\n");
	auto ignore = load_ignore_file(path);
	ASSERT_FALSE(ignore.ok());
	EXPECT_EQ(ignore.error().code, ErrorCode::invalid_argument);
}

// OpenVEX 0.2.0 as `vexctl create` writes it: the image as product, packages as subcomponents.
TEST(OpenVex, NotAffectedSuppressesWithJustification) {
	auto path = write_temp("doc.openvex.json", R"({
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://openvex.dev/docs/public/vex-1",
  "author": "ci", "timestamp": "2026-11-01T00:00:00Z", "version": 1,
  "statements": [
    {"vulnerability": {"name": "CVE-2023-30861"},
     "products": [{"@id": "pkg:oci/app@sha256:abc", "subcomponents": [{"@id": "pkg:pypi/flask@2.0.0"}]}],
     "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path",
     "impact_statement": "no sessions"},
    {"vulnerability": {"name": "CVE-2023-5678"},
     "products": [{"@id": "pkg:deb/debian/libssl3"}],
     "status": "under_investigation"}
  ]})");
	auto vex = load_openvex(path);
	ASSERT_TRUE(vex.ok()) << vex.error().describe();
	ScanReport report = report_with_findings();
	apply_suppressions(report, nullptr, *vex, "2026-11-24");
	ASSERT_TRUE(report.vulnerabilities[1].suppression.has_value());
	EXPECT_EQ(report.vulnerabilities[1].suppression->kind, "vex");
	EXPECT_EQ(report.vulnerabilities[1].suppression->status, "not_affected");
	EXPECT_EQ(report.vulnerabilities[1].suppression->justification, "vulnerable_code_not_in_execute_path: no sessions");
	EXPECT_FALSE(report.vulnerabilities[0].suppression.has_value()); // under_investigation does not suppress
}

TEST(OpenVex, MalformedDocumentsAreRefused) {
	for (const char *text : {"not json", "{}", R"({"@context": "https://openvex.dev/ns/v0.2.0"})",
	                         R"({"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"status": "fixed"}]})"}) {
		auto vex = load_openvex(write_temp("bad.json", text));
		EXPECT_FALSE(vex.ok()) << text;
	}
}

TEST(Filter, SeverityAndUnfixed) {
	ScanReport report = report_with_findings();
	apply_filter(report, FindingFilter {{Severity::high, Severity::critical}, false});
	ASSERT_EQ(report.vulnerabilities.size(), 1u);
	EXPECT_EQ(report.vulnerabilities[0].id, "CVE-2023-30861");
	EXPECT_EQ(report.secrets.size(), 1u);
	report = report_with_findings();
	apply_filter(report, FindingFilter {{}, true});
	EXPECT_EQ(report.vulnerabilities.size(), 2u);
}

} // namespace
} // namespace bulwark
