// The rpm database readers and the rpm analyzer against real databases written by rpm
// 4.16 (sqlite, Berkeley DB, ndb) and 4.18 (sqlite), a Red Hat BDB from syft's test data,
// and little- and big-endian BDBs with 512-byte pages written by db5.3_load; expected lists
// are what `rpm -qa --qf` printed for them (tests/data/pkgdb/rpm-README.md).
#include <algorithm>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "analyze/analyzer.h"
#include "analyze/rpm/header.h"
#include "analyze/rpm/rpmdb.h"
#include "support/test_support.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_rpm_analyzer();

namespace {

using Row = std::vector<std::string>;

std::vector<Row> read_tsv(const std::string &relative) {
	std::istringstream in(testing::read_file(testing::data_path(relative)));
	std::vector<Row> rows;
	std::string line;
	while (std::getline(in, line)) {
		if (line.empty() || line[0] == '#') {
			continue;
		}
		Row row;
		std::istringstream fields(line);
		std::string field;
		while (std::getline(fields, field, '\t')) {
			row.push_back(field);
		}
		if (line.back() == '\t') {
			row.emplace_back();
		}
		rows.push_back(row);
	}
	std::sort(rows.begin(), rows.end());
	return rows;
}

std::string or_none(const std::optional<std::string> &value) {
	return value ? *value : "(none)";
}

struct Fixture {
	std::string name;    // directory under tests/data/pkgdb
	std::string db_path; // database inside it
	std::string files_tsv;
};

std::ostream &operator<<(std::ostream &out, const Fixture &fixture) {
	return out << fixture.name;
}

class RpmFixtureTest : public ::testing::TestWithParam<Fixture> {
protected:
	std::string root() const {
		return "pkgdb/" + GetParam().name;
	}
	std::vector<Row> expected() const {
		return read_tsv("pkgdb/" + GetParam().name + ".expected.tsv");
	}
	std::vector<Package> analyze() const {
		FileView view = testing::view_from_directory(testing::data_path(root()));
		AnalysisResult result;
		auto analyzer = make_rpm_analyzer();
		analyzer->analyze(view, result);
		EXPECT_TRUE(result.warnings.empty()) << result.warnings.front().message;
		return result.packages;
	}
};

// Every header field rpm prints, as rpm prints it, straight from the blobs.
TEST_P(RpmFixtureTest, HeadersMatchRpmQuery) {
	std::string bytes = testing::read_file(testing::data_path(root() + "/" + GetParam().db_path));
	auto blobs = rpm::read_rpmdb_blobs(bytes);
	ASSERT_TRUE(blobs.ok()) << blobs.error().describe();
	EXPECT_TRUE(blobs->skipped.empty());
	std::vector<Row> rows;
	for (const auto &blob : blobs->blobs) {
		auto header = rpm::parse_header(blob);
		ASSERT_TRUE(header.ok()) << header.error().describe();
		if (header->name == "gpg-pubkey") {
			continue;
		}
		rows.push_back({ header->name, header->epoch ? std::to_string(*header->epoch) : "(none)", header->version,
		                 header->release, or_none(header->arch), or_none(header->source_rpm), or_none(header->license),
		                 or_none(header->vendor), or_none(header->modularity_label) });
	}
	std::sort(rows.begin(), rows.end());
	EXPECT_EQ(rows, expected());
}

TEST_P(RpmFixtureTest, AnalyzerPackagesMatchRpmQuery) {
	std::vector<Row> got;
	for (const auto &pkg : analyze()) {
		EXPECT_EQ(pkg.type, "rpm");
		EXPECT_EQ(pkg.db_path, GetParam().db_path);
		EXPECT_EQ(pkg.layer, std::optional<size_t>(0));
		std::string license = pkg.licenses.empty() ? "" : pkg.licenses.front();
		got.push_back({ pkg.name, pkg.version, pkg.arch, pkg.source_name, pkg.source_version, license, pkg.vendor });
	}
	std::vector<Row> want;
	for (const auto &row : expected()) {
		// name epoch version release arch sourcerpm license vendor modularitylabel
		std::string evr = (row[1] == "(none)" ? "" : row[1] + ":") + row[2] + "-" + row[3];
		// The source RPM is "<name>-<version>-<release>.src.rpm" for these fixtures.
		std::string srpm = row[5].substr(0, row[5].size() - std::string(".src.rpm").size());
		size_t release_dash = srpm.rfind('-');
		size_t version_dash = srpm.rfind('-', release_dash - 1);
		auto plain = [](const std::string &field) { return field == "(none)" ? std::string() : field; };
		want.push_back({ row[0], evr, row[4], srpm.substr(0, version_dash), srpm.substr(version_dash + 1),
		                 plain(row[6]), plain(row[7]) });
	}
	std::sort(got.begin(), got.end());
	std::sort(want.begin(), want.end());
	EXPECT_EQ(got, want);
}

TEST_P(RpmFixtureTest, FileListsMatchRpmQuery) {
	std::vector<Row> got;
	for (const auto &pkg : analyze()) {
		for (const auto &file : pkg.installed_files) {
			got.push_back({ pkg.name + "." + pkg.arch, file });
		}
	}
	std::sort(got.begin(), got.end());
	EXPECT_EQ(got, read_tsv("pkgdb/" + GetParam().files_tsv));
}

// The four fx databases hold the same packages (rpm lists identical files for the sqlite
// and bdb ones; Debian's rpm cannot open ndb, whose expected.tsv came from rpm 4.16).
INSTANTIATE_TEST_SUITE_P(
    RpmPkgdb, RpmFixtureTest,
    ::testing::Values(
        Fixture { "rpm-sqlite-rpm4.18", "var/lib/rpm/rpmdb.sqlite", "rpm-sqlite-rpm4.18.expected-files.tsv" },
        Fixture { "rpm-sqlite-rpm4.16", "var/lib/rpm/rpmdb.sqlite", "rpm-sqlite-rpm4.18.expected-files.tsv" },
        Fixture { "rpm-bdb-rpm4.16", "var/lib/rpm/Packages", "rpm-sqlite-rpm4.18.expected-files.tsv" },
        Fixture { "rpm-ndb-rpm4.16", "var/lib/rpm/Packages.db", "rpm-sqlite-rpm4.18.expected-files.tsv" },
        Fixture { "rpm-3p-syft-redhat-bdb", "var/lib/rpm/Packages", "rpm-3p-syft-redhat-bdb.expected-files.tsv" },
        Fixture { "rpm-bdb-pagesize512-le", "var/lib/rpm/Packages", "rpm-bdb-pagesize512-le.expected-files.tsv" },
        Fixture { "rpm-bdb-pagesize512-be", "var/lib/rpm/Packages", "rpm-bdb-pagesize512-be.expected-files.tsv" }),
    [](const ::testing::TestParamInfo<Fixture> &info) {
	    std::string name = info.param.name;
	    std::replace_if(
	        name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
	    return name;
    });

TEST(RpmAnalyzer, WantsOnlyDatabaseFiles) {
	auto analyzer = make_rpm_analyzer();
	for (const char *path :
	     { "var/lib/rpm/Packages", "var/lib/rpm/Packages.db", "var/lib/rpm/rpmdb.sqlite",
	       "usr/lib/sysimage/rpm/Packages", "usr/lib/sysimage/rpm/Packages.db", "usr/lib/sysimage/rpm/rpmdb.sqlite" }) {
		EXPECT_TRUE(analyzer->wants(path)) << path;
	}
	for (const char *path : { "var/lib/rpm/Name", "var/lib/rpm/rpmdb.sqlite-wal", "var/lib/rpm/Index.db", "var/lib/rpm",
	                          "other/var/lib/rpm/Packages", "var/lib/rpm/x/Packages" }) {
		EXPECT_FALSE(analyzer->wants(path)) << path;
	}
}

// Fedora links var/lib/rpm to usr/lib/sysimage/rpm: one database, listed once.
TEST(RpmAnalyzer, LinkedDatabaseDirectoryReadOnce) {
	std::string db = testing::read_file(testing::data_path("pkgdb/rpm-sqlite-rpm4.18/var/lib/rpm/rpmdb.sqlite"));
	FileView view;
	view.begin_layer(0);
	testing::add_file(view, "usr/lib/sysimage/rpm/rpmdb.sqlite", db);
	testing::add_symlink(view, "var/lib/rpm", "../../usr/lib/sysimage/rpm");
	AnalysisResult result;
	make_rpm_analyzer()->analyze(view, result);
	ASSERT_EQ(result.packages.size(), 9u);
	for (const auto &pkg : result.packages) {
		EXPECT_EQ(pkg.db_path, "usr/lib/sysimage/rpm/rpmdb.sqlite");
	}
}

// A later layer rewrites the database with more packages: the old ones keep their layer.
TEST(RpmAnalyzer, LayerOfOriginFromDatabaseHistory) {
	std::string small = testing::read_file(testing::data_path("pkgdb/rpm-3p-syft-redhat-bdb/var/lib/rpm/Packages"));
	std::string big = testing::read_file(testing::data_path("pkgdb/rpm-bdb-rpm4.16/var/lib/rpm/Packages"));
	FileView view;
	view.begin_layer(0);
	testing::add_file(view, "var/lib/rpm/Packages", big);
	view.begin_layer(1);
	testing::add_file(view, "var/lib/rpm/Packages", small);
	view.begin_layer(2);
	testing::add_file(view, "var/lib/rpm/Packages", big);
	AnalysisResult result;
	make_rpm_analyzer()->analyze(view, result);
	ASSERT_EQ(result.packages.size(), 9u);
	for (const auto &pkg : result.packages) {
		EXPECT_EQ(pkg.layer, std::optional<size_t>(2)) << pkg.name; // removed in layer 1, back in 2
	}
}

TEST(RpmAnalyzer, EpochAndSourceFields) {
	FileView view = testing::view_from_directory(testing::data_path("pkgdb/rpm-sqlite-rpm4.18"));
	AnalysisResult result;
	make_rpm_analyzer()->analyze(view, result);
	std::map<std::string, const Package *> by_name;
	for (const auto &pkg : result.packages) {
		by_name[pkg.name] = &pkg;
	}
	ASSERT_TRUE(by_name.count("fx-epoch") && by_name.count("fx-plain") && by_name.count("python3-fxmulti"));
	EXPECT_EQ(by_name["fx-epoch"]->version, "2:0.9.1-3.el9");
	EXPECT_EQ(by_name["fx-epoch"]->epoch, std::optional<uint32_t>(2));
	EXPECT_EQ(by_name["fx-plain"]->version, "1.1-1");
	EXPECT_FALSE(by_name["fx-plain"]->epoch.has_value());
	EXPECT_EQ(by_name["python3-fxmulti"]->source_name, "fx-multi");
	EXPECT_EQ(by_name["python3-fxmulti"]->source_version, "5.4.1-7.fx1");
	EXPECT_EQ(by_name["fx-arch"]->version, "0:3.10.0-1062.el7");
}

TEST(RpmAnalyzer, SyftPackagerBecomesMaintainer) {
	FileView view = testing::view_from_directory(testing::data_path("pkgdb/rpm-3p-syft-redhat-bdb"));
	AnalysisResult result;
	make_rpm_analyzer()->analyze(view, result);
	ASSERT_EQ(result.packages.size(), 1u);
	EXPECT_EQ(result.packages[0].maintainer, "Alex Goodman"); // rpm -q --qf '%{PACKAGER}'
	EXPECT_EQ(result.packages[0].installed_files, std::vector<std::string> { "/usr/local/bin/dive" });
}

} // namespace

} // namespace bulwark
