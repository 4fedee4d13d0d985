// The Rust binary analyzer on a real ELF (/bin/true)
// carrying a real `.dep-v0` section added by binutils' objcopy, whose content is the
// cargo-auditable JSON compressed by Python's zlib (no cargo-auditable binary can be built
// offline here). The oracle is the JSON itself: its runtime crates.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "analyze/analyzer.h"
#include "support/oracle_command.h"
#include "support/test_support.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_rust_binary_analyzer();

namespace {

namespace fs = std::filesystem;
using testing::shell_quote;

constexpr const char *kAuditJson =
    R"({"packages":[{"name":"auditable-demo","version":"0.1.0","source":"local","dependencies":[1,2],"root":true},)"
    R"({"name":"serde","version":"1.0.197","source":"crates.io"},)"
    R"({"name":"cc","version":"1.0.90","source":"crates.io","kind":"build"},)"
    R"({"name":"itoa","version":"1.0.11","source":"crates.io","kind":"runtime"}]})";

class RustBinary : public ::testing::Test {
protected:
	void SetUp() override {
		if (!testing::tool_available("objcopy") || !testing::tool_available("python3")) {
			GTEST_SKIP() << "objcopy (binutils) or python3 missing";
		}
	}

	// A copy of /bin/true with `.dep-v0` = zlib(`payload`).
	std::string binary_with_section(const std::string &payload, const std::string &name = "audit") {
		const fs::path json = dir_.path() / (name + ".json");
		const fs::path section = dir_.path() / (name + ".zlib");
		const fs::path binary = dir_.path() / (name + ".bin");
		testing::write_file(json, payload);
		testing::command_output("python3 -c 'import sys,zlib; open(sys.argv[2],\"wb\").write(zlib.compress("
		                        "open(sys.argv[1],\"rb\").read(), 9))' " +
		                        shell_quote(json.string()) + " " + shell_quote(section.string()));
		testing::command_output("objcopy --add-section .dep-v0=" + shell_quote(section.string()) + " /bin/true " +
		                        shell_quote(binary.string()));
		return testing::read_file(binary);
	}

	AnalysisResult inspect(const std::string &content) {
		AnalysisResult result;
		auto analyzer = make_rust_binary_analyzer();
		FileMeta meta {"usr/local/bin/demo", content.size(), 0755};
		if (analyzer->inspects(meta)) {
			analyzer->inspect(meta, content, result);
		}
		return result;
	}

	testing::TempDir dir_;
};

TEST_F(RustBinary, RuntimeCratesOfTheAuditSection) {
	auto result = inspect(binary_with_section(kAuditJson));
	EXPECT_TRUE(result.warnings.empty());
	std::vector<std::string> rows;
	for (const auto &pkg : result.packages) {
		EXPECT_EQ(pkg.type, "cargo");
		EXPECT_EQ(pkg.db_path, "usr/local/bin/demo");
		rows.push_back(pkg.name + " " + pkg.version);
	}
	EXPECT_EQ(rows, (std::vector<std::string> {"auditable-demo 0.1.0", "serde 1.0.197", "itoa 1.0.11"}));
	// The same ELF without the section is not a Rust audit binary.
	auto plain = inspect(testing::read_file("/bin/true"));
	EXPECT_TRUE(plain.packages.empty() && plain.warnings.empty());
}

TEST_F(RustBinary, BombsAndBrokenSectionsBecomeWarnings) {
	// 64 MiB of blanks compress to a few kilobytes; the inflater stops at its limit.
	auto bomb = inspect(binary_with_section(std::string(64U << 20, ' '), "bomb"));
	EXPECT_TRUE(bomb.packages.empty());
	ASSERT_EQ(bomb.warnings.size(), 1u);
	EXPECT_NE(bomb.warnings[0].message.find("limit_exceeded"), std::string::npos);

	auto bad_json = inspect(binary_with_section(R"({"packages":[{"name":"x"}]})", "badjson"));
	EXPECT_TRUE(bad_json.packages.empty());
	EXPECT_EQ(bad_json.warnings.size(), 1u);

	// A section that is not zlib at all.
	const fs::path raw = dir_.path() / "raw";
	testing::write_file(raw, "not zlib data at all");
	testing::command_output("objcopy --add-section .dep-v0=" + shell_quote(raw.string()) + " /bin/true " +
	                        shell_quote((dir_.path() / "raw.bin").string()));
	auto garbage = inspect(testing::read_file(dir_.path() / "raw.bin"));
	EXPECT_TRUE(garbage.packages.empty());
	EXPECT_EQ(garbage.warnings.size(), 1u);

	// Truncated: the section headers are gone, nothing is found.
	auto full = binary_with_section(kAuditJson, "cut");
	EXPECT_TRUE(inspect(full.substr(0, full.size() / 2)).packages.empty());
}

} // namespace

} // namespace bulwark
