// Owning handles for SQLite connections and statements, and the error text of a failed call,
// shared by the database reader (store.cpp) and writer (db_writer.cpp).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "util/result.h"

namespace bulwark::vulndb {

struct SqliteCloser {
	void operator()(sqlite3 *db) const {
		sqlite3_close(db);
	}
};
struct SqliteFinalizer {
	void operator()(sqlite3_stmt *stmt) const {
		sqlite3_finalize(stmt);
	}
};
using SqliteDb = std::unique_ptr<sqlite3, SqliteCloser>;
using SqliteStmt = std::unique_ptr<sqlite3_stmt, SqliteFinalizer>;

// Schema of the database file; a file with another version is refused, not migrated
// (the database is a cache of public data: rebuilding it is the migration).
inline constexpr int kSchemaVersion = 1;
// PRAGMA application_id of every bulwark advisory database ("BWvd").
inline constexpr int kApplicationId = 0x42577664;

inline Error sqlite_error(sqlite3 *db, const std::string &path, std::string_view what) {
	const int code = sqlite3_errcode(db);
	const ErrorCode ours = code == SQLITE_NOTADB || code == SQLITE_CORRUPT ? ErrorCode::corrupt
	                       : code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_CANTOPEN ||
	                               code == SQLITE_READONLY || code == SQLITE_PERM
	                           ? ErrorCode::io
	                           : ErrorCode::internal;
	return make_error(ours, "advisory database " + path + ": " + std::string(what) + ": " + sqlite3_errmsg(db));
}

inline Result<SqliteStmt> prepare(sqlite3 *db, const std::string &path, std::string_view sql) {
	sqlite3_stmt *raw = nullptr;
	if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw, nullptr) !=
	    SQLITE_OK) {
		return sqlite_error(db, path, sql);
	}
	return SqliteStmt(raw);
}

inline Status exec(sqlite3 *db, const std::string &path, const std::string &sql) {
	if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
		return sqlite_error(db, path, sql);
	}
	return {};
}

inline void bind_text(sqlite3_stmt *stmt, int index, std::string_view text) {
	sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

inline void bind_blob(sqlite3_stmt *stmt, int index, std::string_view bytes) {
	sqlite3_bind_blob(stmt, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
}

inline std::string_view column_bytes(sqlite3_stmt *stmt, int index) {
	const auto *data = static_cast<const char *>(sqlite3_column_blob(stmt, index));
	const int size = sqlite3_column_bytes(stmt, index);
	return data == nullptr ? std::string_view() : std::string_view(data, static_cast<size_t>(size));
}

inline std::string column_text(sqlite3_stmt *stmt, int index) {
	return std::string(column_bytes(stmt, index));
}

} // namespace bulwark::vulndb
