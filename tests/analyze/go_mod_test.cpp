// The go.mod / go.sum analyzer. go.mod: compared with what Go itself parses (`go mod edit
// -json`, Debian's golang-go), with the replace rule the analyzer documents (Trivy's)
// applied to Go's parse, on a go.mod written for the test and on the real go.mod Debian
// ships in /usr/share/gocode; skipped when go or python3 is missing. go.sum: Debian's real
// golang.org/x/text go.sum, whose module paths `cut` lists.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "analyze/analyzer.h"
#include "support/declared_packages.h"
#include "support/oracle_command.h"
#include "support/test_support.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_go_mod_analyzer();

namespace {

namespace fs = std::filesystem;
using testing::shell_quote;

const fs::path kDebianText = "/usr/share/gocode/src/golang.org/x/text";



// Go's own parse of `go_mod`, with Trivy's replace rule applied.
std::vector<std::string> go_oracle(const fs::path &go_mod) {
	return testing::sorted_lines(testing::command_output(
	    "go mod edit -json " + shell_quote(go_mod.string()) +
	    " 2>/dev/null | python3 -c '\nimport json, sys\nm = json.load(sys.stdin)\n"
	    "req = {r[\"Path\"]: r[\"Version\"] for r in m.get(\"Require\") or []}\n"
	    "for r in m.get(\"Replace\") or []:\n"
	    "    old, new = r[\"Old\"], r[\"New\"]\n"
	    "    if old[\"Path\"] not in req or old.get(\"Version\", req[old[\"Path\"]]) != req[old[\"Path\"]]:\n"
	    "        continue\n"
	    "    del req[old[\"Path\"]]\n"
	    "    if new.get(\"Version\"):\n"
	    "        req[new[\"Path\"]] = new[\"Version\"]\n"
	    "for p, v in req.items():\n    print(p, v)\n'"));
}

bool have_go() {
	return testing::tool_available("go") && testing::tool_available("python3");
}

TEST(GoMod, WrittenGoModMatchesGoModEdit) {
	if (!have_go()) {
		GTEST_SKIP() << "go or python3 missing";
	}
	const std::string go_mod = "// A project module written for the test.\nmodule example.com/app\n\ngo 1.19\n\n"
	                           "require github.com/pkg/errors v0.9.1\n\n"
	                           "require (\n\tgolang.org/x/text v0.3.8 // indirect\n\t\"example.com/quoted\" v1.0.0\n"
	                           "\texample.com/old v1.2.0\n\texample.com/local v0.1.0\n"
	                           "\texample.com/pinned v2.0.0+incompatible\n)\n\n"
	                           "exclude golang.org/x/text v0.3.7\n\n"
	                           "replace example.com/old => example.com/new v1.3.0\n\n"
	                           "replace (\n\texample.com/local => ../local\n"
	                           "\texample.com/pinned v1.0.0 => example.com/other v1.0.0\n)\n\nretract v0.0.1\n";
	testing::TempDir dir;
	testing::write_file(dir.path() / "go.mod", go_mod);
	auto expected = go_oracle(dir.path() / "go.mod");
	ASSERT_EQ(expected.size(), 5u);
	auto result = testing::analyze_files(*make_go_mod_analyzer(), {{"src/app/go.mod", go_mod}});
	EXPECT_TRUE(result.warnings.empty());
	EXPECT_EQ(testing::declared_rows(result.packages, "golang"), expected);
	EXPECT_EQ(result.packages[0].db_path, "src/app/go.mod");
}

TEST(GoMod, DebianGoModMatchesGoModEdit) {
	if (!have_go() || !fs::exists(kDebianText / "go.mod")) {
		GTEST_SKIP() << "go, python3 or golang-golang-x-text-dev missing";
	}
	auto expected = go_oracle(kDebianText / "go.mod");
	ASSERT_FALSE(expected.empty());
	auto result = testing::analyze_files(*make_go_mod_analyzer(), {{"usr/share/gocode/src/golang.org/x/text/go.mod", testing::read_file(kDebianText / "go.mod")},
	                             {"usr/share/gocode/src/golang.org/x/text/go.sum", testing::read_file(kDebianText / "go.sum")}});
	EXPECT_TRUE(result.warnings.empty());
	// The go.sum beside it is not read.
	EXPECT_EQ(testing::declared_rows(result.packages, "golang"), expected);
}

TEST(GoMod, LoneGoSumListsEveryModule) {
	if (!fs::exists(kDebianText / "go.sum")) {
		GTEST_SKIP() << "golang-golang-x-text-dev missing";
	}
	auto expected = testing::sorted_lines(
	    testing::command_output("cut -d' ' -f1 " + shell_quote((kDebianText / "go.sum").string()) + " | sort -u"));
	ASSERT_FALSE(expected.empty());
	auto result = testing::analyze_files(*make_go_mod_analyzer(), {{"app/go.sum", testing::read_file(kDebianText / "go.sum")}});
	EXPECT_TRUE(result.warnings.empty());
	std::vector<std::string> names;
	for (const auto &pkg : result.packages) {
		names.push_back(pkg.name);
		EXPECT_FALSE(pkg.version.ends_with("/go.mod")) << pkg.version;
	}
	std::sort(names.begin(), names.end());
	EXPECT_EQ(names, expected);
}

TEST(GoMod, MalformedLinesWarnAndDependencyTreesAreNotRead) {
	auto result = testing::analyze_files(*make_go_mod_analyzer(), {{"go.mod", "module m\nrequire (\n\ta.com/x\n\t\"b.com/unterminated v1\n"
	                                        "\tc.com/y v1.0.0\n)\nreplace a.com/x v1 v2 v3 => b\n"},
	                             {"lone/go.sum", "d.com/z v1.0.0 h1:x=\nd.com/z v1.1.0/go.mod h1:y=\njunk\n"}});
	EXPECT_EQ(testing::declared_rows(result.packages, "golang"), (std::vector<std::string> {"c.com/y v1.0.0", "d.com/z v1.1.0"}));
	EXPECT_EQ(result.warnings.size(), 4u);
	auto analyzer = make_go_mod_analyzer();
	EXPECT_FALSE(analyzer->wants("app/vendor/github.com/x/y/go.mod"));
	EXPECT_FALSE(analyzer->wants("root/go/pkg/mod/github.com/x/y@v1.0.0/go.mod"));
	EXPECT_FALSE(analyzer->wants("app/notgo.mod"));
}

} // namespace

} // namespace bulwark
