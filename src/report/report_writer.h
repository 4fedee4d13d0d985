// Report writers turn a ScanReport into one output format. Each format is one file in
// src/report/ and one line in report_writers.cpp; writers only read the report.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "model/scan_report.h"
#include "util/result.h"

namespace bulwark {

struct ReportOptions {
	bool color = false; // ANSI colour in human formats (the CLI sets it for a TTY)
	// Identity of the document for SBOM formats: the CycloneDX serialNumber and the
	// SPDX documentNamespace use this UUID. Empty = a fresh random (v4) UUID per write.
	std::string document_uuid;
	// Creation time, RFC 3339 UTC ("2024-01-02T03:04:05Z"). Empty = now.
	std::string timestamp;
};

class ReportWriter {
public:
	virtual ~ReportWriter() = default;
	// The name users pass to --format.
	virtual std::string_view format() const = 0;
	// Writes the whole document. Fails only when the host cannot give what the format
	// needs (e.g. no random bytes for a UUID); the stream's state is the caller's to check.
	virtual Status write(const ScanReport &report, std::ostream &out) const = 0;
};

// The writer for `format`, or nullptr when no writer has that name.
std::unique_ptr<ReportWriter> make_report_writer(std::string_view format, const ReportOptions &options);

// Every format name, in registration order (for --help and error messages).
std::vector<std::string> report_formats();

} // namespace bulwark
