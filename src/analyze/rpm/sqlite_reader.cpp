#include <cstring>
#include <memory>

#include <sqlite3.h>

#include "analyze/rpm/rpmdb.h"

namespace bulwark::rpm {

namespace {

constexpr std::string_view sqlite_magic { "SQLite format 3\0", 16 };
// Virtual-machine steps one read may take; a hostile schema (a view or a huge table in
// place of Packages) stops here instead of hanging the scan.
constexpr int progress_check_interval = 1000;
constexpr int max_progress_checks = 10000;

struct DbCloser {
	void operator()(sqlite3 *db) const {
		sqlite3_close(db);
	}
};
struct StmtFinalizer {
	void operator()(sqlite3_stmt *stmt) const {
		sqlite3_finalize(stmt);
	}
};

Error sqlite_error(sqlite3 *db, const std::string &what) {
	int code = sqlite3_errcode(db);
	ErrorCode ours = code == SQLITE_NOTADB || code == SQLITE_CORRUPT ? ErrorCode::corrupt : ErrorCode::unsupported;
	return make_error(ours, "rpmdb.sqlite: " + what + ": " + sqlite3_errmsg(db));
}

int stop_after_budget(void *counter) {
	return ++*static_cast<int *>(counter) > max_progress_checks ? 1 : 0;
}

} // namespace

Result<RpmDbBlobs> read_sqlite_blobs(std::string_view bytes) {
	if (bytes.size() < 100 || bytes.substr(0, sqlite_magic.size()) != sqlite_magic) {
		return make_error(ErrorCode::corrupt, "rpmdb.sqlite: no SQLite header");
	}
	sqlite3 *raw = nullptr;
	if (sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, nullptr) != SQLITE_OK) {
		sqlite3_close(raw);
		return make_error(ErrorCode::internal, "rpmdb.sqlite: cannot open an in-memory database");
	}
	std::unique_ptr<sqlite3, DbCloser> db(raw);
	sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
	sqlite3_db_config(raw, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);

	// SQLite takes ownership of a buffer from its own allocator (freed on close).
	auto *copy = static_cast<unsigned char *>(sqlite3_malloc64(bytes.size()));
	if (copy == nullptr) {
		return make_error(ErrorCode::limit_exceeded,
		                  "rpmdb.sqlite: cannot allocate " + std::to_string(bytes.size()) + " bytes");
	}
	std::memcpy(copy, bytes.data(), bytes.size());
	// Bytes 18/19 are the write/read format versions; 2 means WAL. The in-memory VFS has no
	// WAL file to offer, and the -wal file is not ours to read, so read it as rollback mode.
	if (copy[18] == 2 && copy[19] == 2) {
		copy[18] = 1;
		copy[19] = 1;
	}
	int rc = sqlite3_deserialize(raw, "main", copy, static_cast<sqlite3_int64>(bytes.size()),
	                             static_cast<sqlite3_int64>(bytes.size()),
	                             SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
	if (rc != SQLITE_OK) {
		return sqlite_error(raw, "deserialize");
	}
	int progress = 0;
	sqlite3_progress_handler(raw, progress_check_interval, stop_after_budget, &progress);

	sqlite3_stmt *raw_stmt = nullptr;
	// Only a real table named Packages: a view could run arbitrary queries.
	const char *check = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'Packages'";
	if (sqlite3_prepare_v2(raw, check, -1, &raw_stmt, nullptr) != SQLITE_OK) {
		return sqlite_error(raw, "schema");
	}
	std::unique_ptr<sqlite3_stmt, StmtFinalizer> stmt(raw_stmt);
	rc = sqlite3_step(raw_stmt);
	if (rc == SQLITE_DONE) {
		return make_error(ErrorCode::corrupt, "rpmdb.sqlite: no table Packages");
	}
	if (rc != SQLITE_ROW) {
		return sqlite_error(raw, "schema");
	}
	stmt.reset();

	if (sqlite3_prepare_v2(raw, "SELECT hnum, blob FROM Packages", -1, &raw_stmt, nullptr) != SQLITE_OK) {
		return sqlite_error(raw, "query Packages");
	}
	stmt.reset(raw_stmt);
	RpmDbBlobs out;
	while ((rc = sqlite3_step(raw_stmt)) == SQLITE_ROW) {
		if (sqlite3_column_type(raw_stmt, 1) != SQLITE_BLOB) {
			out.skipped.push_back("rpmdb.sqlite: Packages row hnum " +
			                      std::to_string(sqlite3_column_int64(raw_stmt, 0)) + " has no blob");
			continue;
		}
		const auto *data = static_cast<const char *>(sqlite3_column_blob(raw_stmt, 1));
		int size = sqlite3_column_bytes(raw_stmt, 1);
		out.blobs.push_back(data == nullptr ? std::string() : std::string(data, static_cast<size_t>(size)));
	}
	if (rc == SQLITE_INTERRUPT) {
		return make_error(ErrorCode::limit_exceeded, "rpmdb.sqlite: reading Packages took too many steps");
	}
	if (rc != SQLITE_DONE) {
		return sqlite_error(raw, "read Packages");
	}
	return out;
}

} // namespace bulwark::rpm
