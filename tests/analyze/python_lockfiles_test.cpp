// The Python lockfile analyzer against real lockfiles (Trivy's fixtures, see
// tests/data/lang/python/NOTICE.md, and a poetry.lock Debian's poetry writes offline for
// path dependencies), each compared with Python's own reading of the same file: pip's
// requirements-file parser and packaging's Requirement for requirements.txt, json for
// Pipfile.lock, tomllib for poetry.lock and uv.lock. Oracles missing -> skipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "analyze/analyzer.h"
#include "support/oracle_command.h"
#include "support/test_support.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_python_lockfiles_analyzer();

namespace {

namespace fs = std::filesystem;
using testing::shell_quote;

constexpr const char *kPython = "/usr/bin/python3";

AnalysisResult analyze_lock(const std::string &path, const std::string &content) {
	auto analyzer = make_python_lockfiles_analyzer();
	EXPECT_TRUE(analyzer->wants(path)) << path;
	FileView view;
	view.begin_layer(0);
	view.begin_layer(1);
	testing::add_file(view, path, content);
	AnalysisResult result;
	analyzer->analyze(view, result);
	for (const auto &pkg : result.packages) {
		EXPECT_EQ(pkg.type, "pypi");
		EXPECT_TRUE(pkg.declared);
		EXPECT_EQ(pkg.db_path, path);
		EXPECT_EQ(pkg.layer, 1u);
	}
	return result;
}

// "name version dev" rows, sorted.
std::vector<std::string> rows_of(const std::vector<Package> &packages) {
	std::vector<std::string> rows;
	for (const auto &pkg : packages) {
		rows.push_back(pkg.name + " " + pkg.version + " " + (pkg.dev ? "True" : "False"));
	}
	std::sort(rows.begin(), rows.end());
	return rows;
}

// Runs a Python oracle script on `file`; empty when Python or a module it imports is missing.
std::vector<std::string> oracle(const std::string &script, const fs::path &file) {
	return testing::sorted_lines(testing::command_output(std::string(kPython) + " -c " + shell_quote(script) + " " +
	                                                     shell_quote(file.string()) + " 2>/dev/null"));
}

// pip reads the file (continuations, comments, options) and packaging parses each
// requirement; a pin is exactly one `==` specifier without a wildcard.
constexpr const char *kPipOracle = R"(
import sys
from pip._internal.req.req_file import parse_requirements
from pip._internal.network.session import PipSession
from pip._vendor.packaging.requirements import Requirement
for r in parse_requirements(sys.argv[1], session=PipSession()):
    try:
        req = Requirement(r.requirement)
    except Exception:
        continue
    specs = list(req.specifier)
    if not req.url and len(specs) == 1 and specs[0].operator == "==" and "*" not in specs[0].version:
        print(req.name, specs[0].version, False)
)";

constexpr const char *kPipfileOracle = R"(
import json, sys
lock = json.load(open(sys.argv[1]))
seen = set()
for section, dev in (("default", False), ("develop", True)):
    for name, entry in lock.get(section, {}).items():
        version = entry.get("version", "")
        if version.startswith("==") and name not in seen:
            seen.add(name)
            print(name, version[2:], dev)
)";

constexpr const char *kPoetryOracle = R"(
import sys, tomllib
for p in tomllib.load(open(sys.argv[1], "rb")).get("package", []):
    if "category" in p:
        dev = p["category"] == "dev"
    else:
        dev = bool(p.get("groups")) and "main" not in p["groups"]
    print(p["name"], p["version"], dev)
)";

constexpr const char *kUvOracle = R"(
import sys, tomllib
for p in tomllib.load(open(sys.argv[1], "rb")).get("package", []):
    source = p.get("source", {})
    if source.get("editable") != "." and source.get("virtual") != ".":
        print(p["name"], p["version"], False)
)";

void expect_matches_oracle(const std::string &image_path, const fs::path &file, const char *script) {
	if (!testing::tool_available(kPython)) {
		GTEST_SKIP() << "Debian's python3 is not installed";
	}
	auto expected = oracle(script, file);
	if (expected.empty()) {
		GTEST_SKIP() << "the oracle's Python modules are missing";
	}
	auto result = analyze_lock(image_path, testing::read_file(file));
	EXPECT_TRUE(result.warnings.empty()) << result.warnings[0].message;
	EXPECT_EQ(rows_of(result.packages), expected);
}

TEST(PythonLockfiles, TrivyRequirementsMatchPip) {
	expect_matches_oracle("app/requirements.txt", testing::data_path("lang/python/pip/requirements.txt"), kPipOracle);
}

TEST(PythonLockfiles, RequirementSyntaxMatchesPip) {
	testing::TempDir dir;
	const auto file = dir.path() / "requirements-dev.txt";
	testing::write_file(file, "# a comment\n"
	                          "Flask[async,dotenv] == 2.0.0  # trailing comment\n"
	                          "requests==2.31.0 ; python_version < \"3.12\" \\\n"
	                          "    --hash=sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f\n"
	                          "zope.interface==6.0\r\n"
	                          "-i https://example.org/simple\n"
	                          "--extra-index-url https://example.org/other\n"
	                          "six>=1.0\n"
	                          "pyyaml==6.*\n"
	                          "attrs===23.1.0\n"
	                          "urllib3==2.0.4,<3\n"
	                          "local_pkg==1.0+ubuntu.1\n"
	                          "cffi \\\n"
	                          "  ==1.15.1\n"
	                          "pkg @ https://example.org/pkg-1.0.tar.gz\n"
	                          "./vendor/thing\n");
	expect_matches_oracle("srv/requirements-dev.txt", file, kPipOracle);
}

TEST(PythonLockfiles, IncludesAreNotFollowedAndBadPinsWarn) {
	auto result = analyze_lock("requirements.txt", "-r base.txt\n-c constraints.txt\nok==1.0\n==2.0\n-bad==1\nx==$VER\n");
	EXPECT_EQ(rows_of(result.packages), (std::vector<std::string> {"ok 1.0 False"}));
	ASSERT_EQ(result.warnings.size(), 2u); // "==2.0" names nothing, "x==$VER" has no version
	EXPECT_NE(result.warnings[0].message.find("requirements.txt (layer 1) line 4"), std::string::npos);
	EXPECT_FALSE(make_python_lockfiles_analyzer()->wants("usr/lib/python3/dist-packages/x/requirements.txt"));
	EXPECT_FALSE(make_python_lockfiles_analyzer()->wants("app/constraints.txt"));
}

TEST(PythonLockfiles, TrivyPipfileLockMatchesJson) {
	expect_matches_oracle("app/Pipfile.lock", testing::data_path("lang/python/pipenv/Pipfile.lock"), kPipfileOracle);
}

TEST(PythonLockfiles, PipfileLockDevelopAndBadEntries) {
	testing::TempDir dir;
	const auto file = dir.path() / "Pipfile.lock";
	auto lock = testing::read_file(testing::data_path("lang/python/pipenv/Pipfile.lock"));
	// The same file with a develop section, a git entry and a runtime package repeated in it.
	auto develop = lock.find("\"develop\": {}");
	ASSERT_NE(develop, std::string::npos);
	lock.replace(develop, 13,
	             R"("develop": {"pytest": {"version": "==7.4.0"}, "werkzeug": {"version": "==0.11.1"},
	                "mylib": {"git": "https://example.org/mylib.git", "ref": "abc"}})");
	testing::write_file(file, lock);
	expect_matches_oracle("app/Pipfile.lock", file, kPipfileOracle);

	auto broken = analyze_lock("Pipfile.lock", R"({"default": {"a": 1, "b": {"version": "~=1"}, "c": {"version": "==1"}}})");
	EXPECT_EQ(rows_of(broken.packages), (std::vector<std::string> {"c 1 False"}));
	ASSERT_EQ(broken.warnings.size(), 1u);
	EXPECT_NE(broken.warnings[0].message.find("2 record(s) skipped"), std::string::npos);
	EXPECT_EQ(analyze_lock("Pipfile.lock", "{\"default\": [").warnings.size(), 1u);
}

TEST(PythonLockfiles, TrivyPoetryLockMatchesTomllib) {
	expect_matches_oracle("app/poetry.lock", testing::data_path("lang/python/poetry/poetry.lock"), kPoetryOracle);
}

TEST(PythonLockfiles, PoetryWrittenLockMatchesTomllib) {
	if (!testing::tool_available("poetry")) {
		GTEST_SKIP() << "Debian's python3-poetry is not installed";
	}
	testing::TempDir dir;
	const fs::path project = dir.path();
	for (auto [name, version] : {std::pair {"alpha", "1.2.0"}, std::pair {"beta", "0.9.1"}}) {
		testing::write_file(project / "libs" / name / name / "__init__.py", "");
		testing::write_file(project / "libs" / name / "pyproject.toml",
		                    std::string("[tool.poetry]\nname = \"") + name + "\"\nversion = \"" + version +
		                        "\"\ndescription = \"\"\nauthors = []\n\n[tool.poetry.dependencies]\npython = \"^3.11\"\n\n"
		                        "[build-system]\nrequires = [\"poetry-core\"]\nbuild-backend = \"poetry.core.masonry.api\"\n");
	}
	testing::write_file(project / "pyproject.toml",
	                    "[tool.poetry]\nname = \"app\"\nversion = \"0.1.0\"\ndescription = \"\"\nauthors = []\n\n"
	                    "[tool.poetry.dependencies]\npython = \"^3.11\"\nalpha = {path = \"libs/alpha\"}\n\n"
	                    "[tool.poetry.group.dev.dependencies]\nbeta = {path = \"libs/beta\"}\n");
	testing::command_output("cd " + shell_quote(project.string()) + " && HOME=" + shell_quote(project.string()) +
	                        " POETRY_CACHE_DIR=" + shell_quote((project / ".cache").string()) +
	                        " poetry lock --no-interaction >/dev/null 2>&1");
	ASSERT_TRUE(fs::exists(project / "poetry.lock")) << "poetry lock wrote nothing";
	expect_matches_oracle("src/app/poetry.lock", project / "poetry.lock", kPoetryOracle);
}

TEST(PythonLockfiles, TrivyUvLockMatchesTomllib) {
	expect_matches_oracle("app/uv.lock", testing::data_path("lang/python/uv/uv.lock"), kUvOracle);
}

TEST(PythonLockfiles, MalformedTomlTablesWarnAndTheScanGoesOn) {
	auto result = analyze_lock("uv.lock", "[[package]]\nname = \"a\"\nversion = \"1\"\nwheels = [\n  { url = \"x\" },\n"
	                                      "  name = \"inside-array\",\n]\n[[package]]\nname = \"no-version\"\n"
	                                      "[[package]]\nname = \"b\nversion = \"2\"\n");
	EXPECT_EQ(rows_of(result.packages), (std::vector<std::string> {"a 1 False"}));
	EXPECT_EQ(result.warnings.size(), 2u);
	EXPECT_TRUE(analyze_lock("poetry.lock", std::string(100000, '[')).packages.empty());
}

} // namespace

} // namespace bulwark
