// `update_db` against a loopback HTTP server (python3 -m http.server on 127.0.0.1 and a
// random port, started here) serving real fixture records in the layout of the public
// sources: OSV dumps as <Ecosystem>/all.zip, the Debian tracker JSON, Alpine's
// <branch>/<repository>.json. A failed download leaves the old database byte for byte.
#include <gtest/gtest.h>

#include <csignal>
#include <optional>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vulndb/update.h"
#include "vulndb/vulndb_fixture.h"

namespace bulwark::vulndb {

namespace {

namespace fs = std::filesystem;
using bulwark::testing::data_path;
using bulwark::testing::read_file;
using bulwark::testing::TempDir;
using bulwark::testing::write_file;

// python3's http.server on 127.0.0.1 and a port the kernel picks, serving `root`.
class LoopbackServer {
public:
	explicit LoopbackServer(const fs::path &root) {
		int out[2];
		if (pipe(out) != 0) {
			return;
		}
		pid_ = fork();
		if (pid_ == 0) {
			dup2(out[1], STDOUT_FILENO);
			close(out[0]);
			const int quiet = open("/dev/null", O_WRONLY);
			dup2(quiet, STDERR_FILENO); // the request log
			execlp("python3", "python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory",
			       root.c_str(), static_cast<char *>(nullptr));
			_exit(127);
		}
		close(out[1]);
		// "Serving HTTP on 127.0.0.1 port 41234 (http://127.0.0.1:41234/) ..."
		std::string line;
		char c = 0;
		while (line.find('\n') == std::string::npos && read(out[0], &c, 1) == 1) {
			line += c;
		}
		close(out[0]);
		const size_t at = line.find(" port ");
		if (at != std::string::npos) {
			port_ = std::atoi(line.c_str() + at + 6);
		}
	}
	~LoopbackServer() {
		if (pid_ > 0) {
			kill(pid_, SIGTERM);
			waitpid(pid_, nullptr, 0);
		}
	}
	LoopbackServer(const LoopbackServer &) = delete;
	LoopbackServer &operator=(const LoopbackServer &) = delete;

	int port() const {
		return port_;
	}
	std::string url() const {
		return "http://127.0.0.1:" + std::to_string(port_);
	}

private:
	pid_t pid_ = -1;
	int port_ = 0;
};

// The public sources' layout, filled with the fixture records.
void build_mirror(const fs::path &root) {
	std::vector<std::pair<std::string, std::string>> go;
	for (const auto &entry : fs::directory_iterator(data_path("vulndb/golang"))) {
		if (entry.path().extension() == ".json") {
			go.emplace_back(entry.path().filename().string(), read_file(entry.path()));
		}
	}
	write_file(root / "osv" / "Go" / "all.zip", testing::zip_of(go));
	write_file(root / "osv" / "npm" / "all.zip",
	           testing::zip_of({{"GHSA-x.json", R"({"id":"GHSA-x","affected":[{"package":{"ecosystem":"npm","name":"left-pad"},)"
	                                            R"("versions":["1.0.0"]}]})"}}));
	write_file(root / "debian" / "json", read_file(data_path("vulndb/debian/debian.json")));
	// the YAML branch file as secdb.alpinelinux.org serves it: JSON
	write_file(root / "alpine" / "v3.10" / "main.json",
	           R"({"distroversion": "v3.10", "reponame": "main", "packages": [{"pkg": {"name": "ansible",)"
	           R"( "secfixes": {"2.8.4-r0": ["CVE-2019-10206", "CVE-2019-10217"]}}}]})");
	write_file(root / "alpine" / "v3.10" / "community.json",
	           R"({"distroversion": "v3.10", "reponame": "community", "packages": []})");
}

UpdateOptions options_for(const LoopbackServer &server, const fs::path &db) {
	UpdateOptions options;
	options.db_path = db.string();
	options.osv_base_url = server.url() + "/osv/";
	options.osv_ecosystems = {"Go", "npm"};
	options.debian_url = server.url() + "/debian/json";
	options.alpine_base_url = server.url() + "/alpine";
	options.alpine_branches = {"v3.10"};
	return options;
}

bool leftovers_beside(const fs::path &db) {
	for (const auto &entry : fs::directory_iterator(db.parent_path())) {
		if (entry.path() != db) {
			return true;
		}
	}
	return false;
}

// A mirror of the sources served on loopback, and where the database goes.
class VulnDbUpdate : public ::testing::Test {
protected:
	void SetUp() override {
		if (!bulwark::testing::tool_available("python3")) {
			GTEST_SKIP() << "python3 is not installed";
		}
		build_mirror(dir.path() / "www");
		server.emplace(dir.path() / "www");
		ASSERT_GT(server->port(), 0);
	}
	UpdateOptions options() const {
		return options_for(*server, db);
	}

	TempDir dir;
	std::optional<LoopbackServer> server;
	const fs::path db = dir.path() / "cache" / "bulwark.db";
};

TEST_F(VulnDbUpdate, DownloadsImportsAndSwapsInOneDatabase) {
	auto result = update_db(options());
	ASSERT_TRUE(result.ok()) << result.error().describe();
	ASSERT_EQ(result->sources.size(), 3U);
	EXPECT_EQ(result->sources[0].source.name, "osv");
	EXPECT_EQ(result->sources[0].stats.records, 4U);
	EXPECT_EQ(result->sources[0].stats.withdrawn, 1U);
	EXPECT_EQ(result->sources[1].stats.records, 5U);
	EXPECT_EQ(result->sources[2].stats.records, 2U);
	EXPECT_EQ(result->info.sources.size(), 3U);
	EXPECT_FALSE(leftovers_beside(db)); // no temporary directory or file left

	auto opened = testing::open_db(db.string());
	ASSERT_TRUE(opened);
	EXPECT_EQ(testing::lookup(*opened, "golang", "", "github.com/docker/distribution").at(0).advisory.id, "GO-2022-0379");
	EXPECT_EQ(testing::lookup(*opened, "npm", "", "left-pad").size(), 1U);
	EXPECT_EQ(testing::lookup(*opened, "deb", "buster", "chromium").size(), 1U);
	EXPECT_EQ(testing::lookup(*opened, "apk", "v3.10", "ansible").size(), 2U);
	EXPECT_EQ(opened->info().sources.at(1).origin, server->url() + "/debian/json");
}

TEST_F(VulnDbUpdate, FailedOrOversizedDownloadLeavesTheOldDatabase) {
	ASSERT_TRUE(update_db(options()).ok());
	const std::string before = read_file(db);

	UpdateOptions missing = options();
	missing.alpine_branches = {"v3.10", "v3.99"}; // 404
	auto failed = update_db(missing);
	ASSERT_FALSE(failed.ok());
	EXPECT_EQ(failed.error().code, ErrorCode::io);
	EXPECT_NE(failed.error().message.find("/alpine/v3.99/main.json"), std::string::npos) << failed.error().message;
	EXPECT_EQ(read_file(db), before);
	EXPECT_FALSE(leftovers_beside(db));

	UpdateOptions small = options();
	small.max_download_bytes = 1000;
	auto oversized = update_db(small);
	ASSERT_FALSE(oversized.ok());
	EXPECT_EQ(oversized.error().code, ErrorCode::limit_exceeded) << oversized.error().describe();
	EXPECT_EQ(read_file(db), before);
	EXPECT_FALSE(leftovers_beside(db));

	// A zip that is not one fails the import after the downloads: still the old database.
	write_file(dir.path() / "www" / "osv" / "npm" / "all.zip", "PK\x03\x04 not really a zip");
	auto broken = update_db(options());
	ASSERT_FALSE(broken.ok());
	EXPECT_EQ(read_file(db), before);
	EXPECT_FALSE(leftovers_beside(db));
}

TEST(VulnDbUpdateUrls, PlainHttpOnlyToLoopbackUnlessAllowed) {
	EXPECT_TRUE(check_download_url("https://osv-vulnerabilities.storage.googleapis.com/Go/all.zip", false).ok());
	EXPECT_TRUE(check_download_url("http://127.0.0.1:8080/x", false).ok());
	EXPECT_TRUE(check_download_url("http://127.1.2.3/x", false).ok());
	EXPECT_TRUE(check_download_url("http://localhost/x", false).ok());
	EXPECT_TRUE(check_download_url("http://[::1]:99/x", false).ok());
	for (const char *url : {"http://security-tracker.debian.org/tracker/data/json", "http://127.0.0.1.evil.example/x",
	                        "http://localhost.evil.example/x", "http://evil.example/@127.0.0.1/", "http://127.0.0.1@evil.example/", "ftp://127.0.0.1/x",
	                        "file:///etc/passwd", "127.0.0.1/x"}) {
		const auto checked = check_download_url(url, false);
		ASSERT_FALSE(checked.ok()) << url;
		EXPECT_EQ(checked.error().code, ErrorCode::invalid_argument);
	}
	EXPECT_TRUE(check_download_url("http://security-tracker.debian.org/tracker/data/json", true).ok());
	EXPECT_FALSE(check_download_url("ftp://mirror.example/x", true).ok());

	// Refused before anything is fetched or written.
	TempDir dir;
	UpdateOptions options;
	options.db_path = (dir.path() / "bulwark.db").string();
	options.debian_url = "http://security-tracker.debian.org/tracker/data/json";
	auto refused = update_db(options);
	ASSERT_FALSE(refused.ok());
	EXPECT_EQ(refused.error().code, ErrorCode::invalid_argument);
	EXPECT_FALSE(fs::exists(options.db_path));
}

} // namespace

} // namespace bulwark::vulndb
