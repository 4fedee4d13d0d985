// Helpers shared by the report writers: document identity (UUID, timestamp), JSON
// output, and lookups every format needs.
#pragma once

#include <nlohmann/json.hpp>

#include <set>
#include <ostream>
#include <string>
#include <string_view>

#include "model/scan_report.h"
#include "report/report_writer.h"
#include "util/result.h"

namespace bulwark {

// options.document_uuid, or a fresh random version-4 UUID ("xxxxxxxx-xxxx-4xxx-...").
Result<std::string> document_uuid(const ReportOptions &options);

// options.timestamp, or the current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string document_timestamp(const ReportOptions &options);

// Pretty-printed (2 spaces) with a final newline. Invalid UTF-8 (file names from
// images) becomes U+FFFD instead of throwing.
void write_json(const nlohmann::ordered_json &document, std::ostream &out);

// The layer a package came from (matched by LayerInfo::index), or nullptr when unknown.
const LayerInfo *package_layer(const ScanReport &report, const Package &package);

// deb, rpm and apk: packages of the operating system rather than of an application.
bool is_os_package_type(std::string_view type);

// Where people read about bulwark (SARIF informationUri).
inline constexpr std::string_view bulwark_home = "https://github.com/bulwark/bulwark";

// Whether `scanner` ("vuln", "secret") ran: an empty finding list then means "none found"
// rather than "not looked for".
bool scanner_ran(const ScanReport &report, std::string_view scanner);

// The package a finding is about, or nullptr when its index is out of range.
const Package *finding_package(const ScanReport &report, const VulnFinding &finding);

// "vex not_affected: vulnerable_code_not_in_execute_path (vex/app.openvex.json)": what
// suppressed a finding, who said so and why, for people (empty parts are left out).
std::string suppression_text(const Suppression &suppression);

// An absolute http(s) URL made only of characters a URI may hold: advisory references are
// free text in some sources, and formats with a "uri" field must not get anything else.
bool is_web_url(std::string_view text);

// Hands out document-unique ids: a base is returned unchanged the first time; when it is
// taken, "-2", "-3", ... is appended (two packages can share a purl, e.g. the same
// package in two databases).
class UniqueIds {
public:
	std::string claim(const std::string &base);

private:
	std::set<std::string> claimed_;
};

} // namespace bulwark
