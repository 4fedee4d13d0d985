// The Gemfile.lock analyzer against a lockfile Debian's bundler writes offline (`bundle
// lock --local` on Debian's installed gems plus a path gem), compared with what Bundler's
// own Bundler::LockfileParser reads from the same file; skipped without bundler.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "analyze/analyzer.h"
#include "support/declared_packages.h"
#include "support/oracle_command.h"
#include "support/test_support.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_gemfile_lock_analyzer();

namespace {

namespace fs = std::filesystem;
using testing::shell_quote;

AnalysisResult analyze_lock(const std::string &path, const std::string &content) {
	AnalysisResult result = testing::analyze_files(*make_gemfile_lock_analyzer(), {{path, content}});
	for (const auto &pkg : result.packages) {
		EXPECT_EQ(pkg.type, "gem");
		EXPECT_TRUE(pkg.declared);
		EXPECT_FALSE(pkg.dev);
		EXPECT_EQ(pkg.db_path, path);
	}
	return result;
}

std::vector<std::string> rows_of(const std::vector<Package> &packages) {
	std::vector<std::string> rows;
	for (const auto &pkg : packages) {
		rows.push_back(pkg.name + " " + pkg.version);
	}
	std::sort(rows.begin(), rows.end());
	return rows;
}

// "name version" of every spec Bundler's LockfileParser reads, each once. Bundler wants a
// Gemfile to find its root: the lock sits next to the project's.
std::vector<std::string> lockfile_parser(const fs::path &lock) {
	auto rows = testing::sorted_lines(testing::command_output(
	    "cd " + shell_quote(lock.parent_path().string()) + " && ruby -rbundler -e 'Bundler::LockfileParser.new(File.read(ARGV[0])).specs.each { |s| puts \"#{s.name} "
	    "#{s.version}\" }' " +
	    shell_quote(lock.string()) + " 2>/dev/null"));
	rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
	return rows;
}

class GemfileLock : public ::testing::Test {
protected:
	void SetUp() override {
		if (!testing::tool_available("bundle") || !testing::tool_available("ruby")) {
			GTEST_SKIP() << "Debian's bundler is not installed";
		}
		const fs::path project = dir_.path();
		testing::write_file(project / "mylib/mylib.gemspec",
		                    "Gem::Specification.new do |s|\n  s.name = 'mylib'\n  s.version = '0.4.2'\n"
		                    "  s.summary = 'fixture'\n  s.authors = ['bulwark']\n  s.files = []\n"
		                    "  s.add_dependency 'webrick'\nend\n");
		testing::write_file(project / "Gemfile", "source 'https://rubygems.org'\ngem 'xmlrpc'\ngem 'net-imap'\n"
		                                         "gem 'mylib', path: 'mylib'\n"
		                                         "group :development do\n  gem 'net-telnet'\nend\n");
		testing::command_output("cd " + shell_quote(project.string()) + " && HOME=" + shell_quote(project.string()) +
		                        " bundle lock --local >/dev/null 2>&1");
		lock_ = project / "Gemfile.lock";
		ASSERT_TRUE(fs::exists(lock_)) << "bundle lock wrote nothing";
	}

	testing::TempDir dir_;
	fs::path lock_;
};

TEST_F(GemfileLock, BundlerWrittenLockMatchesLockfileParser) {
	auto expected = lockfile_parser(lock_);
	ASSERT_GE(expected.size(), 4u);
	EXPECT_NE(std::find(expected.begin(), expected.end(), "mylib 0.4.2"), expected.end()); // the PATH section
	auto result = analyze_lock("srv/app/Gemfile.lock", testing::read_file(lock_));
	EXPECT_TRUE(result.warnings.empty());
	EXPECT_EQ(rows_of(result.packages), expected);
}

TEST_F(GemfileLock, PlatformGemsMatchLockfileParser) {
	// The same lockfile with a gem locked for two platforms and a prerelease version.
	auto lock = testing::read_file(lock_);
	const std::string gem_specs = "  specs:\n";
	auto at = lock.find(gem_specs, lock.find("GEM\n"));
	ASSERT_NE(at, std::string::npos);
	lock.insert(at + gem_specs.size(), "    nokogiri (1.15.4-aarch64-linux)\n      racc (~> 1.4)\n"
	                                   "    nokogiri (1.15.4-x86_64-linux)\n      racc (~> 1.4)\n"
	                                   "    racc (1.7.1)\n    rails (7.1.0.rc1)\n");
	testing::write_file(dir_.path() / "platforms.lock", lock);
	auto result = analyze_lock("gems.locked", lock);
	EXPECT_TRUE(result.warnings.empty());
	EXPECT_EQ(rows_of(result.packages), lockfile_parser(dir_.path() / "platforms.lock"));
}

TEST(GemfileLockHostile, BadSpecsWarnAndInstalledGemsLockfilesAreIgnored) {
	auto result = analyze_lock("Gemfile.lock", "GEM\n  specs:\n    good (1.0)\n    no-version\n    (1.0)\n"
	                                           "    bad (1.0\nDEPENDENCIES\n    not-a-spec (2.0)\n");
	EXPECT_EQ(rows_of(result.packages), (std::vector<std::string> {"good 1.0"}));
	EXPECT_EQ(result.warnings.size(), 3u);
	EXPECT_FALSE(make_gemfile_lock_analyzer()->wants("usr/lib/ruby/gems/3.1.0/gems/rack-3.0.0/Gemfile.lock"));
}

} // namespace

} // namespace bulwark
