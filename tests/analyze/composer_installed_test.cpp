// The Composer analyzer against installed.json files Composer itself writes: the test runs
// Debian's composer 2 (`composer install`, offline, Packagist disabled) on path
// repositories named after Debian's php-composer-* libraries, then compares with what
// `composer show --format=json` reports for the same vendor directory. The Composer 1 form
// (a bare array) is the same package list without the wrapping object, made with php.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "analyze/analyzer.h"
#include "support/oracle_command.h"
#include "support/test_support.h"
#include "util/json.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_composer_installed_analyzer();

namespace {

namespace fs = std::filesystem;

constexpr const char *kInstalledPath = "srv/app/vendor/composer/installed.json";

AnalysisResult analyze_installed(const std::string &content) {
	FileView view;
	view.begin_layer(0);
	testing::add_file(view, kInstalledPath, content);
	AnalysisResult result;
	make_composer_installed_analyzer()->analyze(view, result);
	return result;
}

std::vector<std::string> rows_of(const std::vector<Package> &packages) {
	std::vector<std::string> rows;
	for (const auto &pkg : packages) {
		rows.push_back(pkg.name + "\t" + pkg.version);
	}
	std::sort(rows.begin(), rows.end());
	return rows;
}

// name \t version of every package `composer show --format=json` lists.
std::vector<std::string> composer_show(const fs::path &project) {
	auto json = testing::command_output("cd " + testing::shell_quote(project.string()) +
	                                    " && COMPOSER_HOME=" + testing::shell_quote((project / ".home").string()) +
	                                    " composer show --format=json 2>/dev/null");
	simdjson::dom::parser parser;
	auto root = parse_json(parser, json, JsonLimits {}, "composer show");
	std::vector<std::string> rows;
	if (!root) {
		ADD_FAILURE() << root.error().describe();
		return rows;
	}
	if (auto installed = json_array(*root, "installed")) {
		for (auto pkg : *installed) {
			rows.push_back(std::string(json_string(pkg, "name").value_or("")) + "\t" +
			               std::string(json_string(pkg, "version").value_or("")));
		}
	}
	std::sort(rows.begin(), rows.end());
	return rows;
}

class ComposerInstalled : public ::testing::Test {
protected:
	void SetUp() override {
		if (!testing::tool_available("composer") || !testing::tool_available("php")) {
			GTEST_SKIP() << "Debian's composer and php are not installed";
		}
		// Debian 12's versions of three php-composer-* libraries; pcre as a "v" tag.
		add_library("semver", "composer/semver", "3.3.2");
		add_library("pcre", "composer/pcre", "v3.1.0");
		add_library("ca-bundle", "composer/ca-bundle", "1.3.5");
		testing::write_file(project_.path() / "composer.json",
		                    R"({"name": "bulwark/fixture",
 "repositories": [{"packagist.org": false}, {"type": "path", "url": "libs/*", "options": {"symlink": false}}],
 "require": {"composer/semver": "*", "composer/pcre": "*"},
 "require-dev": {"composer/ca-bundle": "*"}})");
		const std::string env = "COMPOSER_HOME=" + testing::shell_quote((project_.path() / ".home").string()) +
		                        " COMPOSER_CACHE_DIR=" + testing::shell_quote((project_.path() / ".cache").string());
		testing::command_output("cd " + testing::shell_quote(project_.path().string()) + " && " + env +
		                        " composer install --no-interaction --no-plugins --no-scripts --no-autoloader"
		                        " >/dev/null 2>&1");
		installed_ = testing::read_file(project_.path() / "vendor/composer/installed.json");
		ASSERT_FALSE(installed_.empty()) << "composer install wrote no installed.json";
	}

	void add_library(const std::string &dir, const std::string &name, const std::string &version) {
		testing::write_file(project_.path() / "libs" / dir / "composer.json",
		                    R"({"name": ")" + name + R"(", "version": ")" + version +
		                        R"(", "license": "MIT", "type": "library"})");
	}

	testing::TempDir project_;
	std::string installed_;
};

TEST_F(ComposerInstalled, Composer2FileMatchesComposerShow) {
	auto oracle = composer_show(project_.path());
	ASSERT_EQ(oracle.size(), 3u);
	auto result = analyze_installed(installed_);
	EXPECT_TRUE(result.warnings.empty());
	EXPECT_EQ(rows_of(result.packages), oracle);
	for (const auto &pkg : result.packages) {
		EXPECT_EQ(pkg.type, "composer");
		EXPECT_EQ(pkg.db_path, kInstalledPath);
		EXPECT_EQ(pkg.licenses, (std::vector<std::string> {"MIT"}));
		EXPECT_EQ(pkg.dev, pkg.name == "composer/ca-bundle") << pkg.name; // from dev-package-names
	}
}

TEST_F(ComposerInstalled, Composer1ArrayFormReadsTheSamePackages) {
	testing::write_file(project_.path() / "v2.json", installed_);
	auto v1 = testing::command_output(
	    "php -r 'echo json_encode(json_decode(file_get_contents($argv[1]), true)[\"packages\"]);' " +
	    testing::shell_quote((project_.path() / "v2.json").string()));
	ASSERT_EQ(v1.front(), '[');
	auto result = analyze_installed(v1);
	EXPECT_TRUE(result.warnings.empty());
	EXPECT_EQ(rows_of(result.packages), composer_show(project_.path()));
}

TEST(ComposerInstalledHostile, MalformedFilesAndEntriesAreWarnings) {
	auto broken = analyze_installed("{\"packages\": [");
	EXPECT_TRUE(broken.packages.empty());
	ASSERT_EQ(broken.warnings.size(), 1u);
	EXPECT_NE(broken.warnings[0].message.find(std::string(kInstalledPath) + " (layer 0)"), std::string::npos);

	EXPECT_EQ(analyze_installed("{\"name\": \"x\"}").warnings.size(), 1u);
	EXPECT_EQ(analyze_installed(std::string(100000, '[') + std::string(100000, ']')).warnings.size(), 1u);

	std::string many = "[";
	for (int i = 0; i < 10000; ++i) {
		many += "{\"name\": \"v/p" + std::to_string(i) + "\"},";
	}
	many += "{\"name\": \"v/ok\", \"version\": \"1.0\", \"license\": \"BSD-3-Clause\"}, 7]";
	auto bad_entries = analyze_installed(many);
	ASSERT_EQ(bad_entries.packages.size(), 1u);
	EXPECT_EQ(bad_entries.packages[0].licenses, (std::vector<std::string> {"BSD-3-Clause"}));
	ASSERT_EQ(bad_entries.warnings.size(), 1u); // one summary, not 10001 warnings
	EXPECT_NE(bad_entries.warnings[0].message.find("10001 record(s) skipped"), std::string::npos);
}

TEST(ComposerInstalledHostile, OnlyVendorComposerInstalledJsonIsWanted) {
	auto analyzer = make_composer_installed_analyzer();
	EXPECT_TRUE(analyzer->wants("vendor/composer/installed.json"));
	EXPECT_TRUE(analyzer->wants("var/www/html/vendor/composer/installed.json"));
	EXPECT_FALSE(analyzer->wants("var/www/myvendor/composer/installed.json"));
	EXPECT_FALSE(analyzer->wants("var/www/vendor/composer/installed.php"));
}

} // namespace

} // namespace bulwark
