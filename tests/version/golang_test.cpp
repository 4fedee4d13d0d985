// The Go comparator against golang.org/x/mod/semver.Compare (built from Debian's
// golang-golang-x-mod-dev), and toolchain tags against the Go vulnerability database's mapping.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/oracle_command.h"
#include "support/test_support.h"
#include "support/version_oracle.h"
#include "version/version.h"

namespace bulwark {
namespace {

using testing::Picker;
using testing::Question;

const version::Comparator &go() {
	return *version::comparator_for("golang");
}

constexpr const char *kGoPath = "/usr/share/gocode";

// Builds the oracle program once into the build tree; "" when Go or x/mod is missing.
std::string go_oracle() {
	if (!testing::tool_available("go") || !std::filesystem::exists(std::string(kGoPath) + "/src/golang.org/x/mod/semver")) {
		return "";
	}
	auto dir = testing::oracle_dir();
	std::filesystem::create_directories(dir);
	auto binary = dir / "golang_oracle";
	std::string build = "cd " + testing::shell_quote(dir.string()) + " && GOPATH=" + kGoPath +
	                    " GO111MODULE=off GOFLAGS= GOCACHE=" + testing::shell_quote((dir / "gocache").string()) +
	                    " go build -o golang_oracle " +
	                    testing::shell_quote(testing::data_path("version/golang_oracle.go").string()) + " 2>&1";
	testing::command_output(build);
	return std::filesystem::exists(binary) ? binary.string() : "";
}

std::string generate_go_version(Picker &p) {
	const std::vector<std::string> numbers = {"0", "1", "2", "10", "0", "1", "99999999999999999999999"};
	const std::vector<std::string> ids = {"alpha", "beta", "rc", "0", "1", "2", "10", "pre", "a-b", "x",
	                                      "20191109021931", "daa7c04131f5", "20200101000000", "0.20191109021931"};
	std::string v = p.chance(50) ? "v" : "";
	v += p.pick(numbers);
	if (p.chance(90)) {
		v += "." + p.pick(numbers);
		if (p.chance(90)) {
			v += "." + p.pick(numbers);
			if (p.chance(50)) {
				v += "-" + p.pick(ids);
				for (size_t n = p.below(3); n > 0; --n) {
					v += (p.chance(70) ? "." : "-") + p.pick(ids);
				}
			}
			if (p.chance(15)) {
				v += p.pick(std::vector<std::string> {"+incompatible", "+build.1", "+", "+a..b"});
			}
		}
	}
	if (p.chance(4)) {
		v = p.pick(std::vector<std::string> {"V", "01.2.3", "1.02.3", "1.2.3-01", "1.2.3-", "1.2-pre", "vv1",
		                                     "1.2.3.4", ""}) + (p.chance(50) ? v : "");
	}
	return v;
}

std::vector<Question> go_questions() {
	std::vector<Question> questions;
	Picker p(19);
	for (int i = 0; i < 8000; ++i) {
		std::string a = generate_go_version(p);
		std::string b = p.chance(10) ? a + "+incompatible" : generate_go_version(p);
		questions.push_back({"compare", a, b});
	}
	return questions;
}

TEST(GoVersion, AgreesWithXModSemver) {
	std::string oracle = go_oracle();
	if (oracle.empty()) {
		GTEST_SKIP() << "go or golang.org/x/mod (Debian golang-golang-x-mod-dev) is not installed";
	}
	auto questions = go_questions();
	auto answers = testing::run_with_input(oracle, testing::oracle_input(questions));
	testing::expect_varied_answers(questions, answers);
	EXPECT_EQ(testing::count_disagreements(go(), questions, answers), 0u);
}

// Toolchain tags have no oracle here (go/version is newer than this Go); the expected orders
// follow from the vulnerability database's GoTagToSemver mapping, written out in golang.cpp.
TEST(GoVersion, ToolchainTagsMapLikeTheVulnerabilityDatabase) {
	struct Case {
		const char *a, *b;
		int order;
	};
	const Case cases[] = {
	    {"go1.21.3", "1.21.3", 0},       {"go1.21.3", "v1.21.3", 0},      {"go1.20", "v1.20.0", 0},
	    {"go1", "v1.0.0", 0},            {"go1.21rc2", "v1.21.0-rc.2", 0}, {"go1.19beta1", "1.19.0-beta.1", 0},
	    {"1.21rc2", "1.21.0-rc.2", 0},    {"go1.21rc2", "go1.21.0", -1},   {"go1.21rc2", "go1.21rc10", -1},
	    {"go1.21beta1", "go1.21rc1", -1}, {"go1.21.0", "1.21.0-0", 1},     {"go1.20.14", "go1.21", -1},
	    {"go1.9.2rc2", "v1.9.2-rc.2", 0}, {"go1.21.3 X:boringcrypto", "1.21.3", 0}, {"1.21", "go1.21", 0},
	    {"go1.8-pre3", "v1.8.0-pre.3", 0}};
	for (const auto &c : cases) {
		auto order = go().compare(c.a, c.b);
		ASSERT_TRUE(order.ok()) << c.a << " vs " << c.b << ": " << order.error().message;
		EXPECT_EQ(*order, c.order) << c.a << " vs " << c.b;
	}
	for (const char *bad : {"go1.0", "go", "go1.21x", "go1.21rc", "gov1.2.3", "1.21.3rc1x"}) {
		EXPECT_FALSE(go().compare(bad, "1.0.0").ok()) << bad;
	}
}

TEST(GoVersion, CommandLineAnswersLikeTheComparator) {
	EXPECT_EQ(testing::count_cli_disagreements(go(), go_questions()), 0u);
}

} // namespace
} // namespace bulwark
