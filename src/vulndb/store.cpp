// VulnDb: the read side of the advisory database. Opened read-only and immutable (writers
// never change a database file in place, they rename a new one over it, so an open reader
// keeps reading the file it opened). A lookup is one prepared query on the primary key of
// `affected`: (ecosystem, release, name) is its prefix.
#include "vulndb/store.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "vulndb/blob_codec.h"
#include "vulndb/record_codec.h"
#include "vulndb/sqlite_handle.h"

namespace bulwark::vulndb {

namespace {

constexpr std::string_view kSqliteMagic {"SQLite format 3\0", 16};
constexpr int64_t kMaxMappedBytes = int64_t {1} << 32;

constexpr const char *kLookupSql =
    "SELECT advisory, data FROM affected WHERE ecosystem = ?1 AND release = ?2 AND name = ?3";
constexpr const char *kTextSql = "SELECT text FROM advisories WHERE id = ?1";

// A URI for sqlite3_open_v2: the path percent-encoded where URI syntax would read it
// differently ('?', '#', '%'), with immutable=1 (no locks, no journal lookups).
std::string immutable_uri(const std::string &path) {
	std::string uri = "file:";
	for (const char c : std::filesystem::absolute(path).string()) {
		if (c == '?' || c == '#' || c == '%') {
			static constexpr char hex[] = "0123456789ABCDEF";
			uri += '%';
			uri += hex[static_cast<unsigned char>(c) >> 4];
			uri += hex[static_cast<unsigned char>(c) & 0xf];
		} else {
			uri += c;
		}
	}
	return uri + "?immutable=1";
}

Error not_ours(const std::string &path, const std::string &why) {
	return make_error(ErrorCode::corrupt, path + " is not a bulwark advisory database (" + why +
	                                          "); rebuild it with `bulwark db update` or `bulwark db import`");
}

Result<int64_t> single_integer(sqlite3 *db, const std::string &path, const std::string &sql) {
	auto stmt = prepare(db, path, sql);
	if (!stmt.ok()) {
		return stmt.error();
	}
	if (sqlite3_step(stmt->get()) != SQLITE_ROW) {
		return sqlite_error(db, path, sql);
	}
	return static_cast<int64_t>(sqlite3_column_int64(stmt->get(), 0));
}

} // namespace

struct VulnDb::Impl {
	std::string path;
	SqliteDb db;
	SqliteStmt lookup;
	SqliteStmt text;
	DbInfo info;
	std::vector<std::string> source_names; // by source id
	BlobCodec codec;
};

VulnDb::VulnDb(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {
}
VulnDb::VulnDb(VulnDb &&) noexcept = default;
VulnDb &VulnDb::operator=(VulnDb &&) noexcept = default;
VulnDb::~VulnDb() = default;

Result<VulnDb> VulnDb::open(const std::string &path) {
	std::error_code ec;
	if (!std::filesystem::is_regular_file(path, ec)) {
		return make_error(ErrorCode::io, "no advisory database at " + path +
		                                     " (build one with `bulwark db update` or `bulwark db import`)");
	}
	std::string magic(kSqliteMagic.size(), '\0');
	std::ifstream(path, std::ios::binary).read(magic.data(), static_cast<std::streamsize>(magic.size()));
	if (magic != kSqliteMagic) {
		return not_ours(path, "no SQLite header");
	}
	auto impl = std::make_unique<Impl>();
	impl->path = path;
	sqlite3 *raw = nullptr;
	const int rc = sqlite3_open_v2(immutable_uri(path).c_str(), &raw,
	                               SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
	impl->db.reset(raw);
	if (rc != SQLITE_OK) {
		return sqlite_error(raw, path, "open");
	}
	sqlite3 *db = raw;
	auto application_id = single_integer(db, path, "PRAGMA application_id");
	if (!application_id.ok()) {
		return not_ours(path, application_id.error().message);
	}
	if (*application_id != kApplicationId) {
		return not_ours(path, "another application's SQLite file");
	}
	auto meta = prepare(db, path, "SELECT key, value FROM meta");
	if (!meta.ok()) {
		return not_ours(path, "no meta table");
	}
	std::string schema_version;
	while (sqlite3_step(meta->get()) == SQLITE_ROW) {
		const std::string key = column_text(meta->get(), 0);
		if (key == "schema_version") {
			schema_version = column_text(meta->get(), 1);
		} else if (key == "built_at") {
			impl->info.built_at = column_text(meta->get(), 1);
		} else if (key == "advisories") {
			impl->info.advisories = std::strtoull(column_text(meta->get(), 1).c_str(), nullptr, 10);
		} else if (key == "affected_rows") {
			impl->info.affected_rows = std::strtoull(column_text(meta->get(), 1).c_str(), nullptr, 10);
		}
	}
	impl->info.schema_version = std::atoi(schema_version.c_str());
	if (impl->info.schema_version != kSchemaVersion) {
		return make_error(ErrorCode::corrupt, path + " has advisory database schema version " +
		                                          (schema_version.empty() ? "(none)" : schema_version) +
		                                          "; this bulwark reads version " + std::to_string(kSchemaVersion) +
		                                          ": rebuild it with `bulwark db update` or `bulwark db import`");
	}
	auto sources =
	    prepare(db, path, "SELECT id, name, kind, origin, imported_at, advisories, newest FROM sources ORDER BY id");
	if (!sources.ok()) {
		return sources.error();
	}
	while (sqlite3_step(sources->get()) == SQLITE_ROW) {
		sqlite3_stmt *s = sources->get();
		SourceInfo source;
		source.name = column_text(s, 1);
		source.kind = column_text(s, 2);
		source.origin = column_text(s, 3);
		source.imported_at = column_text(s, 4);
		source.advisories = static_cast<uint64_t>(sqlite3_column_int64(s, 5));
		source.newest = column_text(s, 6);
		const auto id = static_cast<size_t>(sqlite3_column_int64(s, 0));
		if (id < 1024) { // source ids are small; anything else is not something we wrote
			impl->source_names.resize(std::max(impl->source_names.size(), id + 1));
			impl->source_names[id] = source.name;
		}
		impl->info.sources.push_back(std::move(source));
	}
	auto dictionaries = prepare(db, path, "SELECT id, bytes FROM dictionaries");
	if (!dictionaries.ok()) {
		return dictionaries.error();
	}
	while (sqlite3_step(dictionaries->get()) == SQLITE_ROW) {
		BW_TRY(impl->codec.add_decompression_dictionary(sqlite3_column_int64(dictionaries->get(), 0),
		                                                column_bytes(dictionaries->get(), 1)));
	}
	impl->info.file_bytes = std::filesystem::file_size(path, ec);
	// Pages read through a mapping instead of a read() and a copy each: lookups touch pages
	// all over the file. Only address space; the page cache decides what is resident.
	BW_TRY(exec(db, path, "PRAGMA mmap_size = " + std::to_string(kMaxMappedBytes)));
	auto lookup = prepare(db, path, kLookupSql);
	auto text = prepare(db, path, kTextSql);
	if (!lookup.ok()) {
		return lookup.error();
	}
	if (!text.ok()) {
		return text.error();
	}
	impl->lookup = std::move(*lookup);
	impl->text = std::move(*text);
	return VulnDb(std::move(impl));
}

DbInfo VulnDb::info() const {
	return impl_->info;
}

Result<std::vector<Candidate>> VulnDb::lookup(std::string_view ecosystem, std::string_view release,
                                              std::string_view name) const {
	sqlite3_stmt *stmt = impl_->lookup.get();
	sqlite3_reset(stmt);
	bind_text(stmt, 1, ecosystem);
	bind_text(stmt, 2, release);
	bind_text(stmt, 3, name);
	std::vector<Candidate> candidates;
	int rc = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		auto data = impl_->codec.unpack(column_bytes(stmt, 1));
		if (!data.ok()) {
			return data.error();
		}
		Candidate &candidate = candidates.emplace_back();
		int64_t source = 0;
		BW_TRY(decode_affected_row(*data, source, candidate.advisory, candidate.affected));
		if (source >= 0 && static_cast<size_t>(source) < impl_->source_names.size()) {
			candidate.advisory.source = impl_->source_names[static_cast<size_t>(source)];
		}
		candidate.advisory_row = sqlite3_column_int64(stmt, 0);
		candidate.affected.ecosystem = ecosystem;
		candidate.affected.release = release;
		candidate.affected.name = name;
	}
	if (rc != SQLITE_DONE) {
		return sqlite_error(impl_->db.get(), impl_->path, "lookup");
	}
	sqlite3_reset(stmt);
	return candidates;
}

Status VulnDb::load_text(Candidate &candidate) const {
	sqlite3_stmt *stmt = impl_->text.get();
	sqlite3_reset(stmt);
	sqlite3_bind_int64(stmt, 1, candidate.advisory_row);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		sqlite3_reset(stmt);
		return make_error(ErrorCode::corrupt, "advisory database " + impl_->path + ": no text for advisory " +
		                                          candidate.advisory.id);
	}
	auto text = impl_->codec.unpack(column_bytes(stmt, 0));
	Status decoded = text.ok() ? decode_advisory_text(*text, candidate.advisory) : Status(text.error());
	sqlite3_reset(stmt);
	return decoded;
}

std::string default_db_path() {
	const char *cache = std::getenv("XDG_CACHE_HOME");
	std::filesystem::path base;
	if (cache != nullptr && *cache == '/') {
		base = cache;
	} else {
		const char *home = std::getenv("HOME");
		base = std::filesystem::path(home != nullptr ? home : ".") / ".cache";
	}
	return (base / "bulwark" / "db" / "bulwark.db").string();
}

} // namespace bulwark::vulndb
