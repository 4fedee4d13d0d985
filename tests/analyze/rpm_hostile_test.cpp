// Hostile and broken input to the rpm header parser and database readers: every case must
// end in a Result error or a skipped record, cheaply, never a crash or a huge allocation.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "analyze/analyzer.h"
#include "analyze/rpm/header.h"
#include "analyze/rpm/rpmdb.h"
#include "support/test_support.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_rpm_analyzer();

namespace {

constexpr uint32_t type_int32 = 4;
constexpr uint32_t type_string = 6;
constexpr uint32_t type_string_array = 8;

std::string be32(uint32_t v) {
	return { static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v) };
}

struct RawEntry {
	uint32_t tag;
	uint32_t type;
	uint32_t count;
	std::string data;
};

// A header blob as rpm stores it: sizes, index, then each entry's data in order.
std::string build_header(const std::vector<RawEntry> &entries) {
	std::string index;
	std::string data;
	for (const auto &entry : entries) {
		index += be32(entry.tag) + be32(entry.type) + be32(static_cast<uint32_t>(data.size())) + be32(entry.count);
		data += entry.data;
	}
	return be32(static_cast<uint32_t>(entries.size())) + be32(static_cast<uint32_t>(data.size())) + index + data;
}

RawEntry str(uint32_t tag, const std::string &value) {
	return { tag, type_string, 1, value + '\0' };
}

std::vector<RawEntry> nvr() {
	return { str(1000, "pkg"), str(1001, "1.0"), str(1002, "1") };
}

ErrorCode code_of(std::string_view blob) {
	auto header = rpm::parse_header(blob);
	EXPECT_FALSE(header.ok());
	return header.ok() ? ErrorCode::internal : header.error().code;
}

TEST(RpmHeader, MinimalHeaderParses) {
	auto entries = nvr();
	entries.push_back({ 1003, type_int32, 1, be32(7) });
	entries.push_back({ 1027, type_string_array, 2, std::string("/a\0/b/c\0", 8) });
	auto header = rpm::parse_header(build_header(entries));
	ASSERT_TRUE(header.ok()) << header.error().describe();
	EXPECT_EQ(header->name, "pkg");
	EXPECT_EQ(header->epoch, std::optional<uint32_t>(7));
	EXPECT_FALSE(header->arch.has_value());
	EXPECT_EQ(header->files, (std::vector<std::string> { "/a", "/b/c" }));
}

// Entries appended after install replace region entries of the same tag, as in rpm.
TEST(RpmHeader, LaterEntryOfATagWins) {
	auto entries = nvr();
	entries.push_back(str(1000, "renamed"));
	auto header = rpm::parse_header(build_header(entries));
	ASSERT_TRUE(header.ok());
	EXPECT_EQ(header->name, "renamed");
}

TEST(RpmHeader, ShortBlobsAreTruncated) {
	EXPECT_EQ(code_of(""), ErrorCode::truncated);
	EXPECT_EQ(code_of(std::string(7, '\0')), ErrorCode::truncated);
	std::string blob = build_header(nvr());
	for (size_t size = 8; size < blob.size(); ++size) {
		EXPECT_EQ(code_of(blob.substr(0, size)), ErrorCode::truncated) << size;
	}
}

TEST(RpmHeader, HugeCountsRefusedBeforeAllocating) {
	EXPECT_EQ(code_of(be32(0x80000000u) + be32(16)), ErrorCode::limit_exceeded);
	EXPECT_EQ(code_of(be32(1) + be32(0xffffffffu)), ErrorCode::limit_exceeded);
	// Within rpm's limits but far bigger than the blob.
	EXPECT_EQ(code_of(be32(0xffff) + be32(0x0fffffff)), ErrorCode::truncated);
	// A string array claiming 2^32-1 elements in a few bytes of data.
	auto entries = nvr();
	entries.push_back({ 1027, type_string_array, 0xffffffffu, std::string("/a\0", 3) });
	EXPECT_EQ(code_of(build_header(entries)), ErrorCode::corrupt);
	entries.back() = { 1116, type_int32, 0x40000000u, be32(0) };
	entries.push_back({ 1117, type_string_array, 1, std::string("a\0", 2) });
	EXPECT_EQ(code_of(build_header(entries)), ErrorCode::corrupt);
}

TEST(RpmHeader, StructuralDamageIsCorrupt) {
	EXPECT_EQ(code_of(be32(0) + be32(0)), ErrorCode::corrupt);
	EXPECT_EQ(code_of(build_header(nvr()) + "x"), ErrorCode::corrupt);
	auto no_nul = nvr();
	no_nul.back().data = "1"; // RELEASE is the last data: no terminator before the end
	EXPECT_EQ(code_of(build_header(no_nul)), ErrorCode::corrupt);
	auto bad_type = nvr();
	bad_type.push_back({ 1022, 42, 1, "x" });
	EXPECT_EQ(code_of(build_header(bad_type)), ErrorCode::corrupt);
	auto wrong_type = nvr();
	wrong_type[0].type = type_int32;
	EXPECT_EQ(code_of(build_header(wrong_type)), ErrorCode::corrupt);
	auto missing_name = nvr();
	missing_name.erase(missing_name.begin());
	EXPECT_EQ(code_of(build_header(missing_name)), ErrorCode::corrupt);
	std::string offset_out = build_header(nvr());
	offset_out.replace(8 + 8, 4, be32(0x7fffffff)); // NAME's offset
	EXPECT_EQ(code_of(offset_out), ErrorCode::corrupt);
}

TEST(RpmHeader, DirIndexOutOfRangeIsCorrupt) {
	auto entries = nvr();
	entries.push_back({ 1116, type_int32, 1, be32(1) });
	entries.push_back({ 1117, type_string_array, 1, std::string("f\0", 2) });
	entries.push_back({ 1118, type_string_array, 1, std::string("/d/\0", 4) });
	EXPECT_EQ(code_of(build_header(entries)), ErrorCode::corrupt);
	entries[3].data = be32(0);
	auto header = rpm::parse_header(build_header(entries));
	ASSERT_TRUE(header.ok());
	EXPECT_EQ(header->files, std::vector<std::string> { "/d/f" });
}

// One long directory shared by many basenames would expand to ~70 MB of paths.
TEST(RpmHeader, FileListExpansionIsCapped) {
	constexpr uint32_t files = 70000;
	std::string indexes;
	std::string names;
	for (uint32_t i = 0; i < files; ++i) {
		indexes += be32(0);
		names += std::string("f\0", 2);
	}
	auto entries = nvr();
	entries.push_back({ 1116, type_int32, files, indexes });
	entries.push_back({ 1117, type_string_array, files, names });
	entries.push_back({ 1118, type_string_array, 1, "/" + std::string(1000, 'd') + '\0' });
	EXPECT_EQ(code_of(build_header(entries)), ErrorCode::limit_exceeded);
}

std::string fixture(const std::string &relative) {
	return testing::read_file(testing::data_path("pkgdb/" + relative));
}

// Every cut of every real blob fails cleanly.
TEST(RpmHeader, EveryTruncationOfRealBlobsFails) {
	auto blobs = rpm::read_rpmdb_blobs(fixture("rpm-ndb-rpm4.16/var/lib/rpm/Packages.db"));
	ASSERT_TRUE(blobs.ok());
	ASSERT_FALSE(blobs->blobs.empty());
	for (const auto &blob : blobs->blobs) {
		ASSERT_TRUE(rpm::parse_header(blob).ok());
		for (size_t size = 0; size < blob.size(); size += 7) {
			EXPECT_FALSE(rpm::parse_header(blob.substr(0, size)).ok());
		}
	}
}

TEST(RpmDb, GarbageIsAnError) {
	for (std::string bytes : { std::string(), std::string("hello"), std::string(8192, '\x5a'),
	                           std::string("SQLite format 3\0", 16) + std::string(200, '\0'),
	                           std::string("RpmP") + std::string(100, '\0') }) {
		EXPECT_FALSE(rpm::read_rpmdb_blobs(bytes).ok()) << bytes.size();
	}
}

// Cutting a database anywhere gives an error or fewer records, never a crash.
TEST(RpmDb, TruncatedDatabasesFailOrShrink) {
	for (const char *path :
	     { "rpm-sqlite-rpm4.18/var/lib/rpm/rpmdb.sqlite", "rpm-bdb-rpm4.16/var/lib/rpm/Packages",
	       "rpm-ndb-rpm4.16/var/lib/rpm/Packages.db", "rpm-3p-syft-redhat-bdb/var/lib/rpm/Packages" }) {
		std::string bytes = fixture(path);
		auto whole = rpm::read_rpmdb_blobs(bytes);
		ASSERT_TRUE(whole.ok()) << path;
		for (size_t size = 0; size < bytes.size(); size += 1021) {
			auto cut = rpm::read_rpmdb_blobs(std::string_view(bytes).substr(0, size));
			if (cut.ok()) {
				EXPECT_LE(cut->blobs.size(), whole->blobs.size()) << path << " @" << size;
			}
		}
	}
}

TEST(RpmDb, NdbTruncatedInsideSlotPagesIsTruncated) {
	std::string bytes = fixture("rpm-ndb-rpm4.16/var/lib/rpm/Packages.db");
	auto cut = rpm::read_ndb_blobs(std::string_view(bytes).substr(0, 2048));
	ASSERT_FALSE(cut.ok());
	EXPECT_EQ(cut.error().code, ErrorCode::truncated);
}

TEST(RpmDb, NdbBadBlobIsSkippedOthersRead) {
	std::string bytes = fixture("rpm-ndb-rpm4.16/var/lib/rpm/Packages.db");
	auto whole = rpm::read_ndb_blobs(bytes);
	ASSERT_TRUE(whole.ok());
	// The first slot names the blob at block 256 (offset 4096); break its head magic.
	bytes[4096] = 'X';
	auto damaged = rpm::read_ndb_blobs(bytes);
	ASSERT_TRUE(damaged.ok());
	EXPECT_EQ(damaged->blobs.size() + 1, whole->blobs.size());
	ASSERT_EQ(damaged->skipped.size(), 1u);
	EXPECT_NE(damaged->skipped[0].find("bad blob head"), std::string::npos);
}

TEST(RpmDb, BdbOverflowLoopIsSkipped) {
	std::string bytes = fixture("rpm-bdb-rpm4.16/var/lib/rpm/Packages");
	auto whole = rpm::read_bdb_blobs(bytes);
	ASSERT_TRUE(whole.ok());
	size_t page_size = 4096;
	size_t looped = 0;
	// Every overflow page now holds one byte and links back to itself: following the
	// chain would never reach the value's length.
	for (size_t pgno = 1; (pgno + 1) * page_size <= bytes.size(); ++pgno) {
		if (bytes[pgno * page_size + 25] == 7) {
			std::string self = { static_cast<char>(pgno), static_cast<char>(pgno >> 8), 0, 0 };
			bytes.replace(pgno * page_size + 16, 4, self);
			bytes.replace(pgno * page_size + 22, 2, std::string("\1\0", 2));
			++looped;
		}
	}
	ASSERT_GT(looped, 0u);
	auto damaged = rpm::read_bdb_blobs(bytes);
	ASSERT_TRUE(damaged.ok());
	EXPECT_TRUE(damaged->blobs.empty());
	EXPECT_EQ(damaged->skipped.size(), whole->blobs.size());
}

// A database made by SQLite itself from `sql`, as file bytes.
std::string sqlite_bytes(const char *sql) {
	sqlite3 *db = nullptr;
	EXPECT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
	EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
	sqlite3_int64 size = 0;
	unsigned char *data = sqlite3_serialize(db, "main", &size, 0);
	std::string bytes(reinterpret_cast<const char *>(data), static_cast<size_t>(size));
	sqlite3_free(data);
	sqlite3_close(db);
	return bytes;
}

TEST(RpmDb, SqliteWithoutPackagesTableIsAnError) {
	auto result = rpm::read_sqlite_blobs(sqlite_bytes("CREATE TABLE Other (blob BLOB)"));
	ASSERT_FALSE(result.ok());
	EXPECT_EQ(result.error().code, ErrorCode::corrupt);
}

// A view could run any query (an endless recursive one here); only a table is read.
TEST(RpmDb, SqlitePackagesViewIsRefused) {
	auto result = rpm::read_sqlite_blobs(
	    sqlite_bytes("CREATE VIEW Packages AS WITH RECURSIVE n(hnum) AS (SELECT 1 UNION ALL SELECT hnum + 1 FROM n) "
	                 "SELECT hnum, zeroblob(8) AS blob FROM n"));
	EXPECT_FALSE(result.ok());
}

TEST(RpmDb, SqliteNonBlobRowIsSkipped) {
	auto result = rpm::read_sqlite_blobs(sqlite_bytes("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB); "
	                                                  "INSERT INTO Packages VALUES (1, NULL), (2, x'00')"));
	ASSERT_TRUE(result.ok()) << result.error().describe();
	EXPECT_EQ(result->blobs, std::vector<std::string> { std::string(1, '\0') });
	EXPECT_EQ(result->skipped.size(), 1u);
}

TEST(RpmAnalyzer, CorruptDatabaseGivesWarningAndNoPackages) {
	FileView view;
	view.begin_layer(0);
	testing::add_file(view, "var/lib/rpm/Packages", std::string(8192, '\x33'));
	AnalysisResult result;
	make_rpm_analyzer()->analyze(view, result);
	EXPECT_TRUE(result.packages.empty());
	ASSERT_EQ(result.warnings.size(), 1u);
	EXPECT_NE(result.warnings[0].message.find("var/lib/rpm/Packages"), std::string::npos);
}

TEST(RpmAnalyzer, BadRecordIsWarnedAndSkipped) {
	std::string bytes = fixture("rpm-ndb-rpm4.16/var/lib/rpm/Packages.db");
	bytes[4096 + 16] = '\x7f'; // first blob's index count: over rpm's limit
	FileView view;
	view.begin_layer(0);
	testing::add_file(view, "var/lib/rpm/Packages.db", bytes);
	AnalysisResult result;
	make_rpm_analyzer()->analyze(view, result);
	EXPECT_EQ(result.packages.size(), 8u);
	ASSERT_EQ(result.warnings.size(), 1u);
	EXPECT_EQ(result.warnings[0].kind, WarningKind::bad_record);
}

} // namespace

} // namespace bulwark
