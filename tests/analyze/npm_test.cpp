// The npm analyzers: installed node_modules trees checked against `npm ls --all --json` on a
// real `npm install` (when the registry is reachable), and the lockfiles that npm 6 and 11,
// yarn 1 and 4, and pnpm 7, 8 and 9 wrote for one project (tests/data/lang/npm, see
// README.md there) checked against the packages `npm ls --all --package-lock-only` lists.
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>

#include "analyze/analyzer.h"
#include "analyze/npm_package_json.h"
#include "support/test_support.h"
#include "util/json.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_npm_installed_analyzer();
std::unique_ptr<Analyzer> make_npm_lockfile_analyzer();

namespace {

using NameVersions = std::set<std::string>;

NameVersions name_versions(const std::vector<Package> &packages) {
	NameVersions out;
	for (const auto &pkg : packages) {
		out.insert(pkg.name + "@" + pkg.version);
	}
	return out;
}

NameVersions lines_set(const std::string &text) {
	NameVersions out;
	size_t start = 0;
	while (start < text.size()) {
		auto end = text.find('\n', start);
		end = end == std::string::npos ? text.size() : end;
		if (end > start) {
			out.insert(text.substr(start, end - start));
		}
		start = end + 1;
	}
	return out;
}

AnalysisResult run(const Analyzer &analyzer, const FileView &view) {
	AnalysisResult result;
	analyzer.analyze(view, result);
	return result;
}

struct LockfileFixture {
	const char *dir;
	const char *file;
	bool marks_dev; // yarn.lock and pnpm 9 do not record which packages are dev-only
};

constexpr LockfileFixture kLockfiles[] = {
    {"package-lock-v1", "package-lock.json", true}, {"package-lock-v3", "package-lock.json", true},
    {"yarn-classic", "yarn.lock", false},           {"yarn-berry", "yarn.lock", false},
    {"pnpm-v5", "pnpm-lock.yaml", true},            {"pnpm-v6", "pnpm-lock.yaml", true},
    {"pnpm-v9", "pnpm-lock.yaml", false},
};

TEST(NpmLockfile, EveryLockfileListsWhatNpmLsLists) {
	auto expected = lines_set(testing::read_file(testing::data_path("lang/npm/npm-ls-package-lock-only.txt")));
	ASSERT_EQ(expected.size(), 18u);
	auto analyzer = make_npm_lockfile_analyzer();
	for (const auto &fixture : kLockfiles) {
		SCOPED_TRACE(fixture.dir);
		EXPECT_TRUE(analyzer->wants(fixture.file));
		auto result = run(*analyzer, testing::view_from_directory(testing::data_path(std::string("lang/npm/") + fixture.dir)));
		EXPECT_TRUE(result.warnings.empty()) << result.warnings.front().message;
		EXPECT_EQ(name_versions(result.packages), expected);
		EXPECT_EQ(result.packages.size(), expected.size());
		for (const auto &pkg : result.packages) {
			EXPECT_EQ(pkg.type, "npm");
			EXPECT_TRUE(pkg.declared);
			EXPECT_EQ(pkg.db_path, fixture.file);
			EXPECT_EQ(pkg.layer, std::optional<size_t>(0));
			// ms 2.1.3 is the project's only devDependency; ms 2.0.0 comes with debug.
			EXPECT_EQ(pkg.dev, fixture.marks_dev && pkg.name == "ms" && pkg.version == "2.1.3") << pkg.name;
		}
	}
}

TEST(NpmLockfile, InstalledPackagesWinOverTheLockfile) {
	auto lock = testing::read_file(testing::data_path("lang/npm/package-lock-v3/package-lock.json"));
	FileView view;
	view.begin_layer(0);
	testing::add_file(view, "app/package-lock.json", lock);
	// The same version installed (nested) is left to the installed-tree analyzer; another
	// version installed does not hide the locked one, nor does a tree of another project.
	testing::add_file(view, "app/node_modules/debug/node_modules/ms/package.json", R"({"name":"ms","version":"2.0.0"})");
	testing::add_file(view, "app/node_modules/axios/package.json", R"({"name":"axios","version":"0.20.0"})");
	testing::add_file(view, "other/node_modules/debug/package.json", R"({"name":"debug","version":"2.6.9"})");
	auto result = run(*make_npm_lockfile_analyzer(), view);
	auto found = name_versions(result.packages);
	EXPECT_EQ(found.size(), 17u);
	EXPECT_FALSE(found.contains("ms@2.0.0"));
	EXPECT_TRUE(found.contains("axios@0.21.0"));
	EXPECT_TRUE(found.contains("debug@2.6.9"));
	for (const auto &pkg : result.packages) {
		EXPECT_EQ(pkg.db_path, "app/package-lock.json");
	}
}

TEST(NpmLockfile, LockfilesShippedInsidePackagesAreNotRead) {
	auto analyzer = make_npm_lockfile_analyzer();
	EXPECT_TRUE(analyzer->wants("srv/app/yarn.lock"));
	EXPECT_FALSE(analyzer->wants("srv/app/node_modules/left-pad/yarn.lock"));
	EXPECT_FALSE(analyzer->wants("srv/app/node_modules/.package-lock.json"));
	EXPECT_FALSE(analyzer->wants("srv/app/package.json"));
}

AnalysisResult analyze_lockfile(const std::string &path, const std::string &content) {
	FileView view;
	view.begin_layer(0);
	testing::add_file(view, path, content);
	return run(*make_npm_lockfile_analyzer(), view);
}

TEST(NpmLockfile, MalformedLockfilesBecomeWarnings) {
	for (const char *path : {"package-lock.json", "yarn.lock", "pnpm-lock.yaml"}) {
		SCOPED_TRACE(path);
		auto truncated = analyze_lockfile(path, "{\"packages\": {\"node_modules/a\": {\"version\": \"1.0");
		EXPECT_FALSE(truncated.warnings.empty());
	}
	auto no_version = analyze_lockfile(
	    "package-lock.json",
	    R"({"lockfileVersion":3,"packages":{"":{},"node_modules/a":{"version":"1.0.0"},"node_modules/b":{},"node_modules/c":3,"packages/w":{"version":"1.0.0"},"node_modules/w":{"link":true}}})");
	EXPECT_EQ(name_versions(no_version.packages), NameVersions {"a@1.0.0"});
	ASSERT_EQ(no_version.warnings.size(), 1u);
	EXPECT_EQ(no_version.warnings[0].kind, WarningKind::bad_record);
}

TEST(NpmLockfile, DeepDependencyTreesStopAtTheLimit) {
	std::string deep;
	constexpr int kLevels = 120;
	for (int i = 0; i < kLevels; ++i) {
		deep += R"({"version":"1.0.)" + std::to_string(i) + R"(","dependencies":{"a":)";
	}
	deep += R"({"version":"9.9.9"})";
	for (int i = 0; i < kLevels; ++i) {
		deep += "}}";
	}
	auto result = analyze_lockfile("package-lock.json", R"({"lockfileVersion":1,"dependencies":{"a":)" + deep + "}}");
	EXPECT_EQ(result.packages.size(), 101u);
	ASSERT_EQ(result.warnings.size(), 1u);
	EXPECT_NE(result.warnings[0].message.find("deeper than"), std::string::npos);

	std::string too_deep_json(100000, '[');
	auto rejected = analyze_lockfile("package-lock.json", too_deep_json);
	EXPECT_TRUE(rejected.packages.empty());
	EXPECT_EQ(rejected.warnings.size(), 1u);
}

TEST(NpmInstalled, ManifestsAtTheTopOfAPackageAndTheProjectRoot) {
	EXPECT_TRUE(is_installed_package_json("node_modules/ms/package.json"));
	EXPECT_TRUE(is_installed_package_json("app/node_modules/@babel/code-frame/package.json"));
	EXPECT_TRUE(is_installed_package_json("app/node_modules/debug/node_modules/ms/package.json"));
	EXPECT_TRUE(is_installed_package_json("app/node_modules/.pnpm/ms@2.0.0/node_modules/ms/package.json"));
	EXPECT_FALSE(is_installed_package_json("app/package.json"));
	EXPECT_FALSE(is_installed_package_json("app/node_modules/ms/lib/package.json"));
	EXPECT_FALSE(is_installed_package_json("app/node_modules/@babel/package.json"));
	EXPECT_FALSE(is_installed_package_json("app/node_modules/.bin/package.json"));
	EXPECT_FALSE(is_installed_package_json("app/node_modules/ms/package.json.bak"));

	FileView view;
	view.begin_layer(0);
	testing::add_dir(view, "app/node_modules");
	testing::add_file(view, "app/package.json", "{}");
	testing::add_file(view, "lib/package.json", "{}");
	EXPECT_TRUE(is_project_package_json(view, "app/package.json"));
	EXPECT_FALSE(is_project_package_json(view, "lib/package.json")); // no lockfile, no node_modules
	EXPECT_FALSE(is_project_package_json(view, "app/node_modules/ms/package.json"));
}

TEST(NpmInstalled, BadManifestsAreSkippedWithAWarning) {
	FileView view;
	view.begin_layer(0);
	testing::add_file(view, "node_modules/good/package.json", R"({"name":"good","version":"1.0.0","license":"MIT"})");
	testing::add_file(view, "node_modules/broken/package.json", R"({"name":"broken",)");
	testing::add_file(view, "node_modules/unversioned/package.json", R"({"name":"unversioned"})");
	view.begin_layer(1);
	testing::add_file(view, "node_modules/@s/p/package.json", R"({"name":"@s/p","version":"2.0.0"})");
	auto result = run(*make_npm_installed_analyzer(), view);
	ASSERT_EQ(result.packages.size(), 2u);
	EXPECT_EQ(result.packages[0].name, "@s/p");
	EXPECT_EQ(result.packages[0].layer, std::optional<size_t>(1));
	EXPECT_EQ(result.packages[1].db_path, "node_modules/good/package.json");
	EXPECT_EQ(result.packages[1].licenses, std::vector<std::string> {"MIT"});
	EXPECT_FALSE(result.packages[1].declared);
	ASSERT_EQ(result.warnings.size(), 1u);
	EXPECT_NE(result.warnings[0].message.find("node_modules/broken/package.json"), std::string::npos);
}

// Every name@version in the tree `npm ls --all --json` prints.
void collect_npm_ls(simdjson::dom::element node, NameVersions &out) {
	auto dependencies = json_object(node, "dependencies");
	if (!dependencies) {
		return;
	}
	for (auto [name, child] : *dependencies) {
		if (auto version = json_string(child, "version")) {
			out.insert(std::string(name) + "@" + std::string(*version));
		}
		collect_npm_ls(child, out);
	}
}

TEST(NpmInstalled, RealInstallMatchesNpmLs) {
	testing::TempDir dir;
	const auto root = dir.path().string();
	testing::write_file(dir.path() / "package.json", R"({"name":"oracle","version":"1.0.0","private":true})");
	const std::string quiet = " --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null 2>&1";
	if (std::system(("cd '" + root + "' && timeout 60 npm install axios@0.21.0 node-fetch@2.6.0 " +
	                 "@babel/code-frame@7.22.5 debug@2.6.9 ms@2.1.3" + quiet)
	                    .c_str()) != 0) {
		GTEST_SKIP() << "npm or the npm registry is not available";
	}
	ASSERT_EQ(std::system(("cd '" + root + "' && npm ls --all --json > npm-ls.json 2>/dev/null").c_str()), 0);
	simdjson::dom::parser parser;
	auto ls = parse_json(parser, testing::read_file(dir.path() / "npm-ls.json"), JsonLimits {}, "npm ls");
	ASSERT_TRUE(ls.ok());
	NameVersions expected;
	collect_npm_ls(*ls, expected);
	ASSERT_TRUE(expected.contains("ms@2.0.0") && expected.contains("ms@2.1.3")); // nested and top-level
	// npm ls's root is the project itself, which is listed too (as Trivy does).
	expected.insert(std::string(json_string(*ls, "name").value_or("")) + "@" +
	                std::string(json_string(*ls, "version").value_or("")));

	auto view = testing::view_from_directory(dir.path());
	auto installed = run(*make_npm_installed_analyzer(), view);
	EXPECT_TRUE(installed.warnings.empty());
	EXPECT_EQ(name_versions(installed.packages), expected);
	// npm wrote package-lock.json too: everything in it is installed, so nothing is lockfile-only.
	auto locked = run(*make_npm_lockfile_analyzer(), view);
	EXPECT_TRUE(locked.packages.empty()) << locked.packages.front().name;
}

} // namespace
} // namespace bulwark
