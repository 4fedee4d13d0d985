// Broken, hostile and merely unusual SBOMs: each ends in a Result error naming the file or
// in a per-record warning with the rest read, never a crash; plus the format details the
// real documents in sbom_reader_test.cpp do not show (nesting, OS fallbacks, licences).
#include <gtest/gtest.h>

#include "sbom/sbom_reader.h"
#include "support/test_support.h"

namespace bulwark {
namespace {

Result<ScanReport> read_text(const std::string &text, JsonLimits limits = {}) {
	return read_sbom_bytes(text, "in.json", limits);
}

ScanReport read_ok(const std::string &text) {
	auto report = read_text(text);
	EXPECT_TRUE(report.ok()) << (report.ok() ? "" : report.error().describe());
	return report.ok() ? std::move(report).value() : ScanReport {};
}

ErrorCode error_of(const std::string &text, JsonLimits limits = {}) {
	auto report = read_text(text, limits);
	EXPECT_FALSE(report.ok()) << text.substr(0, 200);
	if (report.ok()) {
		return ErrorCode::internal;
	}
	EXPECT_NE(report.error().message.find("in.json"), std::string::npos) << report.error().message;
	return report.error().code;
}

std::string cyclonedx(const std::string &components, const std::string &spec = "1.5") {
	return R"({"bomFormat": "CycloneDX", "specVersion": ")" + spec + R"(", "components": )" + components + "}";
}

std::string spdx(const std::string &packages) {
	return R"({"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "packages": )" + packages + "}";
}

std::vector<std::string> names(const ScanReport &report) {
	std::vector<std::string> out;
	for (const auto &p : report.packages) {
		out.push_back(p.name);
	}
	return out;
}

TEST(SbomReaderHostile, MalformedJsonIsAnError) {
	EXPECT_EQ(error_of(R"({"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [)"),
	          ErrorCode::malformed_json);
	EXPECT_EQ(error_of(""), ErrorCode::malformed_json);
	EXPECT_EQ(error_of("{\"bomFormat\": \"CycloneDX\"\x01}"), ErrorCode::malformed_json);
	const std::string golden = testing::read_file(testing::data_path("report/golden/report.cdx.json"));
	ASSERT_FALSE(golden.empty());
	for (size_t cut : { size_t(1), golden.size() / 3, golden.size() - 3 }) {
		EXPECT_EQ(error_of(golden.substr(0, cut)), ErrorCode::malformed_json) << cut;
	}
}

TEST(SbomReaderHostile, FormatsWeDoNotReadAreUnsupported) {
	EXPECT_EQ(error_of("  <?xml version=\"1.0\"?><bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"/>"),
	          ErrorCode::unsupported);
	EXPECT_EQ(error_of("SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n"), ErrorCode::unsupported);
	EXPECT_EQ(error_of(R"({"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []})"),
	          ErrorCode::unsupported);
	EXPECT_EQ(error_of(R"({"spdxVersion": "SPDX-3.0", "packages": []})"), ErrorCode::unsupported);
	EXPECT_EQ(error_of(R"({"spdxVersion": "SPDX-2.1", "packages": []})"), ErrorCode::unsupported);
	EXPECT_EQ(error_of(cyclonedx("[]", "1.1")), ErrorCode::unsupported);
	EXPECT_EQ(error_of(cyclonedx("[]", "1.7")), ErrorCode::unsupported);
	EXPECT_EQ(error_of(R"({"bomFormat": "CycloneDX", "specVersion": 1.5})"), ErrorCode::unsupported);
	EXPECT_EQ(error_of(R"({"bomFormat": "SWID"})"), ErrorCode::unsupported);
	EXPECT_EQ(error_of(R"([1, 2, 3])"), ErrorCode::unsupported);
	EXPECT_EQ(error_of(R"("CycloneDX")"), ErrorCode::unsupported);
	// Every version we do read, with and without components.
	for (const char *spec : { "1.2", "1.3", "1.4", "1.5", "1.6" }) {
		EXPECT_TRUE(read_text(cyclonedx("[]", spec)).ok()) << spec;
	}
	EXPECT_TRUE(read_text(R"({"bomFormat": "CycloneDX", "specVersion": "1.6"})").ok());
	EXPECT_TRUE(read_text(R"({"spdxVersion": "SPDX-2.2"})").ok());
	// A UTF-8 byte order mark is skipped.
	EXPECT_TRUE(read_text("\xEF\xBB\xBF" + cyclonedx("[]")).ok());
}

TEST(SbomReaderHostile, WrongTypesAreErrorsForTheDocumentAndWarningsForARecord) {
	EXPECT_EQ(error_of(cyclonedx("5")), ErrorCode::malformed_json);
	EXPECT_EQ(error_of(cyclonedx("{\"purl\": \"pkg:npm/a@1\"}")), ErrorCode::malformed_json);
	EXPECT_EQ(error_of(spdx("\"packages\"")), ErrorCode::malformed_json);

	const ScanReport report = read_ok(cyclonedx(R"([
	    7, null, "pkg:npm/a@1", [],
	    {"type": "library", "name": "purl-is-a-number", "purl": 7},
	    {"type": "library", "name": "good", "version": "1", "purl": "pkg:npm/good@1",
	     "licenses": "MIT", "properties": {"name": "x"}, "supplier": "someone", "components": "none"},
	    {"type": ["library"], "name": {"x": 1}, "version": 2, "purl": "pkg:npm/typed@2",
	     "licenses": [1, {"license": 2}, {"license": {"id": 3, "name": "Apache-2.0"}}],
	     "properties": [1, {"name": 2, "value": "x"}, {"name": "bulwark:layer:index", "value": "99999999999999999999999"}]}
	])"));
	EXPECT_EQ(names(report), (std::vector<std::string> { "good", "typed" }));
	EXPECT_EQ(report.packages[1].version, "2");
	EXPECT_EQ(report.packages[1].licenses, (std::vector<std::string> { "Apache-2.0" }));
	EXPECT_FALSE(report.packages[1].layer);
	// Four non-objects, one purl that is not a string, one 'components' that is not an array.
	ASSERT_EQ(report.warnings.size(), 6u);
	for (const auto &warning : report.warnings) {
		EXPECT_EQ(warning.kind, WarningKind::bad_record);
		EXPECT_TRUE(warning.message.starts_with("in.json components[")) << warning.message;
	}
	EXPECT_NE(report.warnings[4].message.find("'purl-is-a-number' has no purl"), std::string::npos)
	    << report.warnings[4].message;

	const ScanReport spdx_report = read_ok(spdx(R"([
	    "x", {"name": "no-refs", "externalRefs": 5},
	    {"name": "bad-refs", "externalRefs": [1, {"referenceType": "purl", "referenceLocator": 5}]},
	    {"name": "ok", "versionInfo": 3, "licenseDeclared": ["MIT"], "sourceInfo": 1, "attributionTexts": [1, "LayerDiffID: x"],
	     "externalRefs": [{"referenceType": "purl", "referenceLocator": "pkg:pypi/ok@1"}]}
	])"));
	EXPECT_EQ(names(spdx_report), (std::vector<std::string> { "ok" }));
	EXPECT_EQ(spdx_report.warnings.size(), 3u);
}

TEST(SbomReaderHostile, DeepNestingStopsAtTheDepthLimit) {
	constexpr size_t depth = 100000;
	const std::string arrays = std::string(depth, '[') + std::string(depth, ']');
	EXPECT_EQ(error_of(arrays), ErrorCode::limit_exceeded);
	std::string components;
	for (size_t i = 0; i < depth; ++i) {
		components += "{\"components\":[";
	}
	components += "{}";
	for (size_t i = 0; i < depth; ++i) {
		components += "]}";
	}
	EXPECT_EQ(error_of(cyclonedx("[" + components + "]")), ErrorCode::limit_exceeded);
	// Within a raised JSON limit, component nesting is cut at 32 levels with a warning.
	std::string nested = R"({"purl": "pkg:npm/bottom@1"})";
	for (size_t i = 0; i < 40; ++i) {
		nested = R"({"purl": "pkg:npm/level)" + std::to_string(39 - i) + R"(@1", "components": [)" + nested + "]}";
	}
	auto cut = read_text(cyclonedx("[" + nested + "]"), JsonLimits { 1 << 20, 1000 });
	ASSERT_TRUE(cut.ok()) << cut.error().describe();
	EXPECT_EQ(cut->packages.size(), 32u);
	EXPECT_EQ(cut->packages.front().name, "level0");
	ASSERT_EQ(cut->warnings.size(), 1u);
	EXPECT_NE(cut->warnings[0].message.find("nested deeper than 32"), std::string::npos);
}

TEST(SbomReaderHostile, SizeLimitIsCheckedBeforeParsing) {
	const std::string document = cyclonedx("[" + std::string(4096, ' ') + "]");
	EXPECT_EQ(error_of(document, JsonLimits { 1024, 64 }), ErrorCode::limit_exceeded);
	testing::TempDir dir;
	const auto path = dir.path() / "huge.cdx.json";
	testing::write_file(path, document);
	auto from_file = read_sbom(path.string(), JsonLimits { 1024, 64 });
	ASSERT_FALSE(from_file.ok());
	EXPECT_EQ(from_file.error().code, ErrorCode::limit_exceeded);
	EXPECT_TRUE(read_sbom(path.string(), JsonLimits {}).ok());
	// Not there, or not a file.
	auto missing = read_sbom((dir.path() / "missing.json").string(), JsonLimits {});
	ASSERT_FALSE(missing.ok());
	EXPECT_EQ(missing.error().code, ErrorCode::io);
	auto directory = read_sbom(dir.path().string(), JsonLimits {});
	ASSERT_FALSE(directory.ok());
	EXPECT_EQ(directory.error().code, ErrorCode::io);
}

TEST(SbomReaderHostile, BadPurlsAreSkippedRecordByRecord) {
	const ScanReport report = read_ok(cyclonedx(R"([
	    {"name": "bad-escape", "purl": "pkg:npm/a%zz@1"},
	    {"name": "cut-escape", "purl": "pkg:npm/a@1%4"},
	    {"name": "no-scheme", "purl": "npm/a@1"},
	    {"name": "slash-in-namespace", "purl": "pkg:npm/a%2Fb/c@1"},
	    {"name": "bad-epoch", "purl": "pkg:rpm/redhat/x@1-1?epoch=one"},
	    {"name": "no-purl", "version": "1"},
	    {"type": "application", "name": "app-without-purl"},
	    {"type": "container", "name": "image"},
	    {"name": "fine", "purl": "pkg:npm/fine@1"}
	])"));
	EXPECT_EQ(names(report), (std::vector<std::string> { "fine" }));
	ASSERT_EQ(report.warnings.size(), 6u);
	EXPECT_NE(report.warnings[0].message.find("'bad-escape'"), std::string::npos) << report.warnings[0].message;
	EXPECT_NE(report.warnings[4].message.find("epoch qualifier 'one'"), std::string::npos)
	    << report.warnings[4].message;
	EXPECT_NE(report.warnings[5].message.find("'no-purl@1' has no purl"), std::string::npos)
	    << report.warnings[5].message;
}

TEST(SbomReaderHostile, AFloodOfBadRecordsIsCappedInWarnings) {
	std::string components = "[";
	for (int i = 0; i < 2000; ++i) {
		components += std::string(i ? "," : "") + R"({"name": ")" + std::string(1000, 'x') + R"(", "purl": "bad"})";
	}
	const ScanReport report = read_ok(cyclonedx(components + "]"));
	EXPECT_TRUE(report.packages.empty());
	ASSERT_EQ(report.warnings.size(), 51u);
	EXPECT_EQ(report.warnings.back().kind, WarningKind::limit_reached);
	EXPECT_LT(report.warnings.front().message.size(), 300u);
}

TEST(SbomReaderHostile, NestedComponentsAreRead) {
	const ScanReport report = read_ok(cyclonedx(R"([
	    {"type": "application", "name": "app.jar", "components": [
	        {"type": "library", "group": "org.apache.logging.log4j", "name": "log4j-core", "version": "2.14.1",
	         "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
	         "components": [{"name": "shaded", "purl": "pkg:maven/com.example/shaded@1.0"}]}]},
	    {"type": "library", "name": "@Babel/Core", "purl": "pkg:npm/%40babel/core@7.23.0"},
	    {"type": "library", "name": "core", "purl": "pkg:npm/@babel/core@7.23.1"},
	    {"type": "library", "name": "semver", "purl": "pkg:golang/github.com/Masterminds/semver/v3@v3.2.1"}
	])"));
	EXPECT_EQ(names(report),
	          (std::vector<std::string> { "org.apache.logging.log4j:log4j-core", "com.example:shaded", "@Babel/Core",
	                                      "@babel/core", "github.com/Masterminds/semver/v3" }));
	EXPECT_TRUE(report.warnings.empty());
}

TEST(SbomReaderHostile, OsPackagesFromOtherTools) {
	// rpm: the purl's V-R plus its epoch qualifier is rpm's EVR; Trivy's family names are ours.
	const ScanReport rocky = read_ok(cyclonedx(R"([
	    {"type": "operating-system", "name": "alma", "version": "9.3"},
	    {"name": "fx-epoch", "version": "0.9.1-3.el9", "purl": "pkg:rpm/alma/fx-epoch@0.9.1-3.el9?arch=noarch&epoch=2&distro=alma-9.3",
	     "properties": [{"name": "aquasecurity:trivy:SrcName", "value": "fx-epoch"},
	                    {"name": "aquasecurity:trivy:SrcVersion", "value": "0.9.1"},
	                    {"name": "aquasecurity:trivy:SrcRelease", "value": "3.el9"},
	                    {"name": "aquasecurity:trivy:SrcEpoch", "value": "2"}]}
	])"));
	EXPECT_EQ(rocky.os.family, "almalinux");
	EXPECT_EQ(rocky.os.codename, "");
	ASSERT_EQ(rocky.packages.size(), 1u);
	EXPECT_EQ(rocky.packages[0].version, "2:0.9.1-3.el9");
	EXPECT_EQ(rocky.packages[0].epoch, 2u);
	EXPECT_EQ(rocky.packages[0].source_version, "0.9.1-3.el9"); // as the rpm analyzer: the SRPM's V-R

	// No OS statement: the first OS package's distro qualifier says it.
	const ScanReport alpine = read_ok(spdx(R"([
	    {"name": "musl", "versionInfo": "1.2.4_git20230717-r4",
	     "externalRefs": [{"referenceType": "purl", "referenceLocator": "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=3.19.1"}]}
	])"));
	EXPECT_EQ(alpine.os.family, "alpine");
	EXPECT_EQ(alpine.os.version_id, "3.19.1");
	const ScanReport debian =
	    read_ok(cyclonedx(R"([{"purl": "pkg:deb/debian/bash@5.2.15-2%2Bb13?arch=amd64&distro=debian-12"}])"));
	EXPECT_EQ(debian.os.family, "debian");
	EXPECT_EQ(debian.os.version_id, "12");
	EXPECT_EQ(debian.os.codename, "bookworm");
	EXPECT_EQ(debian.packages[0].version, "5.2.15-2+b13");
	const ScanReport jessie =
	    read_ok(cyclonedx(R"([{"purl": "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie"}])"));
	EXPECT_EQ(jessie.os.codename, "jessie");
	EXPECT_EQ(jessie.os.version_id, "");
	// An os-release ID as other tools write it.
	EXPECT_EQ(read_ok(spdx(R"([{"name": "rhel", "versionInfo": "9.3", "primaryPackagePurpose": "OPERATING_SYSTEM"}])"))
	              .os.family,
	          "redhat");
}

TEST(SbomReaderHostile, SpdxLicenceExpressionsSplitAtTopLevelAnds) {
	const ScanReport report = read_ok(spdx(R"js([
	    {"name": "a", "licenseDeclared": "MIT AND (Apache-2.0 OR BSD-3-Clause) AND (GPL-2.0-only WITH Classpath-exception-2.0)",
	     "externalRefs": [{"referenceType": "purl", "referenceLocator": "pkg:npm/a@1"}]},
	    {"name": "b", "licenseDeclared": "(MIT) AND (ISC)", "externalRefs": [{"referenceType": "purl", "referenceLocator": "pkg:npm/b@1"}]},
	    {"name": "c", "licenseDeclared": "NOASSERTION", "externalRefs": [{"referenceType": "purl", "referenceLocator": "pkg:npm/c@1"}]},
	    {"name": "d", "licenseDeclared": "((( AND ))", "externalRefs": [{"referenceType": "purl", "referenceLocator": "pkg:npm/d@1"}]}
	])js"));
	ASSERT_EQ(report.packages.size(), 4u);
	EXPECT_EQ(report.packages[0].licenses, (std::vector<std::string> { "MIT", "Apache-2.0 OR BSD-3-Clause",
	                                                                   "GPL-2.0-only WITH Classpath-exception-2.0" }));
	EXPECT_EQ(report.packages[1].licenses, (std::vector<std::string> { "MIT", "ISC" }));
	EXPECT_TRUE(report.packages[2].licenses.empty());
	EXPECT_EQ(report.packages[3].licenses, (std::vector<std::string> { "((( AND ))" }));
}

} // namespace
} // namespace bulwark
