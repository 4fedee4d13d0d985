// The deb comparator against `dpkg --compare-versions` (the oracle decides every answer,
// including which strings are refused): generated pairs, curated edge cases and real
// fixed versions from the Debian security tracker. Skipped without dpkg.
#include <algorithm>

#include <gtest/gtest.h>

#include "support/oracle_command.h"
#include "support/test_support.h"
#include "support/version_pairs.h"
#include "version/version.h"

namespace bulwark {

namespace {

const version::Comparator &deb() {
	return *version::comparator_for("deb");
}

// One dpkg call for "<", a second for "=" when needed; exit 2 is dpkg refusing a version.
std::vector<std::string> dpkg_answers(const std::vector<testing::VersionPair> &pairs) {
	testing::TempDir dir;
	auto input = dir.path() / "pairs";
	testing::write_pairs(input, pairs);
	const std::string script = R"(
while IFS= read -r -d '' a && IFS= read -r -d '' b; do
  dpkg --compare-versions -- "$a" lt "$b" 2>/dev/null; rc=$?
  if [ $rc -eq 0 ]; then echo -1
  elif [ $rc -ne 1 ]; then echo error
  elif dpkg --compare-versions -- "$a" eq "$b" 2>/dev/null; then echo 0
  else echo 1
  fi
done < "$1")";
	return testing::output_lines("bash -c " + testing::shell_quote(script) + " _ " + testing::shell_quote(input));
}

void expect_dpkg_agrees(const std::vector<testing::VersionPair> &pairs, const std::string &what) {
	if (!testing::tool_available("dpkg")) {
		GTEST_SKIP() << "dpkg not on PATH";
	}
	testing::expect_agreement(pairs, dpkg_answers(pairs),
	                          [](const auto &p) { return testing::answer(deb().compare(p.a, p.b)); }, what);
}

const testing::VersionGrammar kGrammar {
	{"", "", "", "", "", "", "", "", "1:", "0:", "2:", "10:", "00:", "+1:", "a:", ":", " ", "\t", "-0:"},
	{"0",   "1",    "2",    "9",       "10",       "01",  "00", "007", "99999999999999999999999", "a", "b", "z",
	 "A",   "Z",    "~",    "~",       "+",        ".",   ".",  ".",   "-",                       "-1", "rc1",
	 "dfsg", "deb12u1", "~deb12u1", "+b1", ":", "_", "\xc3\xbc", "1.0", "1.2.3", "5"},
	6,
};

TEST(DebVersionOracle, GeneratedPairs) {
	expect_dpkg_agrees(testing::generate_pairs(kGrammar, 3000, 20240601), "generated deb pairs");
}

TEST(DebVersionOracle, CuratedEdgeCases) {
	std::vector<testing::VersionPair> pairs = {
		{"", ""},
		{"", "0"},
		{"0", ""},
		{"", "~"},
		{"1.0", "1.0"},
		{" 1.0", "1.0 "},
		{"\t1.0\t", "1.0"},
		{"1 0", "1"},
		{" ", "1"},
		{"1.0~rc1", "1.0"},
		{"1.0~~", "1.0~"},
		{"1.0~", "1.0"},
		{"1.0+", "1.0"},
		{"1.0a", "1.0+"},
		{"1.0a", "1.0.1"},
		{"1.0", "1.00"},
		{"1.001", "1.1"},
		{"1:1.0", "2.0"},
		{"0001:1", "1:1"},
		{"2147483647:1", "1"},
		{"2147483648:1", "1"},
		{"99999999999999999999:1", "1"},
		{"00000000000000000000001:1", "1:1"},
		{"+1:2", "1:2"},
		{"-0:2", "2"},
		{"-1:2", "2"},
		{"\v1:2", "1:2"},
		{"\n1:2", "1:2"},
		{"+:2", "2"},
		{"1a:2", "2"},
		{"1.0-", "1"},
		{"-1", "1"},
		{"1:", "1"},
		{":1", "1"},
		{"1:-1", "1"},
		{"a1", "1"},
		{"<none>", "0"},
		{"1-2-3", "1-2-4"},
		{"1:2:3", "1:2:4"},
		{"1.0-0", "1.0"},
		{"1.0-0.1", "1.0"},
		{"1.0-a_b", "1.0-a"},
		{"1.0\xc3\xbc", "1.0z"},
		{"1.0\xc3\xbc", "1.0."},
		{"1.0\x80", "1.0~"},
		{"1.0\x7f", "1.0."},
		{"1.0\r", "1.0"},
		{"1.0\n", "1.0"},
		{"1.0.0", "1.0"},
		{"1.0~rc1-1", "1.0-0"},
	};
	expect_dpkg_agrees(pairs, "curated deb pairs");
}

// Fixed versions from the Debian security tracker (tests/data/version/README.md), sorted
// by our comparator: every neighbour pair and a shuffled set of far pairs must agree.
TEST(DebVersionOracle, SecurityTrackerVersions) {
	auto versions = testing::data_lines("version/deb-security-tracker-versions.txt");
	ASSERT_GT(versions.size(), 1000u);
	for (const auto &v : versions) {
		ASSERT_TRUE(deb().compare(v, v).ok()) << v;
	}
	std::stable_sort(versions.begin(), versions.end(),
	                 [](const std::string &a, const std::string &b) { return deb().compare(a, b).value() < 0; });
	std::vector<testing::VersionPair> pairs;
	for (size_t i = 0; i + 1 < versions.size(); ++i) {
		pairs.push_back({versions[i], versions[i + 1]});
		pairs.push_back({versions[i], versions[(i * 7919) % versions.size()]});
	}
	expect_dpkg_agrees(pairs, "security tracker versions");
}

TEST(DebVersion, ErrorsNameTheVersionAndTheReason) {
	auto order = deb().compare("1.0", "1:");
	ASSERT_FALSE(order.ok());
	EXPECT_EQ(order.error().code, ErrorCode::invalid_argument);
	EXPECT_EQ(order.error().message, "invalid deb version '1:': nothing after colon in version number");
}

} // namespace

} // namespace bulwark
