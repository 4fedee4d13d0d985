// The dpkg analyzer against real databases: package lists printed by dpkg-query for the
// fixtures in tests/data/pkgdb (see dpkg-apk-fixtures.NOTICE.md), dpkg-query itself run live
// on the fixture and on this machine's own database, and hostile inputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <sstream>

#include "analyze/analyzer.h"
#include "support/oracle_command.h"
#include "support/test_support.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_dpkg_analyzer();

namespace {

namespace fs = std::filesystem;

// name, version, arch, source name, source version
using Row = std::vector<std::string>;

AnalysisResult analyze(const FileView &view) {
	AnalysisResult result;
	make_dpkg_analyzer()->analyze(view, result);
	return result;
}

std::vector<std::string> split(const std::string &text, char separator) {
	std::vector<std::string> parts;
	std::string part;
	std::istringstream in(text);
	while (std::getline(in, part, separator)) {
		parts.push_back(part);
	}
	return parts;
}

bool installed(const std::string &status) {
	auto words = split(status, ' ');
	return words.size() == 3 && words[2] == "installed";
}

std::vector<Row> rows_of(const std::vector<Package> &packages) {
	std::vector<Row> rows;
	for (const auto &pkg : packages) {
		rows.push_back({pkg.name, pkg.version, pkg.arch, pkg.source_name, pkg.source_version});
	}
	std::sort(rows.begin(), rows.end());
	return rows;
}

// The installed packages of a fixture's .expected.tsv, by its header's column names; with
// `file`, only the rows of that status.d file.
std::vector<Row> expected_installed(const std::string &tsv_name, const std::string &file = "") {
	auto lines = split(testing::read_file(testing::data_path("pkgdb/" + tsv_name)), '\n');
	EXPECT_FALSE(lines.empty());
	auto header = split(lines.at(0).substr(1), '\t');
	std::map<std::string, size_t> column;
	for (size_t i = 0; i < header.size(); ++i) {
		column[header[i]] = i;
	}
	std::vector<Row> rows;
	for (size_t i = 1; i < lines.size(); ++i) {
		auto cells = split(lines[i], '\t');
		if (cells.size() < header.size() || (column.count("file") && cells[column["file"]] != file) ||
		    !installed(cells[column["status"]])) {
			continue; // DPKG-QUERY-STDERR rows, other files, or not installed
		}
		rows.push_back({cells[column["package"]], cells[column["version"]], cells[column["architecture"]],
		                cells[column["source_package"]], cells[column["source_version"]]});
	}
	std::sort(rows.begin(), rows.end());
	return rows;
}

std::vector<Package> packages_from(const std::vector<Package> &packages, const std::string &db_path) {
	std::vector<Package> out;
	std::copy_if(packages.begin(), packages.end(), std::back_inserter(out),
	             [&](const Package &pkg) { return pkg.db_path == db_path; });
	return out;
}

const Package *find(const std::vector<Package> &packages, const std::string &name, const std::string &arch = "") {
	for (const auto &pkg : packages) {
		if (pkg.name == name && (arch.empty() || pkg.arch == arch)) {
			return &pkg;
		}
	}
	return nullptr;
}

bool have_dpkg_query() {
	return testing::tool_available("dpkg-query");
}

// dpkg-query -W over an admin dir, installed packages only, as rows.
std::vector<Row> dpkg_query_installed(const std::string &admindir_option) {
	auto out = testing::command_output("dpkg-query " + admindir_option +
	               " -W -f '${Package}\\t${Version}\\t${Architecture}\\t${source:Package}\\t${source:Version}"
	               "\\t${Status}\\n' 2>/dev/null");
	std::vector<Row> rows;
	for (const auto &line : split(out, '\n')) {
		auto cells = split(line, '\t');
		if (cells.size() == 6 && installed(cells[5])) {
			cells.pop_back();
			rows.push_back(cells);
		}
	}
	std::sort(rows.begin(), rows.end());
	return rows;
}

TEST(Dpkg, DebootstrapMinbaseMatchesDpkgQuery) {
	auto view = testing::view_from_directory(testing::data_path("pkgdb/dpkg-debootstrap-bookworm-minbase"));
	auto result = analyze(view);
	EXPECT_TRUE(result.warnings.empty());
	auto expected = expected_installed("dpkg-debootstrap-bookworm-minbase.expected.tsv");
	ASSERT_EQ(expected.size(), 94u); // 95 stanzas, netbase is "deinstall ok config-files"
	EXPECT_EQ(rows_of(result.packages), expected);

	// Held packages count as installed; multiarch keeps one package per architecture.
	const Package *bash = find(result.packages, "bash");
	ASSERT_NE(bash, nullptr);
	EXPECT_EQ(bash->version, "5.2.15-2+b13");
	EXPECT_EQ(bash->source_version, "5.2.15-2");
	ASSERT_NE(find(result.packages, "libc6", "i386"), nullptr);
	ASSERT_NE(find(result.packages, "libc6", "amd64"), nullptr);
	EXPECT_EQ(find(result.packages, "netbase"), nullptr);
	for (const auto &pkg : result.packages) {
		EXPECT_EQ(pkg.type, "deb");
		EXPECT_EQ(pkg.db_path, "var/lib/dpkg/status");
		EXPECT_EQ(pkg.layer, std::optional<size_t>(0));
		auto colon = pkg.version.find(':');
		if (colon == std::string::npos) {
			EXPECT_FALSE(pkg.epoch) << pkg.name;
		} else {
			EXPECT_EQ(pkg.epoch, std::optional<uint32_t>(std::stoul(pkg.version.substr(0, colon)))) << pkg.name;
		}
	}
	const Package *login = find(result.packages, "login");
	ASSERT_NE(login, nullptr);
	EXPECT_EQ(login->epoch, std::optional<uint32_t>(1));
	EXPECT_EQ(login->maintainer, "Shadow package maintainers <pkg-shadow-devel@lists.alioth.debian.org>");
}

TEST(Dpkg, DistrolessStatusDMatchesDpkgQuery) {
	auto view = testing::view_from_directory(testing::data_path("pkgdb/dpkg-syft-image-distroless-deb"));
	auto result = analyze(view);
	EXPECT_TRUE(result.warnings.empty()); // .md5sums and .preinst are not read as stanzas
	EXPECT_EQ(rows_of(result.packages), expected_installed("dpkg-syft-image-distroless-deb.expected.tsv", "libsqlite3-0"));
	ASSERT_EQ(result.packages.size(), 1u);
	EXPECT_EQ(result.packages[0].db_path, "var/lib/dpkg/status.d/libsqlite3-0");
	EXPECT_EQ(result.packages[0].maintainer, "Laszlo Boszormenyi (GCS) <gcs@debian.org>");
}

TEST(Dpkg, StatusDSamplesThatDpkgAcceptsMatchDpkgQuery) {
	auto view = testing::view_from_directory(testing::data_path("pkgdb/dpkg-syft-statusd-samples"));
	auto result = analyze(view);
	for (std::string file : {"coreutils-relationships", "deinstall", "installed-size-4KB", "libpam-runtime", "single"}) {
		auto expected = expected_installed("dpkg-syft-statusd-samples.expected.tsv", file);
		EXPECT_FALSE(expected.empty()) << file;
		EXPECT_EQ(rows_of(packages_from(result.packages, "var/lib/dpkg/status.d/" + file)), expected) << file;
	}
}

// dpkg-query gives up on these files at the first error; we skip the bad stanza only.
TEST(Dpkg, StatusDSamplesThatDpkgRejectsKeepTheirGoodStanzas) {
	auto view = testing::view_from_directory(testing::data_path("pkgdb/dpkg-syft-statusd-samples"));
	auto result = analyze(view);
	auto warnings_about = [&](const std::string &file) {
		std::vector<std::string> messages;
		for (const auto &warning : result.warnings) {
			if (warning.message.starts_with("var/lib/dpkg/status.d/" + file + " ")) {
				EXPECT_EQ(warning.kind, WarningKind::bad_record);
				messages.push_back(warning.message);
			}
		}
		return messages;
	};
	// "Insterface to the configuration settings" has no colon: the only stanza goes.
	EXPECT_TRUE(packages_from(result.packages, "var/lib/dpkg/status.d/corrupt").empty());
	ASSERT_EQ(warnings_about("corrupt").size(), 1u);
	EXPECT_NE(warnings_about("corrupt")[0].find("line 5: field line without ':'"), std::string::npos);

	EXPECT_TRUE(packages_from(result.packages, "var/lib/dpkg/status.d/empty").empty());
	EXPECT_EQ(warnings_about("empty").size(), 1u);

	// "Package:" (empty) and "no-version" are skipped; tzdata and util-linux are read.
	EXPECT_EQ(rows_of(packages_from(result.packages, "var/lib/dpkg/status.d/multiple")),
	          (std::vector<Row> {{"tzdata", "2020a-0+deb10u1", "all", "tzdata-dev", "2020a-0+deb10u1"},
	                             {"util-linux", "2.33.1-0.1", "amd64", "util-linux", "2.33.1-0.1"}}));
	EXPECT_EQ(warnings_about("multiple").size(), 2u);

	// Stanzas with a Version are packages (no Architecture is not fatal, as for dpkg-query);
	// the 11 without one are skipped with a warning each.
	EXPECT_EQ(rows_of(packages_from(result.packages, "var/lib/dpkg/status.d/doc-examples")),
	          (std::vector<Row> {{"made-up-package-1", "1.0.0", "", "glibc", "1.0.0"},
	                             {"made-up-package-2", "2.0.0", "", "made-up-package-2", "2.0.0"},
	                             {"made-up-package-3", "3.0.0", "", "made-up-package-3", "3.0.0"},
	                             {"made-up-package-4", "3.0.0", "", "made-up-package-4", "3.0.0"},
	                             {"mutt", "1.3.17-1", "", "mutt", "1.3.17-1"}}));
	EXPECT_EQ(warnings_about("doc-examples").size(), 11u);
}

TEST(Dpkg, LiveDpkgQueryOnFixtureAgrees) {
	if (!have_dpkg_query()) {
		GTEST_SKIP() << "dpkg-query not installed";
	}
	auto root = testing::data_path("pkgdb/dpkg-debootstrap-bookworm-minbase");
	auto oracle = dpkg_query_installed("--admindir='" + (root / "var/lib/dpkg").string() + "'");
	ASSERT_EQ(oracle.size(), 94u);
	EXPECT_EQ(rows_of(analyze(testing::view_from_directory(root)).packages), oracle);
}

// This machine's own database, read through a FileView of status and info/*.list.
TEST(Dpkg, LiveDpkgQueryOnHostAgrees) {
	if (!have_dpkg_query() || !fs::exists("/var/lib/dpkg/status")) {
		GTEST_SKIP() << "no dpkg database on this host";
	}
	FileView view;
	view.begin_layer(0);
	testing::add_file(view, "var/lib/dpkg/status", testing::read_file("/var/lib/dpkg/status"));
	for (const auto &entry : fs::directory_iterator("/var/lib/dpkg/info")) {
		if (entry.path().extension() == ".list") {
			testing::add_file(view, "var/lib/dpkg/info/" + entry.path().filename().string(),
			                  testing::read_file(entry.path()));
		}
	}
	auto result = analyze(view);
	auto oracle = dpkg_query_installed("");
	ASSERT_FALSE(oracle.empty());
	EXPECT_EQ(rows_of(result.packages), oracle);

	// File lists as dpkg-query -L prints them (libc6 is Multi-Arch: same: libc6:<arch>.list).
	for (std::string name : {"dpkg", "libc6"}) {
		const Package *pkg = find(result.packages, name);
		ASSERT_NE(pkg, nullptr) << name;
		std::vector<std::string> listed;
		for (const auto &line : split(testing::command_output("dpkg-query -L " + name + ":" + pkg->arch + " 2>/dev/null"), '\n')) {
			// Diversion notes are dpkg-query's additions, not list entries.
			if (!line.empty() && !line.starts_with("diverted by ") && !line.starts_with("locally diverted") &&
			    !line.starts_with("package diverts others")) {
				listed.push_back(line);
			}
		}
		EXPECT_GT(listed.size(), 10u) << name;
		EXPECT_EQ(pkg->installed_files, listed) << name;
	}
}

TEST(Dpkg, LicensesFromMachineReadableCopyrightOnly) {
	FileView view;
	view.begin_layer(0);
	testing::add_file(
	    view, "var/lib/dpkg/status",
	    testing::read_file(testing::data_path("pkgdb/dpkg-debootstrap-bookworm-minbase/var/lib/dpkg/status")));
	auto docs = testing::data_path("pkgdb/dpkg-copyright-samples/usr/share/doc");
	for (std::string name : {"apt", "base-files"}) {
		testing::add_file(view, "usr/share/doc/" + name + "/copyright", testing::read_file(docs / name / "copyright"));
	}
	auto result = analyze(view);
	const Package *apt = find(result.packages, "apt");
	ASSERT_NE(apt, nullptr);
	EXPECT_EQ(apt->licenses, (std::vector<std::string> {"GPL-2+", "GPL-2", "BSD-3-clause", "Expat"}));
	const Package *base_files = find(result.packages, "base-files");
	ASSERT_NE(base_files, nullptr);
	EXPECT_TRUE(base_files->licenses.empty()); // free-text copyright
}

std::vector<std::string> stanzas_of(const std::string &status) {
	std::vector<std::string> stanzas;
	size_t pos = 0;
	while (pos < status.size()) {
		auto end = status.find("\n\n", pos);
		end = end == std::string::npos ? status.size() : end + 2;
		stanzas.push_back(status.substr(pos, end - pos));
		pos = end;
	}
	return stanzas;
}

TEST(Dpkg, LayerOfEachPackageIsWhereItFirstAppears) {
	auto status =
	    testing::read_file(testing::data_path("pkgdb/dpkg-debootstrap-bookworm-minbase/var/lib/dpkg/status"));
	auto stanzas = stanzas_of(status);
	ASSERT_EQ(stanzas.size(), 95u);
	std::string first;
	std::set<std::string> first_names;
	for (size_t i = 0; i < 10; ++i) {
		first += stanzas[i];
		auto name_line = split(stanzas[i], '\n').at(0);
		ASSERT_TRUE(name_line.starts_with("Package: "));
		first_names.insert(name_line.substr(9));
	}
	FileView view;
	view.begin_layer(0);
	testing::add_file(view, "var/lib/dpkg/status", first);
	view.begin_layer(1);
	testing::add_file(view, "var/lib/dpkg/status", status);
	testing::add_file(view, "var/lib/dpkg/status.d/libsqlite3-0",
	                  testing::read_file(testing::data_path(
	                      "pkgdb/dpkg-syft-image-distroless-deb/var/lib/dpkg/status.d/libsqlite3-0")));
	auto result = analyze(view);
	ASSERT_EQ(result.packages.size(), 95u); // 94 installed from status + libsqlite3-0
	size_t in_layer0 = 0;
	for (const auto &pkg : result.packages) {
		bool early = first_names.count(pkg.name) && pkg.db_path == "var/lib/dpkg/status";
		EXPECT_EQ(pkg.layer, std::optional<size_t>(early ? 0 : 1)) << pkg.name;
		in_layer0 += early ? 1 : 0;
	}
	EXPECT_EQ(in_layer0, 10u);
}

TEST(Dpkg, HostileStatusFilesAreBounded) {
	auto run_on = [](const std::string &content) {
		FileView view;
		view.begin_layer(0);
		testing::add_file(view, "var/lib/dpkg/status", content);
		return analyze(view);
	};
	// A 10 MB single line: one field far over the value limit.
	auto huge = run_on("Package: " + std::string(10u << 20, 'a'));
	EXPECT_TRUE(huge.packages.empty());
	ASSERT_EQ(huge.warnings.size(), 1u);
	EXPECT_NE(huge.warnings[0].message.find("longer than"), std::string::npos);

	// Binary junk: at most 50 bad-record warnings and one limit notice.
	std::mt19937 random(12345);
	std::string junk(4u << 20, '\0');
	for (auto &c : junk) {
		c = static_cast<char>(random());
	}
	auto junk_result = run_on(junk);
	EXPECT_TRUE(junk_result.packages.empty());
	EXPECT_LE(junk_result.warnings.size(), 51u);

	// 100k fields in one stanza: skipped as a whole, the next stanza still read.
	std::string wide = "Package: wide\nStatus: install ok installed\nVersion: 1.0\n";
	for (int i = 0; i < 100000; ++i) {
		wide += "X-Field-" + std::to_string(i) + ": v\n";
	}
	wide += "\nPackage: narrow\nStatus: install ok installed\nVersion: 2.0\nArchitecture: all\n";
	auto wide_result = run_on(wide);
	ASSERT_EQ(wide_result.packages.size(), 1u);
	EXPECT_EQ(wide_result.packages[0].name, "narrow");
	ASSERT_EQ(wide_result.warnings.size(), 1u);
	EXPECT_NE(wide_result.warnings[0].message.find("more than 1000 fields"), std::string::npos);
}

TEST(Dpkg, BadVersionsAndStatusesAreSkippedWithWarnings) {
	FileView view;
	view.begin_layer(0);
	testing::add_file(view, "var/lib/dpkg/status",
	                  "Package: a\r\nStatus: install ok installed\r\nVersion: x:1.0\r\n\r\n\r\n\r\n"
	                  "Package: b\nStatus: install ok\nVersion: 1.0\n\n"
	                  "Package: c\nVersion: 1.0\n\n"
	                  "Package: d\nStatus: install ok installed\nVersion: 1.0-\n\n"
	                  "Package: e\nStatus: install ok unpacked\nVersion: 1.0\n\n"
	                  "Package: f\r\nStatus: hold ok installed\r\nVersion: 2:1.0-1\r\nSource: fsrc (1.0-0.1)\r\n");
	auto result = analyze(view);
	EXPECT_EQ(rows_of(result.packages), (std::vector<Row> {{"f", "2:1.0-1", "", "fsrc", "1.0-0.1"}}));
	EXPECT_EQ(result.packages[0].epoch, std::optional<uint32_t>(2));
	EXPECT_EQ(result.warnings.size(), 4u); // a, b, c, d; e is simply not installed
}

TEST(Dpkg, WantsItsDatabaseFiles) {
	auto analyzer = make_dpkg_analyzer();
	EXPECT_TRUE(analyzer->wants("var/lib/dpkg/status"));
	EXPECT_TRUE(analyzer->wants("var/lib/dpkg/status.d/libsqlite3-0"));
	EXPECT_FALSE(analyzer->wants("var/lib/dpkg/status.d/libsqlite3-0.md5sums"));
	EXPECT_TRUE(analyzer->wants("var/lib/dpkg/info/libc6:amd64.list"));
	EXPECT_TRUE(analyzer->wants("usr/share/doc/apt/copyright"));
	EXPECT_FALSE(analyzer->wants("usr/share/doc/apt/examples/copyright"));
	EXPECT_FALSE(analyzer->wants("var/lib/dpkg/status-old"));
}

} // namespace
} // namespace bulwark
