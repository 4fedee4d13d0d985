// The offline advisory database: one SQLite file, schema-versioned, written by DbWriter into
// a temporary file beside the target and renamed over it on commit (a killed import leaves
// the old database working), read by VulnDb with one indexed lookup per package.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "vulndb/advisory.h"
#include "util/result.h"

namespace bulwark::vulndb {

// One imported source, as `bulwark db info` shows it.
struct SourceInfo {
	std::string name;        // "debian", "alpine", "osv:PyPI", ...
	std::string kind;        // importer kind: "osv", "debian", "alpine", ...
	std::string origin;      // path or URL imported from
	std::string imported_at; // RFC 3339 UTC
	uint64_t advisories = 0;
	std::string newest; // newest `modified`/`published` among its records ("" if none carried dates)
};

struct DbInfo {
	int schema_version = 0;
	std::string built_at; // RFC 3339 UTC of the last commit
	std::vector<SourceInfo> sources;
	uint64_t advisories = 0;
	uint64_t affected_rows = 0;
	uint64_t file_bytes = 0;
};

// What a lookup returns: one affected-package entry with the advisory it belongs to.
struct Candidate {
	// `affected` is left empty (the entry is `affected` below), and so are summary, details
	// and references until VulnDb::load_text() reads them.
	Advisory advisory;
	AffectedPackage affected;
	int64_t advisory_row = 0; // where load_text() finds the text
};

class VulnDb {
public:
	// Opens read-only. `not_found`-like io error when there is no database at `path`; a
	// `corrupt` error for a file that is not one of ours or has another schema version.
	static Result<VulnDb> open(const std::string &path);
	VulnDb(VulnDb &&) noexcept;
	VulnDb &operator=(VulnDb &&) noexcept;
	~VulnDb();

	DbInfo info() const;
	// Every advisory entry for (ecosystem, release, normalised name), without the advisories'
	// text: most candidates do not match the installed version, and the text is most of the
	// bytes. Thread-compatible: one VulnDb per thread, or external locking.
	Result<std::vector<Candidate>> lookup(std::string_view ecosystem, std::string_view release,
	                                      std::string_view name) const;
	// Reads summary, details and references into candidate.advisory (for what is reported).
	Status load_text(Candidate &candidate) const;

private:
	struct Impl;
	explicit VulnDb(std::unique_ptr<Impl> impl);
	std::unique_ptr<Impl> impl_;
};

// Builds a new database (optionally starting from a copy of the existing one, so that an
// import adds a source instead of replacing everything) and swaps it in atomically.
class DbWriter {
public:
	// `keep_existing`: copy the current database's other sources into the new file first;
	// the source being imported is replaced as a whole.
	static Result<DbWriter> create(const std::string &path, bool keep_existing);
	DbWriter(DbWriter &&) noexcept;
	DbWriter &operator=(DbWriter &&) noexcept;
	~DbWriter(); // without commit(): the temporary file is removed, the old database untouched

	// Starts a source (drops that source's previous records from the copy).
	Status begin_source(const SourceInfo &source);
	Status add(const Advisory &advisory);
	// Finishes the current source (counts, newest date).
	Status end_source();
	// Writes build time, syncs, renames over `path`.
	Status commit();

private:
	struct Impl;
	explicit DbWriter(std::unique_ptr<Impl> impl);
	std::unique_ptr<Impl> impl_;
};

// The default database path: $XDG_CACHE_HOME/bulwark/db/bulwark.db, else
// $HOME/.cache/bulwark/db/bulwark.db.
std::string default_db_path();

} // namespace bulwark::vulndb
