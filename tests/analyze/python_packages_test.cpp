// The Python analyzer against Debian's installed python3 packages, compared with what
// Python's own importlib.metadata reports for the same site-packages directory.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "analyze/analyzer.h"
#include "support/oracle_command.h"
#include "support/test_support.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_python_packages_analyzer();

namespace {

namespace fs = std::filesystem;

constexpr const char *kDebianDistPackages = "/usr/lib/python3/dist-packages";

AnalysisResult analyze(const FileView &view) {
	AnalysisResult result;
	make_python_packages_analyzer()->analyze(view, result);
	return result;
}

AnalysisResult analyze_file(const std::string &path, const std::string &content) {
	FileView view;
	view.begin_layer(0);
	testing::add_file(view, path, content);
	return analyze(view);
}

// Copies the metadata files of every distribution directly in `site` (what
// importlib.metadata looks at) to the same image path under `root`.
void copy_metadata(const fs::path &site, const fs::path &root) {
	const fs::path target = root / fs::path(site).relative_path();
	for (const auto &entry : fs::directory_iterator(site)) {
		const std::string name = entry.path().filename().string();
		fs::path metadata;
		if (entry.is_directory() && name.ends_with(".dist-info")) {
			metadata = entry.path() / "METADATA";
		} else if (entry.is_directory() && name.ends_with(".egg-info")) {
			metadata = entry.path() / "PKG-INFO";
		} else if (entry.is_regular_file() && name.ends_with(".egg-info")) {
			metadata = entry.path();
		}
		if (!metadata.empty() && fs::is_regular_file(metadata)) {
			fs::create_directories(target / fs::relative(metadata.parent_path(), site));
			fs::copy_file(metadata, target / fs::relative(metadata, site));
		}
	}
}

TEST(PythonPackages, DebianDistPackagesMatchImportlibMetadata) {
	if (!fs::is_directory(kDebianDistPackages) || !testing::tool_available("/usr/bin/python3")) {
		GTEST_SKIP() << "Debian's python3 and its dist-packages are not installed";
	}
	auto oracle = testing::sorted_lines(testing::command_output(
	    "/usr/bin/python3 -c 'import importlib.metadata as m\n"
	    "for d in m.distributions(path=[\"" +
	    std::string(kDebianDistPackages) + "\"]): print(d.metadata[\"Name\"] + \"\\t\" + d.version)'"));
	ASSERT_GE(oracle.size(), 5u) << "importlib.metadata found almost nothing";

	testing::TempDir root;
	copy_metadata(kDebianDistPackages, root.path());
	auto result = analyze(testing::view_from_directory(root.path()));
	EXPECT_TRUE(result.warnings.empty()) << result.warnings.front().message;
	std::string ours;
	for (const auto &pkg : result.packages) {
		EXPECT_EQ(pkg.type, "pypi");
		EXPECT_TRUE(pkg.db_path.starts_with("usr/lib/python3/dist-packages/")) << pkg.db_path;
		EXPECT_EQ(pkg.layer, std::optional<size_t>(0));
		ours += pkg.name + "\t" + pkg.version + "\n";
	}
	EXPECT_EQ(testing::sorted_lines(ours), oracle);
}

TEST(PythonPackages, RealMetadataFileLicenceAndPath) {
	const fs::path metadata = fs::path(kDebianDistPackages) / "cryptography-38.0.4.dist-info" / "METADATA";
	if (!fs::is_regular_file(metadata)) {
		GTEST_SKIP() << "python3-cryptography 38.0.4 (Debian 12) is not installed";
	}
	const std::string path = "usr/lib/python3/dist-packages/cryptography-38.0.4.dist-info/METADATA";
	auto result = analyze_file(path, testing::read_file(metadata));
	ASSERT_EQ(result.packages.size(), 1u);
	EXPECT_EQ(result.packages[0].name, "cryptography");
	EXPECT_EQ(result.packages[0].version, "38.0.4");
	EXPECT_EQ(result.packages[0].db_path, path);
	// Its License: line is "BSD-3-Clause OR Apache-2.0", as the metadata writes it.
	EXPECT_EQ(result.packages[0].licenses,
	          (std::vector<std::string> {testing::command_output(
	               "/usr/bin/python3 -c 'import importlib.metadata as m; print(m.distribution(\"cryptography\").metadata"
	               "[\"License\"], end=\"\")'")}));
}

TEST(PythonPackages, LicencePreferenceAndForms) {
	const std::string header = "Metadata-Version: 2.4\nName: Demo.Pkg\nVersion: 1.0rc1\n";
	auto expression = analyze_file("usr/local/lib/python3.12/site-packages/demo.pkg-1.0rc1.dist-info/METADATA",
	                               header + "License-Expression: MIT OR Apache-2.0\nLicense: ignored\n\nbody\n");
	ASSERT_EQ(expression.packages.size(), 1u);
	EXPECT_EQ(expression.packages[0].name, "Demo.Pkg");
	EXPECT_EQ(expression.packages[0].version, "1.0rc1");
	EXPECT_EQ(expression.packages[0].licenses, (std::vector<std::string> {"MIT OR Apache-2.0"}));

	// A pasted licence text (folded) is not a name: the classifiers say it instead.
	auto classifiers = analyze_file("app/venv/lib/python3.11/site-packages/demo-1.0.egg-info",
	                                header + "License: Copyright (c) someone\n        Permission is hereby granted\n"
	                                         "Classifier: Programming Language :: Python\n"
	                                         "Classifier: License :: OSI Approved :: BSD License\n");
	ASSERT_EQ(classifiers.packages.size(), 1u);
	EXPECT_EQ(classifiers.packages[0].licenses, (std::vector<std::string> {"BSD License"}));

	auto unknown = analyze_file("usr/lib/python3/dist-packages/demo.egg-info/PKG-INFO",
	                            "Metadata-Version: 1.1\r\nname: demo\r\nversion: 2\r\nLicense: UNKNOWN\r\n");
	ASSERT_EQ(unknown.packages.size(), 1u);
	EXPECT_EQ(unknown.packages[0].version, "2");
	EXPECT_TRUE(unknown.packages[0].licenses.empty());
}

TEST(PythonPackages, OnlySitePackagesMetadataIsWanted) {
	auto analyzer = make_python_packages_analyzer();
	EXPECT_TRUE(analyzer->wants("usr/lib/python3/dist-packages/six-1.16.0.egg-info"));
	EXPECT_TRUE(analyzer->wants("usr/local/lib/python3.12/site-packages/pip-24.0.dist-info/METADATA"));
	EXPECT_TRUE(analyzer->wants("opt/venv/lib/python3.11/site-packages/x.egg-info/PKG-INFO"));
	EXPECT_FALSE(analyzer->wants("src/project/pip-24.0.dist-info/METADATA"));
	EXPECT_FALSE(analyzer->wants("usr/lib/python3/dist-packages/pip-24.0.dist-info/RECORD"));
	EXPECT_FALSE(analyzer->wants("usr/lib/python3/site-packages.egg-info"));
}

TEST(PythonPackages, MalformedMetadataIsSkippedWithAWarning) {
	FileView view;
	view.begin_layer(0);
	const std::string site = "usr/lib/python3/dist-packages/";
	testing::add_file(view, site + "a-1.dist-info/METADATA", "Version: 1\n");
	testing::add_file(view, site + "b-1.dist-info/METADATA", "Name: b\n\nVersion: 1\n");
	testing::add_file(view, site + "c-1.dist-info/METADATA", std::string(8u << 20, '\xff'));
	testing::add_file(view, site + "d-1.dist-info/METADATA", "Name: d\nVersion: 4.0\n");
	auto result = analyze(view);
	ASSERT_EQ(result.packages.size(), 1u);
	EXPECT_EQ(result.packages[0].name, "d");
	ASSERT_EQ(result.warnings.size(), 3u);
	for (const auto &warning : result.warnings) {
		EXPECT_EQ(warning.kind, WarningKind::bad_record);
		EXPECT_LT(warning.message.size(), 400u);
	}
	EXPECT_NE(result.warnings[1].message.find("b-1.dist-info/METADATA (layer 0) line 1"), std::string::npos);
}

} // namespace

} // namespace bulwark
