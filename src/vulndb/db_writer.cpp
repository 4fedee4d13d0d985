// DbWriter: builds a new advisory database in `<path>.tmp-<pid>` beside the target and
// renames it over the target on commit. The build runs as one transaction with the journal
// and syncing off (a crash loses only the temporary file, which nobody reads); the file is
// synced once before the rename and the directory after it, so the target is always either
// the old database or the complete new one.
//
// An advisory added again under the same id (one CVE for several Debian source packages,
// one OSV record in several ecosystem dumps) keeps its first text and gains the entries it
// did not have; each entry carries the matching fields of the record it came with.
//
// Records are staged raw in temporary tables while a source is imported. When it ends, a
// zstd dictionary is trained on a sample of its texts and one on its rows (blob_codec.h),
// and the records move into `advisories` and `affected` compressed with them, the rows in
// key order so that the clustered primary key fills its pages instead of splitting them.
#include "vulndb/store.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <fcntl.h>
#include <unistd.h>

#include "util/utc_time.h"
#include "vulndb/blob_codec.h"
#include "vulndb/record_codec.h"
#include "vulndb/sqlite_handle.h"

namespace bulwark::vulndb {

namespace fs = std::filesystem;

namespace {

constexpr const char *kSchemaSql =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE sources(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,"
    " origin TEXT NOT NULL, imported_at TEXT NOT NULL, advisories INTEGER NOT NULL, newest TEXT NOT NULL);"
    "CREATE TABLE advisories(id INTEGER PRIMARY KEY, source INTEGER NOT NULL, name TEXT NOT NULL,"
    " text BLOB NOT NULL);"
    "CREATE TABLE dictionaries(id INTEGER PRIMARY KEY, source INTEGER NOT NULL, bytes BLOB NOT NULL);"
    "CREATE TABLE affected(ecosystem TEXT NOT NULL, release TEXT NOT NULL, name TEXT NOT NULL,"
    " advisory INTEGER NOT NULL, seq INTEGER NOT NULL, data BLOB NOT NULL,"
    " PRIMARY KEY (ecosystem, release, name, advisory, seq)) WITHOUT ROWID;";

// The build needs no crash safety of its own (see above), only speed.
constexpr const char *kBuildPragmas = "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                                      "PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -65536;"
                                      "CREATE TEMP TABLE staged_texts(advisory INTEGER PRIMARY KEY, name, raw);"
                                      "CREATE TEMP TABLE staged_rows(ecosystem, release, name, advisory, seq, raw);";

// Training samples per dictionary, and the dictionary's size relative to what it serves:
// past ~100 KB a dictionary stops paying for itself on records of a few hundred bytes.
constexpr size_t kTrainingSampleBytes = 4U << 20;
constexpr size_t kMaxDictionaryBytes = 112U << 10;
constexpr size_t kMinDictionaryBytes = 4U << 10;

constexpr const char *kTempMarker = ".tmp-";

// Temporary files of imports that died (killed, power loss) are removed by the next one.
// One process writes a database at most once at a time, so a file with our own pid is
// also a leftover.
void remove_stale_temp_files(const fs::path &target) {
	std::error_code ec;
	const std::string prefix = target.filename().string() + kTempMarker;
	for (const auto &entry : fs::directory_iterator(target.parent_path(), ec)) {
		const std::string name = entry.path().filename().string();
		if (name.compare(0, prefix.size(), prefix) != 0) {
			continue;
		}
		const std::string pid_text = name.substr(prefix.size());
		if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos ||
		    pid_text.size() > 9) {
			continue;
		}
		const auto pid = static_cast<pid_t>(std::stol(pid_text));
		if (pid == getpid() || (kill(pid, 0) != 0 && errno == ESRCH)) {
			fs::remove(entry.path(), ec);
		}
	}
}

Status sync_path(const std::string &path, int flags) {
	const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		const int err = errno;
		if (fd >= 0) {
			::close(fd);
		}
		return make_error(ErrorCode::io, "cannot sync " + path + ": " + std::strerror(err));
	}
	::close(fd);
	return {};
}

struct AdvisoryState {
	int64_t rowid = 0;
	int64_t next_seq = 0;
};

struct OpenSource {
	int64_t id = 0;
	std::string newest;
	std::unordered_map<std::string, AdvisoryState> advisories;
	// Hashes of (advisory, key, entry) written: the same entry arriving twice (one OSV record
	// in two ecosystem dumps) is written once.
	std::unordered_set<size_t> entries;
};

bool is_not_affected(const AffectedPackage &entry) {
	return entry.ranges.empty() && entry.versions.empty() && !entry.open;
}

} // namespace

struct DbWriter::Impl {
	std::string path;
	std::string temp_path;
	bool committed = false;
	SqliteDb db; // declared before the statements: they are finalized first
	SqliteStmt stage_text_stmt;
	SqliteStmt stage_row_stmt;
	BlobCodec codec;
	int64_t next_advisory_rowid = 1;
	std::optional<OpenSource> source;

	~Impl() {
		if (!committed && !temp_path.empty()) {
			stage_text_stmt.reset();
			stage_row_stmt.reset();
			db.reset();
			std::error_code ec;
			fs::remove(temp_path, ec);
		}
	}

	Status exec(const std::string &sql) {
		return vulndb::exec(db.get(), temp_path, sql);
	}

	Result<int64_t> integer(const std::string &sql, int64_t bound = 0) {
		auto stmt = prepare(db.get(), temp_path, sql);
		if (!stmt.ok()) {
			return stmt.error();
		}
		sqlite3_bind_int64(stmt->get(), 1, bound);
		const int rc = sqlite3_step(stmt->get());
		if (rc == SQLITE_DONE) {
			return int64_t {0};
		}
		if (rc != SQLITE_ROW) {
			return sqlite_error(db.get(), temp_path, sql);
		}
		return static_cast<int64_t>(sqlite3_column_int64(stmt->get(), 0));
	}

	Status step(sqlite3_stmt *stmt, std::string_view what) {
		const int rc = sqlite3_step(stmt);
		sqlite3_reset(stmt);
		if (rc != SQLITE_DONE) {
			return sqlite_error(db.get(), temp_path, what);
		}
		return {};
	}

	Status drop_source(const std::string &name) {
		auto stmt = prepare(db.get(), temp_path, "SELECT id FROM sources WHERE name = ?1");
		if (!stmt.ok()) {
			return stmt.error();
		}
		bind_text(stmt->get(), 1, name);
		if (sqlite3_step(stmt->get()) != SQLITE_ROW) {
			return {};
		}
		const std::string id = std::to_string(sqlite3_column_int64(stmt->get(), 0));
		return exec("DELETE FROM affected WHERE advisory IN (SELECT id FROM advisories WHERE source = " + id + ");"
		            "DELETE FROM advisories WHERE source = " + id + "; DELETE FROM dictionaries WHERE source = " +
		            id + "; DELETE FROM sources WHERE id = " + id);
	}

	Status stage_text(const Advisory &advisory, int64_t rowid) {
		const std::string raw = encode_advisory_text(advisory);
		sqlite3_stmt *stmt = stage_text_stmt.get();
		sqlite3_bind_int64(stmt, 1, rowid);
		bind_text(stmt, 2, advisory.id);
		bind_blob(stmt, 3, raw);
		return step(stmt, "stage advisory");
	}

	Status stage_entry(const Advisory &advisory, AdvisoryState &state, const AffectedPackage &entry) {
		if (entry.ecosystem.empty() || entry.name.empty()) {
			return make_error(ErrorCode::invalid_argument,
			                  "advisory " + advisory.id + ": an affected package without ecosystem or name");
		}
		const std::string raw = encode_affected_row(source->id, advisory, entry);
		const size_t hash = std::hash<std::string> {}(std::to_string(state.rowid) + '\0' + entry.ecosystem + '\0' +
		                                              entry.release + '\0' + entry.name + '\0' + raw);
		if (!source->entries.insert(hash).second) {
			return {};
		}
		sqlite3_stmt *stmt = stage_row_stmt.get();
		bind_text(stmt, 1, entry.ecosystem);
		bind_text(stmt, 2, entry.release);
		bind_text(stmt, 3, entry.name);
		sqlite3_bind_int64(stmt, 4, state.rowid);
		sqlite3_bind_int64(stmt, 5, state.next_seq++);
		bind_blob(stmt, 6, raw);
		return step(stmt, "stage affected");
	}

	// Trains a dictionary on an even sample of the staged column `table.raw`, stores it for
	// the current source and returns its id (0: no dictionary helps).
	Result<int64_t> train(const std::string &table) {
		auto totals = prepare(db.get(), temp_path, "SELECT COUNT(*), COALESCE(SUM(LENGTH(raw)), 0) FROM " + table);
		if (!totals.ok()) {
			return totals.error();
		}
		if (sqlite3_step(totals->get()) != SQLITE_ROW) {
			return sqlite_error(db.get(), temp_path, "count " + table);
		}
		const auto rows = static_cast<size_t>(sqlite3_column_int64(totals->get(), 0));
		const auto bytes = static_cast<size_t>(sqlite3_column_int64(totals->get(), 1));
		const size_t capacity = std::clamp(bytes / 50, kMinDictionaryBytes, kMaxDictionaryBytes);
		const size_t stride = std::max<size_t>(1, bytes / kTrainingSampleBytes);
		std::vector<std::string> samples;
		auto select = prepare(db.get(), temp_path, "SELECT raw FROM " + table);
		if (!select.ok()) {
			return select.error();
		}
		for (size_t row = 0; row < rows && sqlite3_step(select->get()) == SQLITE_ROW; ++row) {
			if (row % stride == 0) {
				samples.emplace_back(column_bytes(select->get(), 0));
			}
		}
		const std::string dictionary = train_dictionary(samples, capacity);
		if (dictionary.empty()) {
			return int64_t {0};
		}
		auto insert = prepare(db.get(), temp_path, "INSERT INTO dictionaries(source, bytes) VALUES (?1, ?2)");
		if (!insert.ok()) {
			return insert.error();
		}
		sqlite3_bind_int64(insert->get(), 1, source->id);
		bind_blob(insert->get(), 2, dictionary);
		BW_TRY(step(insert->get(), "insert dictionary"));
		const int64_t id = sqlite3_last_insert_rowid(db.get());
		codec.add_compression_dictionary(id, dictionary);
		return id;
	}

	// Copies the staged records of the current source, compressed, into their tables:
	// `select` yields the row's columns with the raw blob last; `insert` takes the same
	// columns (the source id first for advisories).
	Status move_staged(const std::string &table, const std::string &select_sql, const std::string &insert_sql,
	                   bool with_source) {
		auto dictionary = train(table);
		if (!dictionary.ok()) {
			return dictionary.error();
		}
		auto select = prepare(db.get(), temp_path, select_sql);
		auto insert = prepare(db.get(), temp_path, insert_sql);
		if (!select.ok()) {
			return select.error();
		}
		if (!insert.ok()) {
			return insert.error();
		}
		sqlite3_stmt *from = select->get();
		sqlite3_stmt *to = insert->get();
		const int columns = sqlite3_column_count(from);
		int rc = 0;
		while ((rc = sqlite3_step(from)) == SQLITE_ROW) {
			int index = 1;
			if (with_source) {
				sqlite3_bind_int64(to, index++, source->id);
			}
			for (int column = 0; column + 1 < columns; ++column) {
				sqlite3_bind_value(to, index++, sqlite3_column_value(from, column));
			}
			const std::string blob = codec.pack(column_bytes(from, columns - 1), *dictionary);
			bind_blob(to, index, blob);
			BW_TRY(step(to, "insert into " + table));
		}
		if (rc != SQLITE_DONE) {
			return sqlite_error(db.get(), temp_path, select_sql);
		}
		return exec("DELETE FROM " + table);
	}
};

DbWriter::DbWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
}
DbWriter::DbWriter(DbWriter &&) noexcept = default;
DbWriter &DbWriter::operator=(DbWriter &&) noexcept = default;
DbWriter::~DbWriter() = default;

Result<DbWriter> DbWriter::create(const std::string &path, bool keep_existing) {
	const fs::path target(path);
	std::error_code ec;
	if (target.has_parent_path()) {
		fs::create_directories(target.parent_path(), ec);
	}
	remove_stale_temp_files(target.has_parent_path() ? target : fs::path(".") / target);
	auto impl = std::make_unique<Impl>();
	impl->path = path;
	impl->temp_path = path + kTempMarker + std::to_string(getpid());
	const bool copy_existing = keep_existing && fs::exists(target, ec);
	if (copy_existing) {
		// Refuses a file of another schema instead of copying what it cannot read.
		BW_TRY(VulnDb::open(path));
		if (!fs::copy_file(target, impl->temp_path, fs::copy_options::overwrite_existing, ec)) {
			return make_error(ErrorCode::io, "cannot copy " + path + " to " + impl->temp_path + ": " + ec.message());
		}
	}
	sqlite3 *raw = nullptr;
	const int rc = sqlite3_open_v2(impl->temp_path.c_str(), &raw,
	                               SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
	impl->db.reset(raw);
	if (rc != SQLITE_OK) {
		return sqlite_error(raw, impl->temp_path, "create");
	}
	BW_TRY(impl->exec(kBuildPragmas));
	BW_TRY(impl->exec("BEGIN"));
	if (copy_existing) {
		auto max_id = impl->integer("SELECT COALESCE(MAX(id), 0) FROM advisories");
		if (!max_id.ok()) {
			return max_id.error();
		}
		impl->next_advisory_rowid = *max_id + 1;
	} else {
		BW_TRY(impl->exec(kSchemaSql));
		BW_TRY(impl->exec("PRAGMA application_id = " + std::to_string(kApplicationId)));
	}
	auto stage_text = prepare(impl->db.get(), impl->temp_path,
	                          "INSERT INTO temp.staged_texts(advisory, name, raw) VALUES (?1, ?2, ?3)");
	auto stage_row = prepare(impl->db.get(), impl->temp_path,
	                         "INSERT INTO temp.staged_rows(ecosystem, release, name, advisory, seq, raw) "
	                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (!stage_text.ok()) {
		return stage_text.error();
	}
	if (!stage_row.ok()) {
		return stage_row.error();
	}
	impl->stage_text_stmt = std::move(*stage_text);
	impl->stage_row_stmt = std::move(*stage_row);
	return DbWriter(std::move(impl));
}

Status DbWriter::begin_source(const SourceInfo &info) {
	if (impl_->committed) {
		return make_error(ErrorCode::internal, "advisory database writer: begin_source after commit");
	}
	if (impl_->source) {
		BW_TRY(end_source());
	}
	if (info.name.empty()) {
		return make_error(ErrorCode::invalid_argument, "advisory source without a name");
	}
	BW_TRY(impl_->drop_source(info.name));
	auto stmt = prepare(impl_->db.get(), impl_->temp_path,
	                    "INSERT INTO sources(name, kind, origin, imported_at, advisories, newest) "
	                    "VALUES (?1, ?2, ?3, ?4, 0, '')");
	if (!stmt.ok()) {
		return stmt.error();
	}
	const std::string imported_at = info.imported_at.empty() ? utc_now_rfc3339() : info.imported_at;
	bind_text(stmt->get(), 1, info.name);
	bind_text(stmt->get(), 2, info.kind);
	bind_text(stmt->get(), 3, info.origin);
	bind_text(stmt->get(), 4, imported_at);
	BW_TRY(impl_->step(stmt->get(), "insert source"));
	impl_->source.emplace();
	impl_->source->id = sqlite3_last_insert_rowid(impl_->db.get());
	return {};
}

Status DbWriter::add(const Advisory &advisory) {
	auto &source = impl_->source;
	if (!source) {
		return make_error(ErrorCode::internal, "advisory database writer: add before begin_source");
	}
	if (advisory.id.empty()) {
		return make_error(ErrorCode::invalid_argument, "an advisory without an id");
	}
	auto found = source->advisories.find(advisory.id);
	if (found == source->advisories.end()) {
		// An advisory no lookup can reach is not worth its bytes.
		if (std::all_of(advisory.affected.begin(), advisory.affected.end(), is_not_affected)) {
			return {};
		}
		AdvisoryState state {impl_->next_advisory_rowid++, 0};
		BW_TRY(impl_->stage_text(advisory, state.rowid));
		found = source->advisories.emplace(advisory.id, state).first;
		source->newest = std::max({source->newest, advisory.modified, advisory.published});
	}
	for (const auto &entry : advisory.affected) {
		if (!is_not_affected(entry)) {
			BW_TRY(impl_->stage_entry(advisory, found->second, entry));
		}
	}
	return {};
}

Status DbWriter::end_source() {
	auto &source = impl_->source;
	if (!source) {
		return {};
	}
	BW_TRY(impl_->move_staged("temp.staged_texts", "SELECT advisory, name, raw FROM temp.staged_texts",
	                          "INSERT INTO advisories(source, id, name, text) VALUES (?1, ?2, ?3, ?4)", true));
	BW_TRY(impl_->move_staged("temp.staged_rows",
	                          "SELECT ecosystem, release, name, advisory, seq, raw FROM temp.staged_rows "
	                          "ORDER BY 1, 2, 3, 4, 5",
	                          "INSERT INTO affected(ecosystem, release, name, advisory, seq, data) "
	                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	                          false));
	auto stmt = prepare(impl_->db.get(), impl_->temp_path, "UPDATE sources SET advisories = ?1, newest = ?2 WHERE id = ?3");
	if (!stmt.ok()) {
		return stmt.error();
	}
	sqlite3_bind_int64(stmt->get(), 1, static_cast<int64_t>(source->advisories.size()));
	bind_text(stmt->get(), 2, source->newest);
	sqlite3_bind_int64(stmt->get(), 3, source->id);
	BW_TRY(impl_->step(stmt->get(), "update source"));
	source.reset();
	return {};
}

Status DbWriter::commit() {
	Impl &impl = *impl_;
	if (impl.committed) {
		return make_error(ErrorCode::internal, "advisory database writer: committed twice");
	}
	BW_TRY(end_source());
	auto advisories = impl.integer("SELECT COUNT(*) FROM advisories");
	auto affected_rows = impl.integer("SELECT COUNT(*) FROM affected");
	if (!advisories.ok()) {
		return advisories.error();
	}
	if (!affected_rows.ok()) {
		return affected_rows.error();
	}
	BW_TRY(impl.exec("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', '" +
	                 std::to_string(kSchemaVersion) + "'), ('built_at', '" + utc_now_rfc3339() + "'), ('advisories', '" +
	                 std::to_string(*advisories) + "'), ('affected_rows', '" + std::to_string(*affected_rows) + "')"));
	BW_TRY(impl.exec("COMMIT"));
	// Replacing a kept source leaves free pages behind; a fresh build has none.
	auto free_pages = impl.integer("PRAGMA freelist_count");
	if (!free_pages.ok()) {
		return free_pages.error();
	}
	if (*free_pages > 0) {
		BW_TRY(impl.exec("VACUUM"));
	}
	impl.stage_text_stmt.reset();
	impl.stage_row_stmt.reset();
	if (sqlite3_close(impl.db.release()) != SQLITE_OK) {
		return make_error(ErrorCode::internal, "advisory database " + impl.temp_path + ": close failed");
	}
	BW_TRY(sync_path(impl.temp_path, O_RDONLY));
	if (std::rename(impl.temp_path.c_str(), impl.path.c_str()) != 0) {
		return make_error(ErrorCode::io,
		                  "cannot rename " + impl.temp_path + " to " + impl.path + ": " + std::strerror(errno));
	}
	impl.committed = true;
	const fs::path parent = fs::path(impl.path).parent_path();
	return sync_path(parent.empty() ? "." : parent.string(), O_RDONLY | O_DIRECTORY);
}

} // namespace bulwark::vulndb
