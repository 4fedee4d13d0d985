// The Cargo.lock analyzer on a lockfile written by cargo itself (`cargo generate-lockfile
// --offline` on a workspace with path dependencies only), compared with the packages
// `cargo metadata` resolves for the same workspace; skipped when cargo is not installed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "analyze/analyzer.h"
#include "support/oracle_command.h"
#include "support/test_support.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_cargo_lock_analyzer();

namespace {

namespace fs = std::filesystem;
using testing::shell_quote;

AnalysisResult analyze_lock(const std::string &path, const std::string &content) {
	FileView view;
	view.begin_layer(0);
	auto analyzer = make_cargo_lock_analyzer();
	EXPECT_TRUE(analyzer->wants(path));
	testing::add_file(view, path, content);
	AnalysisResult result;
	analyzer->analyze(view, result);
	return result;
}

std::vector<std::string> rows_of(const std::vector<Package> &packages) {
	std::vector<std::string> rows;
	for (const auto &pkg : packages) {
		EXPECT_EQ(pkg.type, "cargo");
		EXPECT_TRUE(pkg.declared);
		rows.push_back(pkg.name + " " + pkg.version);
	}
	std::sort(rows.begin(), rows.end());
	return rows;
}

TEST(CargoLock, MatchesCargoMetadata) {
	if (!testing::tool_available("cargo") || !testing::tool_available("python3")) {
		GTEST_SKIP() << "cargo or python3 missing";
	}
	testing::TempDir dir;
	const fs::path ws = dir.path();
	fs::create_directories(ws / "app/src");
	fs::create_directories(ws / "util/src");
	testing::write_file(ws / "Cargo.toml", "[workspace]\nresolver = \"2\"\nmembers = [\"app\", \"util\"]\n");
	testing::write_file(ws / "app/Cargo.toml", "[package]\nname = \"app\"\nversion = \"0.3.1\"\nedition = \"2021\"\n\n"
	                                           "[dependencies]\nutil = { path = \"../util\" }\n");
	testing::write_file(ws / "app/src/main.rs", "fn main() {}\n");
	testing::write_file(ws / "util/Cargo.toml", "[package]\nname = \"util\"\nversion = \"1.2.0-beta.1\"\nedition = \"2021\"\n");
	testing::write_file(ws / "util/src/lib.rs", "");
	const std::string cd = "cd " + shell_quote(ws.string()) + " && CARGO_HOME=" + shell_quote((ws / "home").string()) + " ";
	testing::command_output(cd + "cargo generate-lockfile --offline 2>/dev/null");
	const std::string lock = testing::read_file(ws / "Cargo.lock");
	ASSERT_NE(lock.find("[[package]]"), std::string::npos);
	auto expected = testing::sorted_lines(testing::command_output(
	    cd + "cargo metadata --offline --format-version 1 2>/dev/null | python3 -c 'import json,sys; "
	         "[print(p[\"name\"], p[\"version\"]) for p in json.load(sys.stdin)[\"packages\"]]'"));
	ASSERT_EQ(expected.size(), 2u);
	auto result = analyze_lock("app/Cargo.lock", lock);
	EXPECT_TRUE(result.warnings.empty());
	EXPECT_EQ(rows_of(result.packages), expected);
	EXPECT_EQ(result.packages[0].db_path, "app/Cargo.lock");
}

TEST(CargoLock, VersionOneMetadataAndBadEntries) {
	// The v1 shape: dependency strings with sources, and a [metadata] checksum table.
	auto result = analyze_lock("Cargo.lock", "[[package]]\nname = \"a\"\nversion = \"1.0.0\"\n"
	                                         "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n"
	                                         "dependencies = [\n \"b 2.0.0 (registry+https://x)\",\n]\n\n"
	                                         "[[package]]\nname = \"no-version\"\n\n"
	                                         "[[package]]\r\nname = \"b\\\"q\"\r\nversion = \"2.0.0\"\r\n\n"
	                                         "[metadata]\n\"checksum b 2.0.0 (registry+https://x)\" = \"ab\"\n"
	                                         "version = \"9\"\n");
	EXPECT_EQ(rows_of(result.packages), (std::vector<std::string> {"a 1.0.0", "b\"q 2.0.0"}));
	ASSERT_EQ(result.warnings.size(), 1u);
	EXPECT_NE(result.warnings[0].message.find("Cargo.lock (layer 0) line 9"), std::string::npos);
	EXPECT_FALSE(make_cargo_lock_analyzer()->wants("srv/NotCargo.lock"));
}

} // namespace

} // namespace bulwark
