// Golden files for every report format (tests/data/report/golden/), plus the properties
// the goldens cannot show: colour only on request, random identity per write, terminal
// safety and the 80-column limit. BULWARK_UPDATE_GOLDEN=1 rewrites the goldens.
#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>
#include <sstream>

#include "report/report_fixture.h"
#include "report/report_writer.h"
#include "support/test_support.h"

namespace bulwark {
namespace {

using testing::data_path;
using testing::sample_report;

ReportOptions fixed_options() {
	ReportOptions options;
	options.document_uuid = "3e671687-395b-41f5-a30f-a58921a69b79";
	options.timestamp = "2026-11-24T01:05:00Z";
	return options;
}

std::string render(std::string_view format, const ScanReport &report, const ReportOptions &options) {
	auto writer = make_report_writer(format, options);
	EXPECT_NE(writer, nullptr) << format;
	if (!writer) {
		return "";
	}
	std::ostringstream out;
	const Status status = writer->write(report, out);
	EXPECT_TRUE(status.ok()) << (status.ok() ? "" : status.error().describe());
	return out.str();
}

void expect_golden(std::string_view format, const std::string &file) {
	const std::string actual = render(format, sample_report(), fixed_options());
	const auto path = data_path("report/golden/" + file);
	const char *update = std::getenv("BULWARK_UPDATE_GOLDEN");
	if (update != nullptr && std::string_view(update) == "1") {
		testing::write_file(path, actual);
	}
	EXPECT_EQ(actual, testing::read_file(path)) << "golden " << path << " differs; BULWARK_UPDATE_GOLDEN=1 rewrites it";
}

TEST(ReportWriters, TableGolden) {
	expect_golden("table", "report.table.txt");
}

TEST(ReportWriters, JsonGolden) {
	expect_golden("json", "report.json");
}

TEST(ReportWriters, CycloneDxGolden) {
	expect_golden("cyclonedx", "report.cdx.json");
}

TEST(ReportWriters, SarifGolden) {
	expect_golden("sarif", "report.sarif");
}

TEST(ReportWriters, SpdxJsonGolden) {
	expect_golden("spdx-json", "report.spdx.json");
}

TEST(ReportWriters, RegistryListsEveryFormatOnce) {
	EXPECT_EQ(report_formats(), (std::vector<std::string> {"table", "json", "sarif", "cyclonedx", "spdx-json"}));
	for (const auto &format : report_formats()) {
		auto writer = make_report_writer(format, ReportOptions {});
		ASSERT_NE(writer, nullptr);
		EXPECT_EQ(writer->format(), format);
	}
	EXPECT_EQ(make_report_writer("sarif-ish", ReportOptions {}), nullptr);
}

TEST(ReportWriters, EmptyReportStillWritesEveryFormat) {
	for (const auto &format : report_formats()) {
		EXPECT_FALSE(render(format, ScanReport {}, fixed_options()).empty()) << format;
	}
}

TEST(ReportWriters, SbomIdentityIsRandomV4AndTimestampIsUtcUnlessFixed) {
	const std::regex serial(R"("serialNumber": "urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")");
	const std::regex timestamp(R"("timestamp": "\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")");
	const std::string first = render("cyclonedx", sample_report(), ReportOptions {});
	const std::string second = render("cyclonedx", sample_report(), ReportOptions {});
	EXPECT_TRUE(std::regex_search(first, serial));
	EXPECT_TRUE(std::regex_search(first, timestamp));
	std::smatch a;
	std::smatch b;
	ASSERT_TRUE(std::regex_search(first, a, serial));
	ASSERT_TRUE(std::regex_search(second, b, serial));
	EXPECT_NE(a.str(), b.str());

	const std::regex ns(R"("documentNamespace": "https://spdx\.org/spdxdocs/bulwark-image-[A-Za-z0-9.-]+-[0-9a-f-]{36}")");
	EXPECT_TRUE(std::regex_search(render("spdx-json", sample_report(), ReportOptions {}), ns));
}

TEST(ReportWriters, TableUsesColourOnlyWhenAsked) {
	ReportOptions options = fixed_options();
	EXPECT_EQ(render("table", sample_report(), options).find('\x1b'), std::string::npos);
	options.color = true;
	EXPECT_NE(render("table", sample_report(), options).find("\x1b[1m"), std::string::npos);
}

TEST(ReportWriters, TableFitsEightyColumnsAndDefusesTerminalControls) {
	ScanReport report = sample_report();
	report.packages[0].name = "evil\x1b]0;pwned\x07-package-with-a-name-much-longer-than-any-column";
	report.packages[1].version = std::string(200, '9');
	report.target.name = std::string(150, 'n');
	report.warnings.push_back({WarningKind::other, std::string(300, 'w') + "\x9b" + "31m"});
	const std::string table = render("table", report, fixed_options());
	EXPECT_EQ(table.find('\x1b'), std::string::npos);
	EXPECT_EQ(table.find('\x07'), std::string::npos);
	EXPECT_EQ(table.find('\x9b'), std::string::npos);
	EXPECT_NE(table.find("evil?]0;pwned?-package-with\xE2\x80\xA6"), std::string::npos);
	testing::expect_fits_eighty_columns(table);
}

TEST(ReportWriters, JsonReplacesInvalidUtf8InsteadOfThrowing) {
	const std::string json = render("json", sample_report(), fixed_options());
	EXPECT_NE(json.find("status.d/caf\xEF\xBF\xBD (layer 1)"), std::string::npos);
}

TEST(ReportWriters, CycloneDxRefsStayUniqueForRepeatedPackages) {
	const std::string bom = render("cyclonedx", sample_report(), fixed_options());
	EXPECT_NE(bom.find(R"("bom-ref": "pkg:pypi/flask@2.2.2")"), std::string::npos);
	EXPECT_NE(bom.find(R"("bom-ref": "pkg:pypi/flask@2.2.2-2")"), std::string::npos);
}

} // namespace
} // namespace bulwark
