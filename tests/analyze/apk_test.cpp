// The apk analyzer against `lib/apk/db/installed` files written by apk-tools 2.14.10 and
// 3.0.6 and a real Alpine database, compared with the lists apk-tools printed for them
// (tests/data/pkgdb, see dpkg-apk-fixtures.NOTICE.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <sstream>

#include "analyze/analyzer.h"
#include "support/test_support.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_apk_analyzer();

namespace {

// name, version, arch, origin, licence
using Row = std::vector<std::string>;

constexpr const char *kFixtures[] = {"apk-written-by-apk2.14.10", "apk-written-by-apk3.0.6", "apk-3p-trivy-analyzer"};

AnalysisResult analyze(const FileView &view) {
	AnalysisResult result;
	make_apk_analyzer()->analyze(view, result);
	return result;
}

AnalysisResult analyze_installed(const std::string &content) {
	FileView view;
	view.begin_layer(0);
	testing::add_file(view, "lib/apk/db/installed", content);
	return analyze(view);
}

std::vector<std::string> lines_of(const std::string &text) {
	std::vector<std::string> lines;
	std::string line;
	std::istringstream in(text);
	while (std::getline(in, line)) {
		lines.push_back(line);
	}
	return lines;
}

std::vector<Row> expected_rows(const std::string &fixture) {
	auto lines = lines_of(testing::read_file(testing::data_path("pkgdb/" + fixture + ".expected.tsv")));
	std::vector<Row> rows;
	for (size_t i = 1; i < lines.size(); ++i) {
		Row cells;
		std::string cell;
		std::istringstream in(lines[i]);
		while (std::getline(in, cell, '\t')) {
			cells.push_back(cell);
		}
		cells.resize(5); // the description column is not kept
		rows.push_back(cells);
	}
	return rows;
}

std::vector<Row> rows_of(const std::vector<Package> &packages) {
	std::vector<Row> rows;
	for (const auto &pkg : packages) {
		EXPECT_LE(pkg.licenses.size(), 1u);
		rows.push_back({pkg.name, pkg.version, pkg.arch, pkg.source_name, pkg.licenses.empty() ? "" : pkg.licenses[0]});
	}
	return rows;
}

TEST(Apk, FixturesMatchApkTools) {
	for (const char *fixture : kFixtures) {
		auto result = analyze(testing::view_from_directory(testing::data_path(std::string("pkgdb/") + fixture)));
		EXPECT_TRUE(result.warnings.empty()) << fixture;
		auto expected = expected_rows(fixture);
		ASSERT_FALSE(expected.empty()) << fixture;
		EXPECT_EQ(rows_of(result.packages), expected) << fixture;
		// apk info -v: "<name>-<version>", one per package.
		std::vector<std::string> name_versions;
		for (const auto &pkg : result.packages) {
			EXPECT_EQ(pkg.type, "apk");
			EXPECT_EQ(pkg.db_path, "lib/apk/db/installed");
			EXPECT_EQ(pkg.layer, std::optional<size_t>(0));
			EXPECT_EQ(pkg.source_version, pkg.version);
			name_versions.push_back(pkg.name + "-" + pkg.version);
		}
		EXPECT_EQ(name_versions, lines_of(testing::read_file(testing::data_path(
		                             std::string("pkgdb/") + fixture + ".crosscheck-apk2.14.10-info-v.txt"))))
		    << fixture;
	}
}

TEST(Apk, FilesAndMaintainerOfARealAlpineDatabase) {
	auto result = analyze(testing::view_from_directory(testing::data_path("pkgdb/apk-3p-trivy-analyzer")));
	ASSERT_EQ(result.packages.size(), 1u);
	const Package &musl = result.packages[0];
	EXPECT_EQ(musl.maintainer, "Timo Teräs <timo.teras@iki.fi>");
	EXPECT_EQ(musl.installed_files,
	          (std::vector<std::string> {"/lib/libc.musl-x86_64.so.1", "/lib/ld-musl-x86_64.so.1"}));

	auto written = analyze(testing::view_from_directory(testing::data_path("pkgdb/apk-written-by-apk2.14.10")));
	ASSERT_FALSE(written.packages.empty());
	EXPECT_EQ(written.packages[0].name, "ca-certificates-bundle");
	EXPECT_EQ(written.packages[0].installed_files, (std::vector<std::string> {"/etc/ssl/fx-bundle"}));
}

TEST(Apk, LayerOfEachPackageIsWhereItFirstAppears) {
	auto installed = testing::read_file(testing::data_path("pkgdb/apk-written-by-apk2.14.10/lib/apk/db/installed"));
	auto second = installed.find("\n\n");
	ASSERT_NE(second, std::string::npos);
	FileView view;
	view.begin_layer(0);
	testing::add_file(view, "lib/apk/db/installed", installed.substr(0, second + 2));
	view.begin_layer(1);
	testing::add_file(view, "lib/apk/db/installed", installed);
	auto result = analyze(view);
	ASSERT_EQ(result.packages.size(), 5u);
	for (const auto &pkg : result.packages) {
		EXPECT_EQ(pkg.layer, std::optional<size_t>(pkg.name == "ca-certificates-bundle" ? 0 : 1)) << pkg.name;
	}
}

TEST(Apk, BadLinesAndRecordsAreSkippedWithWarnings) {
	auto result = analyze_installed("P:good\r\nV:1.0-r0\r\nA:x86_64\r\nnonsense\r\nL:MIT\r\n\r\n"
	                                "V:2.0-r0\nA:x86_64\n\n"
	                                "P:noversion\n\n\n\n"
	                                "P:norigin\nV:3_rc1-r2\nR:top-level-file\n");
	EXPECT_EQ(rows_of(result.packages), (std::vector<Row> {{"good", "1.0-r0", "x86_64", "good", "MIT"},
	                                                       {"norigin", "3_rc1-r2", "", "norigin", ""}}));
	EXPECT_EQ(result.packages[1].installed_files, (std::vector<std::string> {"/top-level-file"}));
	ASSERT_EQ(result.warnings.size(), 3u);
	EXPECT_NE(result.warnings[0].message.find("lib/apk/db/installed (layer 0) line 4"), std::string::npos);
}

TEST(Apk, HostileInputIsBounded) {
	auto huge = analyze_installed("P:" + std::string(10u << 20, 'a'));
	EXPECT_TRUE(huge.packages.empty());
	ASSERT_EQ(huge.warnings.size(), 1u); // no version
	EXPECT_LT(huge.warnings[0].message.size(), 300u);

	std::mt19937 random(777);
	std::string junk(4u << 20, '\0');
	for (auto &c : junk) {
		c = static_cast<char>(random());
	}
	EXPECT_LE(analyze_installed(junk).warnings.size(), 51u);

	std::string many_lines;
	for (int i = 0; i < 100000; ++i) {
		many_lines += "no colon here\n";
	}
	auto lines_result = analyze_installed(many_lines);
	EXPECT_EQ(lines_result.warnings.size(), 51u);
	EXPECT_EQ(lines_result.warnings.back().kind, WarningKind::limit_reached);
}

} // namespace
} // namespace bulwark
