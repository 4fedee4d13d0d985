// What the importers share: finding the record files of a source tree, reading one file
// within a limit, parsing one JSON or YAML record with the limits checked, and the warnings
// of a rejected record.
#pragma once

#include <filesystem>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "util/result.h"
#include "vulndb/importer.h"

namespace bulwark::vulndb {

// Adds a warning, or past limits.max_warnings counts it in one closing warning.
void add_warning(ImportStats &stats, const ImportLimits &limits, std::string warning);

// A rejected record: counted in stats.skipped, with the reason as its warning.
void skip_record(ImportStats &stats, const ImportLimits &limits, const std::string &what, const std::string &why);

// `path` itself when it is a file, else the regular files under it whose names end in one
// of `extensions`, sorted by path (an import is reproducible). Hidden directories (.git)
// are not entered; symbolic links to directories are not followed.
Result<std::vector<std::filesystem::path>> input_files(const std::filesystem::path &path,
                                                       std::initializer_list<std::string_view> extensions);

// `path`/<first of `subdirectories` that exists>, else `path`: the part of a repository
// checkout that holds the records an importer reads ("crates" of RustSec, not "rust").
std::filesystem::path records_root(const std::filesystem::path &path,
                                   std::initializer_list<std::string_view> subdirectories);

// Each record file of `path` (as input_files finds them) with its bytes and its name for
// warnings (relative to `path`). A file that cannot be read or is larger than
// limits.max_record_bytes is a skipped record; an error from `read` ends the walk.
using RecordFileReader = std::function<Status(const std::filesystem::path &file, std::string_view bytes,
                                              const std::string &what)>;
Status for_each_record_file(const std::filesystem::path &path, std::initializer_list<std::string_view> extensions,
                            const ImportLimits &limits, ImportStats &stats, const RecordFileReader &read);

// The same, each file parsed as one JSON or YAML (by its extension) document with
// parse_record(); a document that does not parse is a skipped record.
using RecordDocumentReader = std::function<Status(const std::filesystem::path &file, simdjson::dom::element document,
                                                  const std::string &what)>;
Status for_each_record_document(const std::filesystem::path &path, std::initializer_list<std::string_view> extensions,
                                const ImportLimits &limits, ImportStats &stats, const RecordDocumentReader &read);

// The whole file, or limit_exceeded when it is larger than `max_bytes`.
Result<std::string> read_input_file(const std::filesystem::path &path, size_t max_bytes);

// One record: JSON parsed with simdjson, or YAML (`yaml` true) converted to JSON first;
// sizes and nesting are checked against the limits, and so is every string in it
// (limit_exceeded names the first one over max_string_bytes).
Result<simdjson::dom::element> parse_record(simdjson::dom::parser &parser, std::string_view bytes, bool yaml,
                                            const ImportLimits &limits, const std::string &what);

// The member `key` of `element` when it is an object (kept as an element, for json_string).
std::optional<simdjson::dom::element> json_member_object(simdjson::dom::element element, std::string_view key);

// The qualitative rating of a CVSS base score as the CVSS specifications define it: for v3
// and v4 "NONE" (0), "LOW" (< 4), "MEDIUM" (< 7), "HIGH" (< 9), "CRITICAL"; for v2 "LOW",
// "MEDIUM", "HIGH" (>= 7). "" for a score outside 0..10.
std::string cvss_rating(double score, int cvss_major_version);

// A range of native constraint strings (RubyGems, Cargo, node-semver requirements): affected
// when one of `affected` matches (every version when there are none) and no `unaffected` one does.
AffectedRange constraints_range(std::vector<std::string> affected, std::vector<std::string> unaffected);

// Every string of `list` (a JSON array), in order; other items are left out.
std::vector<std::string> json_strings(std::optional<simdjson::dom::array> list);

} // namespace bulwark::vulndb
