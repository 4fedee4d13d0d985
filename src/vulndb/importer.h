// Importers read one advisory source format and feed a DbWriter. One file per format,
// registered in importers.cpp. A bad record is skipped with a warning; the import goes on.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "vulndb/store.h"
#include "util/result.h"

namespace bulwark::vulndb {

struct ImportLimits {
	size_t max_record_bytes = 8u << 20;   // one JSON/YAML document
	size_t max_string_bytes = 256u << 10; // any one string field (longer: record rejected)
	size_t max_depth = 64;
	uint64_t max_zip_entry_bytes = 64u << 20;
	uint64_t max_zip_total_bytes = 4ull << 30;
	uint64_t max_zip_entries = 2'000'000;
	// A format that is one JSON document for the whole database (the Debian tracker's
	// ~60 MB file) is read as a stream of top-level members, each at most this large.
	size_t max_member_bytes = 64u << 20;
	size_t max_warnings = 1000; // past this, one last warning counts the rest
};

struct ImportStats {
	// Records written; a record is the unit the format is made of: an OSV file, one CVE of one
	// Debian source package, one fixed CVE of one Alpine package (the writer merges records of
	// one advisory id into one advisory).
	uint64_t records = 0;
	uint64_t skipped = 0;   // rejected records (each has a warning)
	uint64_t withdrawn = 0; // withdrawn advisories (not written)
	// Records with nothing bulwark can match (only ecosystems it does not read, only GIT
	// ranges, informational notices): not written, no warning.
	uint64_t ignored = 0;
	// Affected entries of ecosystems bulwark does not read, by the name the source uses.
	std::map<std::string, uint64_t> unknown_ecosystems;
	std::vector<std::string> warnings; // "PYSEC-2021-1.yaml: unknown range type 'FOO'; record skipped"
};

class Importer {
public:
	virtual ~Importer() = default;
	// The name users pass to `db import --kind`: "osv", "debian", "alpine", ...
	virtual std::string_view kind() const = 0;
	// Reads `path` (a file, a directory or a zip, per format) and adds advisories to the
	// writer's current source. Fails only when the input as a whole is unusable (missing,
	// not this format at all); record-level problems go to stats.warnings.
	virtual Result<ImportStats> import(const std::string &path, DbWriter &writer, const ImportLimits &limits) const = 0;
};

std::unique_ptr<Importer> make_importer(std::string_view kind);
std::vector<std::string> importer_kinds();

} // namespace bulwark::vulndb
