// The advisory database file: what goes in comes out of lookup() field for field, sources
// are replaced as a whole, and an import that dies (writer dropped, process killed) leaves
// the previous database readable and byte for byte unchanged.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/test_support.h"
#include "vulndb/vulndb_fixture.h"

namespace bulwark::vulndb {

namespace {

namespace fs = std::filesystem;
using testing::describe;

Advisory sample_advisory(const std::string &id) {
	Advisory advisory;
	advisory.id = id;
	advisory.aliases = {"CVE-2022-0001", "GHSA-aaaa-bbbb-cccc"};
	advisory.summary = "Type confusion";
	advisory.details = std::string(400, 'x') + " details that compress";
	advisory.published = "2022-07-29T20:00:03Z";
	advisory.modified = "2023-01-02T00:00:00Z";
	advisory.references = {"https://example.org/fix", "https://example.org/advisory"};
	advisory.cvss = {{"osv", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}};
	advisory.severity = "HIGH";
	AffectedPackage go;
	go.ecosystem = "golang";
	go.name = "github.com/docker/distribution";
	go.ranges.push_back(AffectedRange {"SEMVER",
	                                   {{RangeEvent::Kind::introduced, "0"}, {RangeEvent::Kind::fixed, "2.8.0"}},
	                                   {},
	                                   {}});
	go.versions = {"2.7.0", "2.7.1"};
	AffectedPackage deb;
	deb.ecosystem = "deb";
	deb.release = "bookworm";
	deb.name = "openssl";
	deb.open = true;
	deb.severity = "high";
	AffectedPackage gem;
	gem.ecosystem = "gem";
	gem.name = "rack";
	gem.ranges.push_back(AffectedRange {"CONSTRAINTS", {}, {">= 1.0, < 2.0.9"}, {"~> 1.6.12", ">= 2.0.9"}});
	AffectedPackage not_affected; // nothing said: not stored
	not_affected.ecosystem = "deb";
	not_affected.release = "bullseye";
	not_affected.name = "openssl";
	advisory.affected = {go, deb, gem, not_affected};
	return advisory;
}

void build(const std::string &path, const std::vector<std::pair<std::string, std::vector<Advisory>>> &sources,
           bool keep_existing = false) {
	auto writer = DbWriter::create(path, keep_existing);
	ASSERT_TRUE(writer.ok()) << writer.error().describe();
	for (const auto &[name, advisories] : sources) {
		ASSERT_TRUE(writer->begin_source(SourceInfo {name, "osv", "/somewhere/" + name, "", 0, ""}).ok());
		for (const auto &advisory : advisories) {
			const auto added = writer->add(advisory);
			ASSERT_TRUE(added.ok()) << added.error().describe();
		}
		ASSERT_TRUE(writer->end_source().ok());
	}
	const auto committed = writer->commit();
	ASSERT_TRUE(committed.ok()) << committed.error().describe();
}

void execute_sql(const std::string &path, const std::string &sql) {
	sqlite3 *db = nullptr;
	ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
	char *message = nullptr;
	const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
	EXPECT_EQ(rc, SQLITE_OK) << (message ? message : "");
	sqlite3_free(message);
	sqlite3_close(db);
}

std::vector<fs::path> temp_files_beside(const fs::path &db) {
	std::vector<fs::path> found;
	for (const auto &entry : fs::directory_iterator(db.parent_path())) {
		if (entry.path().filename().string().find(".tmp-") != std::string::npos) {
			found.push_back(entry.path());
		}
	}
	return found;
}

TEST(VulnDbStore, LookupReturnsEveryStoredFieldAndNothingForOtherKeys) {
	bulwark::testing::TempDir dir;
	const std::string path = (dir.path() / "db" / "bulwark.db").string();
	const Advisory advisory = sample_advisory("GO-2022-0379");
	build(path, {{"osv:Go", {advisory}}});
	auto db = testing::open_db(path);
	ASSERT_TRUE(db);

	for (const size_t index : {0, 1, 2}) {
		const AffectedPackage &expected = advisory.affected[index];
		const auto found = testing::lookup(*db, expected.ecosystem, expected.release, expected.name);
		ASSERT_EQ(found.size(), 1U) << expected.name;
		Advisory without_affected = advisory;
		without_affected.affected.clear();
		without_affected.source = "osv:Go";
		EXPECT_EQ(describe(found[0]), describe(Candidate {without_affected, expected}));
		EXPECT_EQ(found[0].advisory.source, "osv:Go");
		EXPECT_TRUE(found[0].advisory.affected.empty());
	}
	EXPECT_TRUE(testing::lookup(*db, "deb", "bullseye", "openssl").empty()); // "not affected" is not stored
	EXPECT_TRUE(testing::lookup(*db, "golang", "", "github.com/docker/Distribution").empty());
	EXPECT_TRUE(testing::lookup(*db, "deb", "", "openssl").empty());

	const DbInfo info = db->info();
	EXPECT_EQ(info.schema_version, 1);
	EXPECT_EQ(info.advisories, 1U);
	EXPECT_EQ(info.affected_rows, 3U);
	EXPECT_EQ(info.file_bytes, fs::file_size(path));
	EXPECT_EQ(info.built_at.size(), 20U);
	ASSERT_EQ(info.sources.size(), 1U);
	EXPECT_EQ(info.sources[0].name, "osv:Go");
	EXPECT_EQ(info.sources[0].kind, "osv");
	EXPECT_EQ(info.sources[0].origin, "/somewhere/osv:Go");
	EXPECT_EQ(info.sources[0].advisories, 1U);
	EXPECT_EQ(info.sources[0].newest, "2023-01-02T00:00:00Z");
	EXPECT_TRUE(temp_files_beside(path).empty());
}

TEST(VulnDbStore, RepeatedIdsMergeTheirEntriesOnceEach) {
	bulwark::testing::TempDir dir;
	const std::string path = (dir.path() / "bulwark.db").string();
	Advisory first = sample_advisory("CVE-2023-1");
	first.affected.resize(1);
	Advisory second = sample_advisory("CVE-2023-1");
	second.summary = "a later copy: the first one's text is kept";
	second.affected.erase(second.affected.begin() + 2); // go (again) and deb
	build(path, {{"debian", {first, second, second}}});
	auto db = testing::open_db(path);
	ASSERT_TRUE(db);
	const auto go = testing::lookup(*db, "golang", "", "github.com/docker/distribution");
	ASSERT_EQ(go.size(), 1U);
	EXPECT_EQ(go[0].advisory.summary, "Type confusion");
	EXPECT_EQ(testing::lookup(*db, "deb", "bookworm", "openssl").size(), 1U);
	EXPECT_EQ(db->info().advisories, 1U);
	EXPECT_EQ(db->info().sources[0].advisories, 1U);
}

TEST(VulnDbStore, KeepExistingReplacesOnlyTheImportedSource) {
	bulwark::testing::TempDir dir;
	const std::string path = (dir.path() / "bulwark.db").string();
	Advisory old_go = sample_advisory("GO-OLD");
	Advisory debian = sample_advisory("CVE-2020-1");
	debian.affected = {debian.affected[1]};
	build(path, {{"osv", {old_go}}, {"debian", {debian}}});

	Advisory new_go = sample_advisory("GO-NEW");
	new_go.affected = {new_go.affected[0]};
	build(path, {{"osv", {new_go}}}, true);

	auto db = testing::open_db(path);
	ASSERT_TRUE(db);
	const auto go = testing::lookup(*db, "golang", "", "github.com/docker/distribution");
	ASSERT_EQ(go.size(), 1U);
	EXPECT_EQ(go[0].advisory.id, "GO-NEW");
	EXPECT_TRUE(testing::lookup(*db, "gem", "", "rack").empty()); // only GO-OLD had it
	const auto deb = testing::lookup(*db, "deb", "bookworm", "openssl");
	ASSERT_EQ(deb.size(), 1U);
	EXPECT_EQ(deb[0].advisory.id, "CVE-2020-1");
	EXPECT_EQ(deb[0].advisory.source, "debian");
	EXPECT_EQ(db->info().advisories, 2U);
	EXPECT_EQ(db->info().affected_rows, 2U);
	ASSERT_EQ(db->info().sources.size(), 2U);

	// Without keep_existing the new file has only what was imported.
	build(path, {{"alpine", {debian}}});
	db = testing::open_db(path);
	ASSERT_TRUE(db);
	ASSERT_EQ(db->info().sources.size(), 1U);
	EXPECT_TRUE(testing::lookup(*db, "golang", "", "github.com/docker/distribution").empty());
}

TEST(VulnDbStore, WriterDroppedWithoutCommitLeavesTheOldDatabase) {
	bulwark::testing::TempDir dir;
	const std::string path = (dir.path() / "bulwark.db").string();
	build(path, {{"osv", {sample_advisory("GO-1")}}});
	const std::string before = bulwark::testing::read_file(path);
	{
		auto writer = DbWriter::create(path, true);
		ASSERT_TRUE(writer.ok());
		ASSERT_TRUE(writer->begin_source(SourceInfo {"osv", "osv", "x", "", 0, ""}).ok());
		ASSERT_TRUE(writer->add(sample_advisory("GO-2")).ok());
		EXPECT_EQ(temp_files_beside(path).size(), 1U);
	}
	EXPECT_EQ(bulwark::testing::read_file(path), before);
	EXPECT_TRUE(temp_files_beside(path).empty());
	auto db = testing::open_db(path);
	ASSERT_TRUE(db);
	EXPECT_EQ(testing::lookup(*db, "gem", "", "rack").at(0).advisory.id, "GO-1");
}

TEST(VulnDbStore, ImportKilledMidwayLeavesTheOldDatabase) {
	bulwark::testing::TempDir dir;
	const std::string path = (dir.path() / "bulwark.db").string();
	build(path, {{"osv", {sample_advisory("GO-1")}}});
	const std::string before = bulwark::testing::read_file(path);

	int ready[2];
	ASSERT_EQ(pipe(ready), 0);
	const pid_t child = fork();
	ASSERT_GE(child, 0);
	if (child == 0) {
		// The child imports for ever; the parent kills it with SIGKILL in the middle.
		close(ready[0]);
		auto writer = DbWriter::create(path, true);
		if (!writer.ok() || !writer->begin_source(SourceInfo {"osv", "osv", "x", "", 0, ""}).ok()) {
			_exit(1);
		}
		for (int i = 0;; ++i) {
			if (!writer->add(sample_advisory("GO-" + std::to_string(i + 2))).ok()) {
				_exit(1);
			}
			if (i == 2000) {
				(void)!write(ready[1], "x", 1);
			}
		}
	}
	close(ready[1]);
	char byte = 0;
	ASSERT_EQ(read(ready[0], &byte, 1), 1);
	close(ready[0]);
	kill(child, SIGKILL);
	int status = 0;
	ASSERT_EQ(waitpid(child, &status, 0), child);
	ASSERT_TRUE(WIFSIGNALED(status));

	EXPECT_EQ(bulwark::testing::read_file(path), before);
	auto db = testing::open_db(path);
	ASSERT_TRUE(db);
	const auto found = testing::lookup(*db, "gem", "", "rack");
	ASSERT_EQ(found.size(), 1U);
	EXPECT_EQ(found[0].advisory.id, "GO-1");
	// The dead import's temporary file stays until the next import removes it.
	EXPECT_EQ(temp_files_beside(path).size(), 1U);
	build(path, {{"osv", {sample_advisory("GO-3")}}}, true);
	EXPECT_TRUE(temp_files_beside(path).empty());
}

TEST(VulnDbStore, OpenRefusesFilesThatAreNotOurs) {
	bulwark::testing::TempDir dir;
	const std::string missing = (dir.path() / "missing.db").string();
	auto result = VulnDb::open(missing);
	ASSERT_FALSE(result.ok());
	EXPECT_EQ(result.error().code, ErrorCode::io);

	const std::string text = (dir.path() / "text.db").string();
	bulwark::testing::write_file(text, "hello, not a database\n");
	result = VulnDb::open(text);
	ASSERT_FALSE(result.ok());
	EXPECT_EQ(result.error().code, ErrorCode::corrupt);
	EXPECT_NE(result.error().message.find("not a bulwark advisory database"), std::string::npos);

	const std::string foreign = (dir.path() / "foreign.db").string();
	execute_sql(foreign, "CREATE TABLE t(x)");
	result = VulnDb::open(foreign);
	ASSERT_FALSE(result.ok());
	EXPECT_EQ(result.error().code, ErrorCode::corrupt);
	EXPECT_NE(result.error().message.find("another application"), std::string::npos);

	const std::string future = (dir.path() / "future.db").string();
	build(future, {{"osv", {sample_advisory("GO-1")}}});
	execute_sql(future, "UPDATE meta SET value = '99' WHERE key = 'schema_version'");
	result = VulnDb::open(future);
	ASSERT_FALSE(result.ok());
	EXPECT_EQ(result.error().code, ErrorCode::corrupt);
	EXPECT_NE(result.error().message.find("schema version 99; this bulwark reads version 1"), std::string::npos)
	    << result.error().message;
	// and an import that keeps existing sources does not copy from it
	auto writer = DbWriter::create(future, true);
	ASSERT_FALSE(writer.ok());
	EXPECT_EQ(writer.error().code, ErrorCode::corrupt);
}

TEST(VulnDbStore, DamagedRecordsAreErrorsNotCrashes) {
	bulwark::testing::TempDir dir;
	const std::string path = (dir.path() / "bulwark.db").string();
	build(path, {{"osv", {sample_advisory("GO-1")}}});
	for (const char *damage :
	     {"UPDATE affected SET data = X'00FFFFFFFF0F'", "UPDATE affected SET data = X'01AB'",
	      "UPDATE affected SET data = X''", "UPDATE affected SET data = X'07'", "UPDATE affected SET data = X'0001'"}) {
		execute_sql(path, damage);
		auto db = testing::open_db(path);
		ASSERT_TRUE(db);
		auto found = db->lookup("gem", "", "rack");
		ASSERT_FALSE(found.ok()) << damage;
		EXPECT_EQ(found.error().code, ErrorCode::corrupt);
	}
	build(path, {{"osv", {sample_advisory("GO-1")}}});
	execute_sql(path, "UPDATE advisories SET text = X'00FF'");
	auto db = testing::open_db(path);
	ASSERT_TRUE(db);
	auto found = db->lookup("gem", "", "rack");
	ASSERT_TRUE(found.ok()) << found.error().describe();
	ASSERT_EQ(found->size(), 1U);
	const auto text = db->load_text(found->at(0));
	ASSERT_FALSE(text.ok());
	EXPECT_EQ(text.error().code, ErrorCode::corrupt);
}

TEST(VulnDbStore, DefaultPathFollowsXdgCacheHome) {
	const char *saved = std::getenv("XDG_CACHE_HOME");
	const std::string restore = saved ? saved : "";
	setenv("XDG_CACHE_HOME", "/var/cache/someone", 1);
	EXPECT_EQ(default_db_path(), "/var/cache/someone/bulwark/db/bulwark.db");
	unsetenv("XDG_CACHE_HOME");
	EXPECT_EQ(default_db_path(), std::string(std::getenv("HOME")) + "/.cache/bulwark/db/bulwark.db");
	if (saved) {
		setenv("XDG_CACHE_HOME", restore.c_str(), 1);
	}
}

} // namespace

} // namespace bulwark::vulndb
