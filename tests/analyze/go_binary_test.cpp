// The Go binary analyzer against programs built here by Debian's Go toolchain (one module
// without dependencies, one with a dependency replaced by a local copy of golang.org/x/text
// from golang-golang-x-text-dev when installed) and Debian's own Go binaries, compared with
// what `go version -m` prints for the same files; the old pointer form is checked on a real
// binary whose header is rewritten to point at runtime.buildVersion and runtime.modinfo
// (addresses from `go tool nm`), which `go version -m` then reads too.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "analyze/analyzer.h"
#include "analyze/elf.h"
#include "support/oracle_command.h"
#include "support/test_support.h"
#include "util/lines.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_go_binary_analyzer();

namespace {

namespace fs = std::filesystem;
using testing::shell_quote;

AnalysisResult inspect(const std::string &content, const std::string &path = "usr/local/bin/app") {
	AnalysisResult result;
	auto analyzer = make_go_binary_analyzer();
	FileMeta meta {path, content.size(), 0755};
	if (analyzer->inspects(meta)) {
		analyzer->inspect(meta, content, result);
	}
	return result;
}

std::vector<std::string> rows_of(const std::vector<Package> &packages) {
	std::vector<std::string> rows;
	for (const auto &pkg : packages) {
		EXPECT_EQ(pkg.type, "golang");
		rows.push_back(pkg.name + " " + pkg.version);
	}
	std::sort(rows.begin(), rows.end());
	return rows;
}

// `go version -m` output mapped the way Trivy reports it: "stdlib v<go version>", the main
// module, and each dependency or the replacement printed under it.
std::vector<std::string> rows_of_go_version_m(const std::string &output) {
	std::vector<std::string> rows;
	LineReader lines(output);
	std::string_view line;
	if (!lines.next(line) || line.find(": go") == std::string_view::npos) {
		return rows;
	}
	auto go_version = line.substr(line.find(": go") + 4);
	rows.push_back("stdlib v" + std::string(go_version.substr(0, go_version.find(' '))));
	bool after_dep = false;
	while (lines.next(line)) {
		std::vector<std::string> fields;
		for (auto rest = line.substr(1);; ) {
			auto tab = rest.find('\t');
			fields.emplace_back(rest.substr(0, tab));
			if (tab == std::string_view::npos) {
				break;
			}
			rest.remove_prefix(tab + 1);
		}
		if (fields.size() < 3) {
			after_dep = false;
			continue;
		}
		if (fields[0] == "mod" || fields[0] == "dep") {
			rows.push_back(fields[1] + " " + fields[2]);
		} else if (fields[0] == "=>" && after_dep) {
			rows.back() = fields[1] + " " + fields[2];
		}
		after_dep = fields[0] == "dep";
	}
	std::sort(rows.begin(), rows.end());
	return rows;
}

std::vector<std::string> go_version_m(const fs::path &binary) {
	return rows_of_go_version_m(testing::command_output("go version -m " + shell_quote(binary.string())));
}

// Builds the module in `dir` offline into `output`; true when go build succeeded.
bool go_build(const fs::path &cache, const fs::path &dir, const fs::path &output) {
	const std::string env = "cd " + shell_quote(dir.string()) + " && GOCACHE=" + shell_quote((cache / "build").string()) +
	                        " GOPATH=" + shell_quote((cache / "gopath").string()) +
	                        " GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local ";
	return testing::command_output(env + "go build -o " + shell_quote(output.string()) + " . >/dev/null 2>&1 && echo ok") ==
	       "ok\n";
}

class GoBinaryOracle : public ::testing::Test {
protected:
	void SetUp() override {
		if (!testing::tool_available("go")) {
			GTEST_SKIP() << "go (Debian golang-go) not installed";
		}
		const fs::path hello = dir_.path() / "hello";
		fs::create_directories(hello);
		testing::write_file(hello / "go.mod", "module example.com/hello\n\ngo 1.19\n");
		testing::write_file(hello / "main.go", "package main\n\nfunc main() { println(\"hi\") }\n");
		ASSERT_TRUE(go_build(dir_.path(), hello, dir_.path() / "hello.bin"));
	}

	testing::TempDir dir_;
};

TEST_F(GoBinaryOracle, ModulesMatchGoVersionM) {
	std::vector<fs::path> binaries {dir_.path() / "hello.bin"};
	const fs::path text_source = "/usr/share/gocode/src/golang.org/x/text";
	if (fs::exists(text_source / "go.mod")) {
		const fs::path app = dir_.path() / "withdep";
		fs::create_directories(app);
		fs::copy(text_source, app / "text", fs::copy_options::recursive);
		testing::write_file(app / "go.mod", "module example.com/withdep\n\ngo 1.19\n\nrequire golang.org/x/text v0.3.8\n\n"
		                                    "replace golang.org/x/text => ./text\n");
		testing::write_file(app / "main.go", "package main\n\nimport \"golang.org/x/text/width\"\n\n"
		                                     "func main() { println(width.LookupRune(0x41).Kind().String()) }\n");
		ASSERT_TRUE(go_build(dir_.path(), app, dir_.path() / "withdep.bin"));
		binaries.push_back(dir_.path() / "withdep.bin");
	}
	for (const char *debian : {"/usr/bin/umoci", "/usr/bin/skopeo"}) {
		if (fs::exists(debian)) {
			binaries.emplace_back(debian);
		}
	}
	for (const auto &binary : binaries) {
		auto result = inspect(testing::read_file(binary), "bin/x");
		EXPECT_TRUE(result.warnings.empty()) << binary;
		auto expected = go_version_m(binary);
		ASSERT_FALSE(expected.empty()) << binary;
		EXPECT_EQ(rows_of(result.packages), expected) << binary;
		for (const auto &pkg : result.packages) {
			EXPECT_EQ(pkg.db_path, "bin/x");
		}
	}
	if (binaries.size() > 1 && binaries[1].filename() == "withdep.bin") {
		auto rows = rows_of(inspect(testing::read_file(binaries[1])).packages);
		EXPECT_NE(std::find(rows.begin(), rows.end(), "./text (devel)"), rows.end()); // the replacement wins
	}
}

// Address of a symbol in `go tool nm` output.
std::optional<uint64_t> symbol_address(const std::string &nm, const std::string &symbol) {
	LineReader lines(nm);
	std::string_view line;
	while (lines.next(line)) {
		const std::string suffix = " D " + symbol;
		if (line.size() > suffix.size() && line.ends_with(suffix)) {
			return std::stoull(std::string(line.substr(0, line.find(' ', line.find_first_not_of(' ')))), nullptr, 16);
		}
	}
	return std::nullopt;
}

TEST_F(GoBinaryOracle, PointerFormOfOlderToolchainsIsRead) {
	const fs::path binary = dir_.path() / "hello.bin";
	std::string content = testing::read_file(binary);
	const std::string nm = testing::command_output("go tool nm " + shell_quote(binary.string()));
	auto version_var = symbol_address(nm, "runtime.buildVersion");
	auto modinfo_var = symbol_address(nm, "runtime.modinfo");
	ASSERT_TRUE(version_var && modinfo_var);
	auto elf = ElfFile::parse(content);
	ASSERT_TRUE(elf.ok());
	const ElfSection *section = elf->find_section(".go.buildinfo");
	ASSERT_NE(section, nullptr);
	// Flags 0: little endian, strings by pointer; then the two pointers.
	content[section->offset + 15] = 0;
	for (int i = 0; i < 8; ++i) {
		content[section->offset + 16 + i] = static_cast<char>((*version_var >> (8 * i)) & 0xff);
		content[section->offset + 24 + i] = static_cast<char>((*modinfo_var >> (8 * i)) & 0xff);
	}
	const fs::path patched = dir_.path() / "pointer-form.bin";
	testing::write_file(patched, content);
	fs::permissions(patched, fs::perms::owner_all);
	auto expected = go_version_m(patched);
	ASSERT_FALSE(expected.empty());
	ASSERT_EQ(expected, go_version_m(binary)); // Go reads the rewritten header as the original
	EXPECT_EQ(rows_of(inspect(content).packages), expected);
}

TEST_F(GoBinaryOracle, DamagedBinariesFindNothingAndDoNotCrash) {
	const std::string content = testing::read_file(dir_.path() / "hello.bin");
	for (size_t size : {size_t {16}, size_t {64}, size_t {4096}, content.size() / 2, content.size() - 1}) {
		auto result = inspect(content.substr(0, size));
		EXPECT_TRUE(result.packages.empty()) << size; // section headers sit at the end
	}
	auto elf = ElfFile::parse(content);
	ASSERT_TRUE(elf.ok());
	const ElfSection *section = elf->find_section(".go.buildinfo");
	ASSERT_NE(section, nullptr);
	// An inline string length far past the section: a warning, no packages.
	std::string huge = content;
	huge.replace(section->offset + 32, 5, "\xff\xff\xff\xff\x0f");
	auto result = inspect(huge);
	EXPECT_TRUE(result.packages.empty());
	ASSERT_EQ(result.warnings.size(), 1u);
	EXPECT_NE(result.warnings[0].message.find("Go build info"), std::string::npos);
	// No magic: not a Go binary, silently.
	std::string no_magic = content;
	no_magic[section->offset] = 'X';
	result = inspect(no_magic);
	EXPECT_TRUE(result.packages.empty() && result.warnings.empty());
}

TEST(GoBinary, NonElfAndGarbageAreNotGoBinaries) {
	EXPECT_TRUE(inspect(std::string(1000, 'x')).packages.empty());
	std::string garbage = "\x7f" "ELF\x02\x01\x01" + std::string(200, '\xff');
	auto result = inspect(garbage);
	EXPECT_TRUE(result.packages.empty() && result.warnings.empty());
	FileMeta not_executable {"usr/lib/libx.so", 4096, 0644};
	EXPECT_FALSE(make_go_binary_analyzer()->inspects(not_executable));
}

} // namespace

} // namespace bulwark
