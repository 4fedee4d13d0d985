// The rpm comparator against librpm itself: a small C program, compiled here against
// librpm-dev, runs rpmverParse + rpmverCmp on every pair (rpmverParse refusing a string is
// "error"). Skipped without a C compiler or librpm's headers.
#include <cstdlib>

#include <gtest/gtest.h>

#include "support/oracle_command.h"
#include "support/test_support.h"
#include "support/version_pairs.h"
#include "version/version.h"

namespace bulwark {

namespace {

const version::Comparator &rpm() {
	return *version::comparator_for("rpm");
}

constexpr const char *kHarness = R"(
#include <rpm/rpmver.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads "a\0b\0" records from the file in argv[1]; prints -1, 0, 1 or error per pair. */
int main(int argc, char **argv) {
	FILE *f = fopen(argv[1], "rb");
	if (!f) return 1;
	static char data[1 << 24];
	size_t size = fread(data, 1, sizeof data, f);
	for (size_t at = 0; at < size;) {
		const char *a = data + at;
		at += strlen(a) + 1;
		const char *b = data + at;
		at += strlen(b) + 1;
		rpmver va = rpmverParse(a), vb = rpmverParse(b);
		if (!va || !vb) puts("error");
		else printf("%d\n", rpmverCmp(va, vb));
		rpmverFree(va);
		rpmverFree(vb);
	}
	return 0;
}
)";

void expect_librpm_agrees(const std::vector<testing::VersionPair> &pairs, const std::string &what) {
	if (!testing::tool_available("cc") || !testing::tool_available("pkg-config") ||
	    std::system("pkg-config --exists rpm") != 0) {
		GTEST_SKIP() << "needs cc and librpm-dev (pkg-config rpm)";
	}
	testing::TempDir dir;
	testing::write_file(dir.path() / "rpmcmp.c", kHarness);
	std::string program = (dir.path() / "rpmcmp").string();
	std::string build = "cc -O1 -o " + testing::shell_quote(program) + " " +
	                    testing::shell_quote((dir.path() / "rpmcmp.c").string()) + " $(pkg-config --cflags --libs rpm)";
	ASSERT_EQ(std::system(build.c_str()), 0) << build;
	testing::write_pairs(dir.path() / "pairs", pairs);
	auto oracle = testing::output_lines(testing::shell_quote(program) + " " +
	                                    testing::shell_quote((dir.path() / "pairs").string()));
	testing::expect_agreement(pairs, oracle,
	                          [](const auto &p) { return testing::answer(rpm().compare(p.a, p.b)); }, what);
}

const testing::VersionGrammar kGrammar {
	{"", "", "", "", "", "", "1:", "0:", "2:", "10:", "00:", ":", "a:"},
	{"0",  "1",  "2",  "9",  "10", "01", "007", "99999999999999999999999", "a",  "b",  "z",  "Z",   "rc",
	 "alpha", "~",  "~",  "^",  "^",  ".",  ".",   "-",                       "-1", "_",  "+",  ":", "\xc3\xbc",
	 "1.0", "el9", "fc38", "git20230101", "~~", "^~"},
	6,
};

TEST(RpmVersionOracle, GeneratedPairs) {
	expect_librpm_agrees(testing::generate_pairs(kGrammar, 20000, 4180), "generated rpm pairs");
}

TEST(RpmVersionOracle, CuratedEdgeCases) {
	std::vector<testing::VersionPair> pairs = {
		{"", "1"},
		{"1.0", "1.0-1"},
		{"1.0-", "1.0"},
		{"1.0-", "1.0-0"},
		{"1:1.0", "1.0"},
		{":1.0", "0:1.0"},
		{"0001:1", "1:1"},
		{"1:", "1:0"},
		{"a:1", "1"},
		{"1-2-3", "1-2-4"},
		{"1.0~rc1", "1.0"},
		{"1.0~rc1", "1.0~rc1~"},
		{"1.0^", "1.0"},
		{"1.0^git1", "1.0.1"},
		{"1.0^git1", "1.0~rc1"},
		{"1.0^^", "1.0^"},
		{"1.0a", "1.0.1"},
		{"1.0a", "1.0"},
		{"1.a", "1.1"},
		{"1.0", "1.0."},
		{"1.0", "1_0"},
		{"1.f", "1c.f"},
		{"1.01", "1.1"},
		{"10", "9"},
		{"99999999999999999999999", "99999999999999999999998"},
		{"1.0\xc3\xbc", "1.0"},
		{"abc", "ABC"},
		{"~", "^"},
		{"~", ""},
		{"^", "0"},
	};
	expect_librpm_agrees(pairs, "curated rpm pairs");
}

TEST(RpmVersion, EmptyIsRefused) {
	auto order = rpm().compare("", "1.0");
	ASSERT_FALSE(order.ok());
	EXPECT_EQ(order.error().code, ErrorCode::invalid_argument);
}

} // namespace

} // namespace bulwark
