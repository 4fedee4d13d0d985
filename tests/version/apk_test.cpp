// The apk comparator. Debian has no apk-tools to ask, so the answers come from apk-tools'
// own test vectors (a selection of test/version.data, alpinelinux/apk-tools), the
// versions real apk-tools 2.14.10 and 3.0.6 installed (tests/data/pkgdb fixtures), the
// fixed versions of alpine-secdb (tests/data/version/README.md) and the laws any order
// must obey, checked on thousands of generated versions.
#include <algorithm>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>

#include "support/test_support.h"
#include "support/version_pairs.h"
#include "version/version.h"

namespace bulwark {

namespace {

const version::Comparator &apk() {
	return *version::comparator_for("apk");
}

// "a op b" lines, op one of < = >, selected from apk-tools test/version.data (the lines
// whose versions apk accepts), then a few that follow from the token order in
// src/version.c for the ~hash component, which version.data does not cover.
constexpr const char *kVectors = R"(
2.34 > 0.1.0_alpha
0.1.0_alpha = 0.1.0_alpha
0.1.0_alpha < 0.1.3_alpha
0.1.0_alpha2 > 0.1.0_alpha
0.1.0_alpha < 2.2.39-r1
1.0.4-r3 < 1.0.4-r4
1.0.0 < 1.0.1
1.1 > 1.1_alpha1
1.1_alpha1 < 1.2.1
1.2.1 > 1.2
1.2 < 1.3_alpha
1.3_alpha < 1.3_alpha2
0.7.0 < 0.8_beta1
0.8_beta4 < 4.8-r1
3.10.18-r1 > 2.3.0b-r1
2.3.0b-r1 < 2.3.0b-r2
0.12.3 > 0.12
0.12 < 0.13_beta1
0.13_beta5 > 0.9.12
1.2.12.1 < 1.2.13
0.2.0-r1 < 3.1_p16
3.1_p16 < 3.1_p17
3.1_p17 > 1.06-r6
1.06-r6 < 006
006 > 1.0.0
1.2.2-r1 > 1.2.2
9.3.4-r2 > 9.3.4
2.59 < 20050718-r1
20050718-r1 < 20050718-r2
3.9.8-r5 > 2.01.01_alpha10
2.01.01_alpha10 > 0.94
1.0 > 0.99.3.20040818
1.39 > 1.00_beta2
1.00_beta2 > 0.9.2
1.02 < 1.03-r1
2.8.0.6-r1 > 0.5.2.7
0.5.2.7 < 4.2.52_p2-r1
4.2.52_p2-r1 < 4.2.52_p4-r2
4.2.52_p4-r2 > 1.02.07
1.02.07 < 1.02.10-r1
2.18.3-r10 > 1.05-r18
1.05-r18 < 1.05-r19
20050405 > 1.8
10-r1 > 4
20060720 > 3.0.20060720
3.0.20060720 < 20060720
1.4.4-r1 < 2.1.9.200602141850
2.5.1-r8 < 2.5.1a-r1
1.3.5-r10 > 1.3.5-r8
20040401 > 2.0.0_rc3-r1
3.0.0-r2 < 021109-r3
021109-r3 < 20060512
0.9.16-r1 < 3.9_pre20060124
3.9_pre20060124 > 0.01
0.01 < 0.06
1.1.7 < 6b-r7
0.10.0 < 0.10.1_rc1
0.10.1_rc1 > 0.9.11
2.0.2 > 1.1a
1.1a < 1.3a
1.0-r1 > 0.15.1b
0.15.1b-r2 > 0.15.1b
22.7-r1 < 22.7.3-r1
22.7.3-r1 > 22.7
22.7 > 2.1_pre20
2.1_pre20 < 2.1_pre26
2.10.1 > 02.08.01b
02.08.01b < 4.77
3.81 > 1.6d
1.6d > 1.2.07.8
1.2.07.8 < 1.2.12.04
1.2.12.04 < 1.2.12.05
20061003 > 0.1_pre20060810
0.1_pre20060810 < 0.1_pre20060817
3.3.17 > 0.59s-r11
0.59s-r11 < 0.65
4.01 < 4.20
4.20 > 0.20070118
0.20070118 < 0.20070207_rc1
3.7_p1 > 1.3
4.5_p1-r1 > 4.5_p1
4.5_p1 > 0.9.8c-r1
0.9.8c-r1 < 0.9.8d
2.2.3-r2 < 013
013 < 014-r1
1.7 < 1.7b
1.7b < 1.8.4-r3
1.8.5 < 1.8.5_p2
2.9.11_pre20051101-r3 > 2.9.11_pre20051101
1.6.8_p12-r1 > 1.6.8_p9-r2
0.9.28.1 < 087-r1
087-r1 < 103
104-r11 > 104-r9
20040406-r1 > 2.12r-r4
2.12r-r4 < 2.12r-r5
7.0.17 < 7.0.174
1.3-r0 < 1.3.1-r0
1.3_pre1-r1 < 1.3.2
1.0_p10-r0 > 1.0_p9-r0
0.1.0_alpha_pre2 < 0.1.0_alpha
1.0.0_pre20191002222144-r0 < 1.0.0_pre20210530193627-r0
6.0_pre1 < 6.0
6.1_pre1 < 6.1
6.0_p1 > 6.0
6.1_p1 > 6.1
1.0~abc > 1.0
1.0~abc < 1.0.1
1.0~abc < 1.0~abd
1.0~abc-r1 > 1.0-r1
1.0_git20230101~0f1e > 1.0_git20230101
0.1_pre2~1234abcd-r0 > 0.1_pre2-r0
0.1_pre2~1234abcd-r0 > 0.1_pre1~ffff-r9
)";

TEST(ApkVersion, ApkToolsTestVectors) {
	std::istringstream in(kVectors);
	std::string a, op, b;
	size_t checked = 0;
	while (in >> a >> op >> b) {
		int expected = op == "<" ? -1 : (op == ">" ? 1 : 0);
		auto forward = apk().compare(a, b);
		auto backward = apk().compare(b, a);
		ASSERT_TRUE(forward.ok()) << a << " " << b << ": " << forward.error().message;
		EXPECT_EQ(forward.value(), expected) << a << " " << op << " " << b;
		EXPECT_EQ(backward.value(), -expected) << b << " vs " << a;
		++checked;
	}
	EXPECT_GT(checked, 100u);
}

TEST(ApkVersion, RefusesWhatApkRefuses) {
	// Each breaks one rule of the grammar in src/version.c.
	for (const char *bad : {"", "a1", "1.", "1..2", "1.a", "1ab", "1a2", "1a.2", "1_", "1_foo", "1_alpha.1",
	                        "1_p1a", "1-", "1-r", "1-1", "1-r1-r2", "1-r1a", "1~", "1~xyz", "1~ABC", "1~ab~cd",
	                        "1-r1~ab", "1~ab_p1", "1.0B", "1 ", " 1", "1\t", "1.0.r2", "6.6.2p1-r0", "1_alpha_", "1.-r1",
	                        "01.2_rc1x"}) {
		auto order = apk().compare(bad, "1");
		EXPECT_FALSE(order.ok()) << "'" << bad << "' should be refused";
		if (!order.ok()) {
			EXPECT_EQ(order.error().code, ErrorCode::invalid_argument);
		}
	}
}

// The versions apk-tools itself installed accept and order as apk info lists them.
TEST(ApkVersion, FixtureVersionsAreValid) {
	size_t checked = 0;
	for (const char *fixture : {"apk-written-by-apk2.14.10", "apk-written-by-apk3.0.6", "apk-3p-trivy-analyzer"}) {
		auto rows = testing::data_lines(std::string("pkgdb/") + fixture + ".expected.tsv");
		for (size_t i = 1; i < rows.size(); ++i) {
			std::string version = rows[i].substr(rows[i].find('\t') + 1);
			version = version.substr(0, version.find('\t'));
			EXPECT_TRUE(apk().compare(version, version).ok()) << fixture << ": " << version;
			++checked;
		}
	}
	EXPECT_GT(checked, 10u);
}

// The grammar as one regular expression, written independently of the token parser.
const std::regex kGrammar(
	"[0-9]+(\\.[0-9]+)*[a-z]?(_(alpha|beta|pre|rc|cvs|svn|git|hg|p)[0-9]*)*(~[0-9a-f]+)?(-r[0-9]+)?");

void expect_total_order(std::vector<std::string> versions, const std::string &what) {
	auto cmp = [](const std::string &a, const std::string &b) { return apk().compare(a, b).value(); };
	std::stable_sort(versions.begin(), versions.end(),
	                 [&](const std::string &a, const std::string &b) { return cmp(a, b) < 0; });
	size_t violations = 0;
	for (size_t i = 0; i < versions.size(); ++i) {
		EXPECT_EQ(cmp(versions[i], versions[i]), 0) << versions[i];
		for (size_t j = i + 1; j < versions.size(); j += 1 + j / 64) {
			int forward = cmp(versions[i], versions[j]);
			violations += forward > 0 || forward != -cmp(versions[j], versions[i]);
		}
	}
	EXPECT_EQ(violations, 0u) << what << ": sorting left pairs out of order (not a total order)";
}

TEST(ApkVersion, SecdbVersionsValidExactlyWhenTheyFitTheGrammar) {
	auto versions = testing::data_lines("version/apk-secdb-versions.txt");
	ASSERT_GT(versions.size(), 1000u);
	std::vector<std::string> valid;
	for (const auto &v : versions) {
		bool accepted = apk().compare(v, v).ok();
		EXPECT_EQ(accepted, std::regex_match(v, kGrammar)) << v;
		if (accepted) {
			valid.push_back(v);
		}
	}
	expect_total_order(valid, "alpine-secdb versions");
}

const testing::VersionGrammar kGenerated {
	{"0", "1", "2", "10", "01", "00", "1.0", "3", "1.2.3"},
	{".0", ".1", ".2", ".10", ".01", ".00", ".001", "a", "b", "z", "_alpha", "_beta", "_pre", "_rc", "_cvs", "_svn",
	 "_git", "_hg", "_p", "1", "0", "2", "10", "~abc", "~0f", "~1", "-r0", "-r1", "-r10", "-r01", ".18446744073709551617",
	 "_"},
	5,
};

TEST(ApkVersion, GeneratedVersionsFollowTheGrammarAndOrderTotally) {
	std::vector<std::string> valid;
	size_t refused = 0;
	for (uint32_t seed = 0; seed < 6000; ++seed) {
		std::string v = testing::generate_version(kGenerated, seed);
		bool accepted = apk().compare(v, v).ok();
		EXPECT_EQ(accepted, std::regex_match(v, kGrammar)) << v;
		if (accepted) {
			valid.push_back(v);
		} else {
			++refused;
		}
	}
	EXPECT_GT(valid.size(), 1500u);
	EXPECT_GT(refused, 500u);
	expect_total_order(valid, "generated apk versions");
}

} // namespace

} // namespace bulwark
