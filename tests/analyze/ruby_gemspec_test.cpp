// The gemspec analyzer against the gemspecs Debian's ruby packages install (the default
// gems of libruby, the bundled gems, rubygems-integration's specs), compared with what
// RubyGems itself loads from each file (Gem::Specification.load, run by Debian's ruby).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "analyze/analyzer.h"
#include "support/oracle_command.h"
#include "support/test_support.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_ruby_gemspec_analyzer();

namespace {

namespace fs = std::filesystem;

AnalysisResult analyze(const FileView &view) {
	AnalysisResult result;
	make_ruby_gemspec_analyzer()->analyze(view, result);
	return result;
}

AnalysisResult analyze_gemspec(const std::string &content) {
	FileView view;
	view.begin_layer(0);
	testing::add_file(view, "usr/local/bundle/specifications/demo.gemspec", content);
	return analyze(view);
}

// "<image path>\t<name>\t<version>" for each gemspec RubyGems loads, paths relative to `root`.
std::vector<std::string> rubygems_load(const fs::path &root, const std::vector<fs::path> &files) {
	std::string command = "cd " + testing::shell_quote(root.string()) +
	                      " && ruby -e 'ARGV.each { |f| s = Gem::Specification.load(f); "
	                      "puts \"#{f}\\t#{s.name}\\t#{s.version}\" if s }'";
	for (const auto &file : files) {
		command += " " + testing::shell_quote(fs::relative(file, root).string());
	}
	return testing::sorted_lines(testing::command_output(command + " 2>/dev/null"));
}

std::vector<std::string> rows_of(const AnalysisResult &result) {
	std::string rows;
	for (const auto &pkg : result.packages) {
		rows += pkg.db_path + "\t" + pkg.name + "\t" + pkg.version + "\n";
	}
	return testing::sorted_lines(rows);
}

TEST(RubyGemspec, DebianGemspecsMatchRubyGems) {
	if (!testing::tool_available("ruby")) {
		GTEST_SKIP() << "ruby is not installed";
	}
	// Copy every specifications/**/*.gemspec that Debian's ruby packages installed.
	testing::TempDir root;
	std::vector<fs::path> copies;
	for (const char *top : {"/usr/share/rubygems-integration", "/usr/lib/ruby/gems"}) {
		if (!fs::is_directory(top)) {
			continue;
		}
		for (const auto &entry : fs::recursive_directory_iterator(top)) {
			const std::string path = entry.path().string();
			if (entry.is_regular_file() && path.ends_with(".gemspec") &&
			    path.find("/specifications/") != std::string::npos) {
				fs::path copy = root.path() / entry.path().relative_path();
				fs::create_directories(copy.parent_path());
				fs::copy_file(entry.path(), copy);
				copies.push_back(copy);
			}
		}
	}
	if (copies.size() < 5) {
		GTEST_SKIP() << "Debian's ruby gemspecs are not installed";
	}
	auto oracle = rubygems_load(root.path(), copies);
	ASSERT_EQ(oracle.size(), copies.size());

	auto result = analyze(testing::view_from_directory(root.path()));
	EXPECT_TRUE(result.warnings.empty()) << result.warnings.front().message;
	EXPECT_EQ(rows_of(result), oracle);
	for (const auto &pkg : result.packages) {
		EXPECT_EQ(pkg.type, "gem");
		EXPECT_EQ(pkg.layer, std::optional<size_t>(0));
		EXPECT_FALSE(pkg.licenses.empty()) << pkg.name; // every Debian-shipped spec declares one
	}
}

TEST(RubyGemspec, LiteralFormsAgreeWithRubyGems) {
	const std::string spec = "# -*- encoding: utf-8 -*-\n"
	                         "Gem::Specification.new do |spec|\n"
	                         "  spec.name    = 'my-gem'\n"
	                         "  spec.version = Gem::Version.new(\"2.0.0.pre1\".freeze)\n"
	                         "  spec.license = \"MIT\"\n"
	                         "  spec.summary = \"\\#{not interpolated}\"\n"
	                         "end\n";
	auto result = analyze_gemspec(spec);
	ASSERT_EQ(result.packages.size(), 1u);
	EXPECT_EQ(result.packages[0].name, "my-gem");
	EXPECT_EQ(result.packages[0].version, "2.0.0.pre1");
	EXPECT_EQ(result.packages[0].licenses, (std::vector<std::string> {"MIT"}));
	EXPECT_EQ(result.packages[0].db_path, "usr/local/bundle/specifications/demo.gemspec");
	if (testing::tool_available("ruby")) {
		testing::TempDir dir;
		testing::write_file(dir.path() / "demo.gemspec", spec);
		EXPECT_EQ(rubygems_load(dir.path(), {dir.path() / "demo.gemspec"}),
		          (std::vector<std::string> {"demo.gemspec\tmy-gem\t2.0.0.pre1"}));
	}
}

TEST(RubyGemspec, CodeIsNeverTakenForALiteral) {
	// A version computed by code, an interpolated name: skipped with a warning, not run.
	auto constant = analyze_gemspec("Gem::Specification.new do |s|\n  s.name = \"x\"\n  s.version = X::VERSION\nend\n");
	EXPECT_TRUE(constant.packages.empty());
	ASSERT_EQ(constant.warnings.size(), 1u);
	EXPECT_NE(constant.warnings[0].message.find("demo.gemspec (layer 0) line 3"), std::string::npos);

	auto interpolated = analyze_gemspec("s.name = \"#{`id`}\"\ns.version = \"1\"\n");
	EXPECT_TRUE(interpolated.packages.empty());
	EXPECT_EQ(interpolated.warnings.size(), 1u);

	auto unterminated = analyze_gemspec("s.name = \"abc\ns.version = '1\n");
	EXPECT_TRUE(unterminated.packages.empty());
	EXPECT_EQ(unterminated.warnings.size(), 1u);

	auto junk = analyze_gemspec(std::string(4u << 20, '['));
	EXPECT_TRUE(junk.packages.empty());
	EXPECT_EQ(junk.warnings.size(), 1u);
}

TEST(RubyGemspec, OnlySpecificationsDirectoriesAreWanted) {
	auto analyzer = make_ruby_gemspec_analyzer();
	EXPECT_TRUE(analyzer->wants("usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec"));
	EXPECT_TRUE(analyzer->wants("usr/share/rubygems-integration/all/specifications/rake-13.0.6.gemspec"));
	EXPECT_FALSE(analyzer->wants("app/my.gemspec")); // a source tree's gemspec is Ruby code
	EXPECT_FALSE(analyzer->wants("usr/lib/ruby/gems/3.1.0/specifications"));
}

} // namespace

} // namespace bulwark
