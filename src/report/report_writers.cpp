// The registry: one line per report format. Adding a format is adding its file in
// src/report/ (which defines its factory) and one line in `factories`.
#include "report/report_writer.h"

namespace bulwark {

// Each writer file defines its factory; declared here to keep per-writer headers away.
std::unique_ptr<ReportWriter> make_table_writer(const ReportOptions &options);
std::unique_ptr<ReportWriter> make_json_writer(const ReportOptions &options);
std::unique_ptr<ReportWriter> make_sarif_writer(const ReportOptions &options);
std::unique_ptr<ReportWriter> make_cyclonedx_writer(const ReportOptions &options);
std::unique_ptr<ReportWriter> make_spdx_json_writer(const ReportOptions &options);

namespace {

using WriterFactory = std::unique_ptr<ReportWriter> (*)(const ReportOptions &);

constexpr WriterFactory factories[] = {
    make_table_writer,
    make_json_writer,
    make_sarif_writer,
    make_cyclonedx_writer,
    make_spdx_json_writer,
};

} // namespace

std::unique_ptr<ReportWriter> make_report_writer(std::string_view format, const ReportOptions &options) {
	for (const auto factory : factories) {
		auto writer = factory(options);
		if (writer->format() == format) {
			return writer;
		}
	}
	return nullptr;
}

std::vector<std::string> report_formats() {
	std::vector<std::string> formats;
	for (const auto factory : factories) {
		formats.emplace_back(factory(ReportOptions {})->format());
	}
	return formats;
}

} // namespace bulwark
