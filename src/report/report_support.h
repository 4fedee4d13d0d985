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
