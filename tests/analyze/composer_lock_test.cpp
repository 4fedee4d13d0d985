// The composer.lock analyzer against a lockfile Debian's composer 2 writes offline
// (`composer update --no-install` over path repositories, Packagist disabled),
// compared with what `composer show --locked --format=json` reads from it; require-dev
// packages come from "packages-dev". Skipped without composer.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "analyze/analyzer.h"
#include "support/declared_packages.h"
#include "support/oracle_command.h"
#include "support/test_support.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_composer_lock_analyzer();

namespace {

namespace fs = std::filesystem;
using testing::shell_quote;

AnalysisResult analyze_lock(const std::string &path, const std::string &content) {
	AnalysisResult result = testing::analyze_files(*make_composer_lock_analyzer(), {{path, content}});
	return result;
}

TEST(ComposerLock, ComposerWrittenLockMatchesComposerShowLocked) {
	if (!testing::tool_available("composer") || !testing::tool_available("php")) {
		GTEST_SKIP() << "Debian's composer and php are not installed";
	}
	testing::TempDir dir;
	const fs::path project = dir.path();
	for (auto [dir_name, name, version] : {std::tuple {"log", "psr/log", "3.0.0"}, std::tuple {"pcre", "composer/pcre", "v3.1.0"}}) {
		testing::write_file(project / "libs" / dir_name / "composer.json",
		                    std::string(R"({"name": ")") + name + R"(", "version": ")" + version + R"(", "type": "library"})");
	}
	testing::write_file(project / "composer.json",
	                    R"({"name": "bulwark/lock-fixture",
 "repositories": [{"packagist.org": false}, {"type": "path", "url": "libs/*"}],
 "require": {"psr/log": "*"}, "require-dev": {"composer/pcre": "*"}})");
	const std::string env = "COMPOSER_HOME=" + shell_quote((project / ".home").string()) +
	                        " COMPOSER_CACHE_DIR=" + shell_quote((project / ".cache").string());
	const std::string cd = "cd " + shell_quote(project.string()) + " && " + env;
	testing::command_output(cd + " composer update --no-install --no-interaction --no-plugins --no-scripts >/dev/null 2>&1");
	const auto lock = testing::read_file(project / "composer.lock");
	ASSERT_FALSE(lock.empty()) << "composer wrote no composer.lock";
	// composer show --locked lists every locked package; --no-dev leaves out packages-dev.
	auto all = testing::sorted_lines(testing::command_output(
	    cd + " composer show --locked --format=json 2>/dev/null | php -r "
	         "'foreach (json_decode(stream_get_contents(STDIN), true)[\"locked\"] as $p) echo $p[\"name\"], \" \", $p[\"version\"], \"\\n\";'"));
	auto runtime = testing::sorted_lines(testing::command_output(
	    cd + " composer show --locked --no-dev --format=json 2>/dev/null | php -r "
	         "'foreach (json_decode(stream_get_contents(STDIN), true)[\"locked\"] as $p) echo $p[\"name\"], \"\\n\";'"));
	ASSERT_EQ(all.size(), 2u);
	auto result = analyze_lock("var/www/composer.lock", lock);
	EXPECT_TRUE(result.warnings.empty());
	std::vector<std::string> rows;
	for (const auto &pkg : result.packages) {
		EXPECT_EQ(pkg.type, "composer");
		EXPECT_TRUE(pkg.declared);
		EXPECT_EQ(pkg.db_path, "var/www/composer.lock");
		EXPECT_EQ(pkg.dev, !std::binary_search(runtime.begin(), runtime.end(), pkg.name)) << pkg.name;
		rows.push_back(pkg.name + " " + pkg.version);
	}
	std::sort(rows.begin(), rows.end());
	EXPECT_EQ(rows, all);
}

TEST(ComposerLock, MalformedLocksAreWarnings) {
	EXPECT_EQ(analyze_lock("composer.lock", "{\"packages\": [").warnings.size(), 1u);
	EXPECT_EQ(analyze_lock("composer.lock", "[1, 2]").warnings.size(), 1u);
	auto result = analyze_lock("composer.lock", R"({"packages": [{"name": "a/b"}, 7, {"name": "c/d", "version": "1.0"}]})");
	ASSERT_EQ(result.packages.size(), 1u);
	ASSERT_EQ(result.warnings.size(), 1u);
	EXPECT_NE(result.warnings[0].message.find("2 record(s) skipped"), std::string::npos);
	EXPECT_FALSE(make_composer_lock_analyzer()->wants("app/vendor/x/y/composer.lock"));
}

} // namespace

} // namespace bulwark
