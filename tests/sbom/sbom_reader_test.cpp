// read_sbom against real documents: our own CycloneDX and SPDX goldens read back into the
// report that produced them, and Trivy's SBOMs of the shared demo image
// (tests/data/sbom/README.md) read into the packages `bulwark image` finds on that image.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "report/purl.h"
#include "report/report_fixture.h"
#include "report/report_writer.h"
#include "sbom/sbom_reader.h"
#include "scan/scanner.h"
#include "support/test_support.h"

namespace bulwark {
namespace {

using testing::data_path;

ScanReport read(const std::string &relative) {
	auto report = read_sbom(data_path(relative).string(), JsonLimits {});
	EXPECT_TRUE(report.ok()) << (report.ok() ? "" : report.error().describe());
	return report.ok() ? std::move(report).value() : ScanReport {};
}

// What the matchers use of a package.
using Identity = std::tuple<std::string, std::string, std::string, std::string, std::string>;

Identity identity(const Package &p) {
	return { p.type, p.name, p.version, p.source_name, p.source_version };
}

std::multiset<Identity> identities(const ScanReport &report, bool os_packages) {
	std::multiset<Identity> out;
	for (const auto &p : report.packages) {
		if ((p.type == "deb" || p.type == "rpm" || p.type == "apk") == os_packages) {
			out.insert(identity(p));
		}
	}
	return out;
}

std::string describe(const std::multiset<Identity> &set) {
	std::string out;
	for (const auto &[type, name, version, source, source_version] : set) {
		out += "  " + type + " " + name + " " + version + " (" + source + " " + source_version + ")\n";
	}
	return out;
}

const Package *find_package(const ScanReport &report, std::string_view name) {
	for (const auto &p : report.packages) {
		if (p.name == name) {
			return &p;
		}
	}
	return nullptr;
}

// `everything`: CycloneDX carries all the report had about a package and its layers.
void expect_round_trip(const ScanReport &read_back, const ScanReport &original, std::string_view format,
                       bool everything = false) {
	EXPECT_EQ(read_back.target.kind, "sbom");
	EXPECT_EQ(read_back.target.format, format);
	EXPECT_TRUE(read_back.warnings.empty()) << read_back.warnings.front().message;
	EXPECT_EQ(read_back.os.family, original.os.family);
	EXPECT_EQ(read_back.os.version_id, original.os.version_id);
	EXPECT_EQ(read_back.os.codename, original.os.codename);
	ASSERT_EQ(read_back.packages.size(), original.packages.size());
	for (size_t i = 0; i < original.packages.size(); ++i) {
		const Package &got = read_back.packages[i];
		const Package &want = original.packages[i];
		SCOPED_TRACE(want.purl);
		EXPECT_EQ(identity(got), identity(want));
		EXPECT_EQ(got.purl, want.purl);
		EXPECT_EQ(got.arch, want.arch);
		EXPECT_EQ(got.epoch, want.epoch);
		if (everything) {
			EXPECT_EQ(got.licenses, want.licenses);
			EXPECT_EQ(got.maintainer, want.maintainer);
			EXPECT_EQ(got.vendor, want.vendor);
			EXPECT_EQ(got.db_path, want.db_path);
			EXPECT_EQ(got.layer, want.layer);
		}
	}
	if (everything) {
		EXPECT_EQ(read_back.os.pretty_name, original.os.pretty_name);
		ASSERT_EQ(read_back.layers.size(), original.layers.size());
		for (size_t i = 0; i < original.layers.size(); ++i) {
			EXPECT_EQ(read_back.layers[i].diff_id, original.layers[i].diff_id);
			EXPECT_EQ(read_back.layers[i].digest, original.layers[i].digest);
		}
	}
}

TEST(SbomReader, OurCycloneDxReadsBackIntoTheReportThatMadeIt) {
	expect_round_trip(read("report/golden/report.cdx.json"), testing::sample_report(), "cyclonedx", true);
}

TEST(SbomReader, OurSpdxReadsBackIntoTheReportThatMadeIt) {
	const ScanReport original = testing::sample_report();
	const ScanReport report = read("report/golden/report.spdx.json");
	expect_round_trip(report, original, "spdx");
	// Licences the writer could express: listed ids joined with AND.
	const Package *login = find_package(report, "login");
	ASSERT_NE(login, nullptr);
	EXPECT_EQ(login->licenses, (std::vector<std::string> { "GPL-2.0-or-later", "BSD-3-Clause" }));
}

// The round trip through a writer, for a report the goldens do not cover: a second
// rendering of every format's reading must give the same packages again.
TEST(SbomReader, WriteReadWriteIsStable) {
	ScanReport original = testing::sample_report();
	Package guava;
	guava.type = "maven";
	guava.name = "com.google.guava:guava";
	guava.version = "31.1-jre";
	Package scoped;
	scoped.type = "npm";
	scoped.name = "@types/node";
	scoped.version = "14.17.32";
	Package module;
	module.type = "golang";
	module.name = "github.com/Masterminds/semver/v3";
	module.version = "v3.2.1";
	for (Package p : { guava, scoped, module }) {
		p.purl = make_purl(p, original.os);
		original.packages.push_back(p);
	}
	for (const char *format : { "cyclonedx", "spdx-json" }) {
		std::ostringstream out;
		ASSERT_TRUE(make_report_writer(format, ReportOptions {})->write(original, out).ok());
		auto report = read_sbom_bytes(out.str(), "sbom.json", JsonLimits {});
		ASSERT_TRUE(report.ok()) << report.error().describe();
		const bool cyclonedx = format == std::string("cyclonedx");
		expect_round_trip(*report, original, cyclonedx ? "cyclonedx" : "spdx", cyclonedx);
	}
}

TEST(SbomReader, TrivyCycloneDxOfTheDemoImage) {
	const ScanReport report = read("sbom/trivy-demo.cdx.json");
	EXPECT_TRUE(report.warnings.empty()) << report.warnings.front().message;
	EXPECT_EQ(report.target.format, "cyclonedx");
	EXPECT_EQ(report.os.family, "debian");
	EXPECT_EQ(report.os.version_id, "12.15"); // Trivy reads etc/debian_version
	EXPECT_EQ(report.os.codename, "bookworm");
	EXPECT_EQ(identities(report, true).size(), 147u);
	ASSERT_EQ(report.layers.size(), 5u);

	// Trivy's deb purl carries the epoch as a qualifier, its component version has none.
	const Package *login = find_package(report, "login");
	ASSERT_NE(login, nullptr);
	EXPECT_EQ(identity(*login), Identity("deb", "login", "1:4.13+dfsg1-1+deb12u2", "shadow", "1:4.13+dfsg1-1+deb12u2"));
	EXPECT_EQ(login->epoch, 1u);
	EXPECT_EQ(login->arch, "amd64");
	EXPECT_EQ(login->layer, 0u);
	EXPECT_EQ(report.layers[0].digest, "sha256:56124de9f511badad42683f4c197d28da9bc788a22b01418c6682cb92ebac8ff");
	const Package *bash = find_package(report, "bash");
	ASSERT_NE(bash, nullptr);
	EXPECT_EQ(identity(*bash), Identity("deb", "bash", "5.2.15-2+b13", "bash", "5.2.15-2")); // a binNMU
	// Trivy names a Maven component by its artifact; the matcher wants group:artifact.
	const Package *guava = find_package(report, "com.google.guava:guava");
	ASSERT_NE(guava, nullptr);
	EXPECT_EQ(guava->version, "31.1-jre");
	EXPECT_EQ(guava->db_path, "srv/app/lib/guava-31.1-jre.jar");
	EXPECT_EQ(guava->layer, 2u);
}

// The two Trivy documents describe one image: every field the matcher uses agrees.
TEST(SbomReader, TrivySpdxAgreesWithTrivyCycloneDx) {
	const ScanReport cdx = read("sbom/trivy-demo.cdx.json");
	const ScanReport spdx = read("sbom/trivy-demo.spdx.json");
	EXPECT_TRUE(spdx.warnings.empty()) << spdx.warnings.front().message;
	EXPECT_EQ(spdx.target.format, "spdx");
	EXPECT_EQ(spdx.os.family, cdx.os.family);
	EXPECT_EQ(spdx.os.version_id, cdx.os.version_id);
	EXPECT_EQ(spdx.os.codename, cdx.os.codename);
	EXPECT_EQ(identities(spdx, true), identities(cdx, true));
	EXPECT_EQ(identities(spdx, false), identities(cdx, false));
	std::map<std::string, std::tuple<std::string, std::optional<size_t>, std::optional<uint32_t>>> by_purl;
	for (const auto &p : cdx.packages) {
		by_purl[p.purl] = { p.arch, p.layer, p.epoch };
	}
	ASSERT_EQ(spdx.packages.size(), cdx.packages.size());
	for (const auto &p : spdx.packages) {
		EXPECT_EQ(by_purl[p.purl], std::make_tuple(p.arch, p.layer, p.epoch)) << p.purl;
	}
	const Package *login = find_package(spdx, "login");
	ASSERT_NE(login, nullptr);
	EXPECT_EQ(login->licenses,
	          (std::vector<std::string> { "BSD-3-Clause", "GPL-1.0-only", "GPL-2.0-only", "public-domain" }));
}

// The shared test images: SHARED_IMAGES (as bench/run.sh), else ../shared/images/oci
// next to the source tree (as tests/e2e/lib.sh).
std::filesystem::path shared_images() {
	if (const char *dir = std::getenv("SHARED_IMAGES")) {
		return dir;
	}
	return std::filesystem::path(BULWARK_TEST_DATA) / "../../../shared/images/oci";
}

// The oracle: `bulwark image` on the image Trivy described. Trivy's deb list is known to
// match ours exactly (tests/e2e/trivy_parity.sh), so reading its SBOMs must give the same
// packages with the same source packages; its language packages (Trivy leaves out those
// an OS package owns) must be ones the scan found outside OS packages.
TEST(SbomReader, TrivySbomsGiveThePackagesBulwarkFindsOnTheImage) {
	const auto oci = shared_images();
	if (!std::filesystem::exists(oci / "index.json")) {
		GTEST_SKIP() << "the shared demo image is not here (" << oci << "; set SHARED_IMAGES)";
	}
	auto scanned = scan_image(oci.string() + ":demo", ScanOptions {});
	ASSERT_TRUE(scanned.ok()) << scanned.error().describe();
	std::multiset<Identity> unowned_language;
	for (const auto &p : scanned->packages) {
		if (p.owned_by.empty() && p.type != "deb") {
			unowned_language.insert(identity(p));
		}
	}
	for (const char *file : { "sbom/trivy-demo.cdx.json", "sbom/trivy-demo.spdx.json" }) {
		SCOPED_TRACE(file);
		const ScanReport report = read(file);
		const auto from_sbom = identities(report, true);
		const auto from_image = identities(*scanned, true);
		EXPECT_EQ(from_sbom, from_image) << "only in the SBOM reading:\n"
		                                 << describe([&] {
			                                    std::multiset<Identity> d;
			                                    std::set_difference(from_sbom.begin(), from_sbom.end(),
			                                                        from_image.begin(), from_image.end(),
			                                                        std::inserter(d, d.end()));
			                                    return d;
		                                    }());
		const auto language = identities(report, false);
		EXPECT_EQ(language.size(), 7u);
		std::multiset<Identity> missing;
		std::set_difference(language.begin(), language.end(), unowned_language.begin(), unowned_language.end(),
		                    std::inserter(missing, missing.end()));
		EXPECT_TRUE(missing.empty()) << "Trivy's language packages the scan did not find:\n" << describe(missing);
		// Same purl identity too (Trivy adds no qualifiers to these; ours are canonical).
		for (const auto &p : report.packages) {
			if (p.type == "deb") {
				continue;
			}
			const auto match = std::find_if(scanned->packages.begin(), scanned->packages.end(),
			                                [&](const Package &q) { return q.purl == p.purl; });
			EXPECT_NE(match, scanned->packages.end()) << p.purl;
		}
	}
}

} // namespace
} // namespace bulwark
