// parse_cvss: the vector rules of each CVSS specification (valid and invalid examples from
// the 4.0 specification's section 7 among them), and the real vectors of advisory databases
// (tests/data/vulndb/cvss, see README.md there) scored as the oracle scored them when they
// were recorded: ae-cvss-calculator 1.0.13. The live oracle comparison over every base vector
// and random full vectors is cvss_oracle_test.cpp.
#include <cmath>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "support/test_support.h"
#include "vulndb/cvss.h"
#include "vulndb/cvss_oracle_rows.h"

namespace bulwark::vulndb {

namespace {

double score_of(std::string_view vector) {
	auto parsed = parse_cvss(vector);
	EXPECT_TRUE(parsed.ok()) << vector << ": " << parsed.error().message;
	return parsed ? parsed->score : -1;
}

TEST(Cvss, AdvisoryVectorsScoreAsTheOracleRecorded) {
	const auto agreement =
	    testing::compare_with_oracle(testing::read_file(testing::data_path("vulndb/cvss/advisory-vectors.tsv")));
	EXPECT_EQ(agreement.disagreements.size(), 0u) << testing::first_disagreements(agreement);
	EXPECT_GT(agreement.rows, 1000u);
	EXPECT_GT(agreement.scored_by_version.at("2.0"), 5u);
	EXPECT_GT(agreement.scored_by_version.at("3.0"), 100u);
	EXPECT_GT(agreement.scored_by_version.at("3.1"), 300u);
	EXPECT_GT(agreement.scored_by_version.at("4.0"), 300u);
	// Debian's tracker lost the A metric of some 2.0 vectors; one 3.0 vector has 2.0's values.
	EXPECT_EQ(agreement.refused, 9u);
}

TEST(Cvss, ReportsVersion) {
	EXPECT_EQ(parse_cvss("AV:N/AC:L/Au:N/C:P/I:P/A:P")->version, "2.0");
	EXPECT_EQ(parse_cvss("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")->version, "3.0");
	EXPECT_EQ(parse_cvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")->version, "3.1");
	EXPECT_EQ(parse_cvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")->version, "4.0");
}

TEST(Cvss, AcceptsNvdParenthesesAndSurroundingWhitespace) {
	EXPECT_EQ(score_of("(AV:N/AC:L/Au:N/C:P/I:P/A:P)"), score_of("AV:N/AC:L/Au:N/C:P/I:P/A:P"));
	EXPECT_EQ(score_of(" CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n"),
	          score_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"));
}

TEST(Cvss, Version3AcceptsAnyOrderVersion4OnlyTheSpecifications) {
	EXPECT_EQ(score_of("CVSS:3.1/C:H/I:L/A:N/S:C/UI:R/PR:L/AC:H/AV:A"),
	          score_of("CVSS:3.1/AV:A/AC:H/PR:L/UI:R/S:C/C:H/I:L/A:N"));
	EXPECT_EQ(score_of("AC:M/AV:N/Au:N/A:P/I:P/C:P"), score_of("AV:N/AC:M/Au:N/C:P/I:P/A:P"));
	auto reordered = parse_cvss("CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
	ASSERT_FALSE(reordered.ok());
	EXPECT_NE(reordered.error().message.find("metric AV comes after AC"), std::string::npos)
	    << reordered.error().message;
}

// What the specifications say does not change the score.
TEST(Cvss, OptionalMetricsThatDoNotScore) {
	// 2.0 and 3.x: the base score ignores temporal and environmental metrics.
	EXPECT_EQ(score_of("AV:N/AC:L/Au:N/C:P/I:P/A:P/E:U/RL:OF/RC:UC/CDP:H/TD:L/CR:H/IR:L/AR:M"),
	          score_of("AV:N/AC:L/Au:N/C:P/I:P/A:P"));
	EXPECT_EQ(score_of("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N/E:H/RL:O/RC:C/MAV:N/MAC:L"),
	          score_of("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"));
	// 4.0: supplemental metrics, and threat/environmental metrics left at X.
	const double base = score_of("CVSS:4.0/AV:P/AC:H/AT:P/PR:L/UI:P/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L");
	EXPECT_EQ(score_of("CVSS:4.0/AV:P/AC:H/AT:P/PR:L/UI:P/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/S:P/AU:Y/R:A/V:D/RE:L/U:Red"),
	          base);
	EXPECT_EQ(score_of("CVSS:4.0/AV:P/AC:H/AT:P/PR:L/UI:P/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:X/CR:X/IR:X/AR:X/MAV:X/"
	                   "MAC:X/MAT:X/MPR:X/MUI:X/MVC:X/MVI:X/MVA:X/MSC:X/MSI:X/MSA:X/S:X/AU:X/R:X/V:X/RE:X/U:X"),
	          base);
	// ... but unlike 3.x, 4.0's threat metric does.
	EXPECT_LT(score_of("CVSS:4.0/AV:P/AC:H/AT:P/PR:L/UI:P/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:U"), base);
}

// The valid examples of the CVSS 4.0 specification, section 7 (one of which the PDF's text
// garbles; its metrics are restored here in the table's order).
TEST(Cvss, Version4SpecificationValidExamples) {
	for (const char *vector : {
	         "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N",
	         "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N/E:A",
	         "CVSS:4.0/AV:A/AC:H/AT:P/PR:L/UI:P/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:P",
	         "CVSS:4.0/AV:L/AC:H/AT:N/PR:N/UI:A/VC:N/VI:N/VA:L/SC:H/SI:H/SA:H/CR:H/IR:H/AR:M/MAV:N/MAC:L/MAT:P/MPR:L/"
	         "MUI:A/MVC:N/MVI:H/MVA:L/MSC:L/MSI:S/MSA:H",
	         "CVSS:4.0/AV:P/AC:H/AT:P/PR:L/UI:P/VC:H/VI:H/VA:H/SC:L/SI:L/SA:L/E:A/S:P/AU:Y/R:A/V:D/RE:L/U:Red",
	         "CVSS:4.0/AV:N/AC:H/AT:P/PR:L/UI:N/VC:N/VI:H/VA:L/SC:L/SI:H/SA:H/E:U/CR:L/IR:H/AR:L/MAV:A/MAC:H/MAT:N/"
	         "MPR:N/MUI:P/MVC:X/MVI:N/MVA:H/MSC:N/MSI:L/MSA:S/S:N/AU:N/R:I/V:C/RE:H/U:Green",
	     }) {
		auto parsed = parse_cvss(vector);
		EXPECT_TRUE(parsed.ok()) << vector << ": " << parsed.error().message;
	}
}

struct InvalidCase {
	const char *vector;
	const char *message; // a part of the error message
};

TEST(Cvss, RefusesInvalidVectorsSayingWhy) {
	const InvalidCase cases[] = {
		// The invalid examples of the CVSS 4.0 specification, section 7.
		{ "CVSS:4.0/AV:F/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N",
		  "\"F\" is not a value of CVSS 4.0 metric AV (N, A, L, P)" },
		{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N/E:A/E:X",
		  "metric E is given more than once" },
		{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/ui:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N", "unknown CVSS 4.0 metric \"ui\"" },
		{ "AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N", "unknown CVSS 2.0 metric \"AT\"" },
		{ "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/SC:N/SI:N/SA:N", "base metric(s) missing: VA" },
		{ "CVSS:4.0/AC:L/AV:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N/CR:L/IR:X/AR:L/RE:H/MAV:A/MAC:H/MAT:N/MUI:P/"
		  "AT:N/MVC:X/MVI:N/MVA:H/MSC:N/MSI:L/MSA:S/E:U/S:N/AU:N/R:I/V:C/U:Green",
		  "metric AV comes after AC: CVSS 4.0 requires the specification's order" },
		// Prefixes and structure.
		{ "", "empty" },
		{ " \t\n", "empty" },
		{ "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown version prefix" },
		{ "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", "a 2.0 vector has no prefix" },
		{ "CVSS:3.1", "no metrics after the version prefix" },
		{ "CVSS:3.1/", "no metrics after the version prefix" },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/", "empty metric" },
		{ "CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "empty metric" },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A", "\"A\" is not METRIC:VALUE" },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:Y", "unknown CVSS 3.1 metric \"XX\"" },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:L", "metric A is given more than once" },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "base metric(s) missing: A" },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:h/I:H/A:H", "\"h\" is not a value of CVSS 3.1 metric C" },
		{ "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/E:U", "metric E is given more than once" },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MS:S", "\"S\" is not a value of CVSS 3.1 metric MS" },
		{ "cvss:3.1/av:n/ac:l/pr:n/ui:n/s:u/c:h/i:h/a:h", "read as CVSS 2.0" },
		{ "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown CVSS 2.0 metric \"PR\"" },
		// Found in advisory data: nodejs-security-wg 504.json, Debian's tracker (via vunnel).
		{ "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:U/A:U", "\"U\" is not a value of CVSS 3.0 metric I" },
		{ "AV:N/AC:L/Au:N/C:N/I:N", "base metric(s) missing: A" },
		// 2.0.
		{ "(AV:N/AC:L/Au:N/C:P/I:P/A:P", "'(' without a closing ')'" },
		{ "()", "no metrics inside the parentheses" },
		{ "AV:N/AC:L/Au:N/C:P/I:P/A:P/E:X", "\"X\" is not a value of CVSS 2.0 metric E (U, POC, F, H, ND)" },
		{ "AV:N/AC:L/Au:N/C:P/I:P/A:P/CDP:LM/CDP:LM", "metric CDP is given more than once" },
		{ "(AV:N/AC:L/Au:N/C:P/I:P/A:P))", "\"P)\" is not a value of CVSS 2.0 metric A" },
	};
	for (const auto &c : cases) {
		auto parsed = parse_cvss(c.vector);
		ASSERT_FALSE(parsed.ok()) << c.vector;
		EXPECT_EQ(parsed.error().code, ErrorCode::invalid_argument) << c.vector;
		EXPECT_NE(parsed.error().message.find(c.message), std::string::npos)
		    << c.vector << "\n  message: " << parsed.error().message << "\n  expected: " << c.message;
	}
}

TEST(Cvss, MessagesStayShortAndPrintable) {
	std::string hostile = "CVSS:3.1/AV:\x01\x1b[31m\"/";
	hostile += std::string(10000, 'A');
	auto parsed = parse_cvss(hostile);
	ASSERT_FALSE(parsed.ok());
	const std::string &message = parsed.error().message;
	EXPECT_LT(message.size(), 400u);
	EXPECT_NE(message.find("\\x01\\x1b[31m\\x22"), std::string::npos) << message;
	for (char c : message) {
		EXPECT_TRUE(c >= 0x20 && c < 0x7f) << message;
	}
}

TEST(Cvss, SeverityFromScore) {
	struct Case {
		double score;
		const char *version;
		Severity severity;
	};
	const Case cases[] = {
		{ 0.0, "3.1", Severity::unknown },
		{ 0.1, "3.1", Severity::low },
		{ 3.9, "3.1", Severity::low },
		{ 4.0, "3.1", Severity::medium },
		{ 6.9, "3.1", Severity::medium },
		{ 7.0, "3.1", Severity::high },
		{ 8.9, "3.1", Severity::high },
		{ 9.0, "3.1", Severity::critical },
		{ 10.0, "3.1", Severity::critical },
		{ 0.0, "4.0", Severity::unknown },
		{ 9.3, "4.0", Severity::critical },
		{ 5.0, "3.0", Severity::medium },
		{ 0.0, "2.0", Severity::low },
		{ 3.9, "2.0", Severity::low },
		{ 4.0, "2.0", Severity::medium },
		{ 6.9, "2.0", Severity::medium },
		{ 7.0, "2.0", Severity::high },
		{ 10.0, "2.0", Severity::high },
		{ 5.0, "5.0", Severity::unknown },
		{ 5.0, "", Severity::unknown },
		{ -0.1, "3.1", Severity::unknown },
		{ 10.1, "3.1", Severity::unknown },
		{ std::numeric_limits<double>::quiet_NaN(), "3.1", Severity::unknown },
	};
	for (const auto &c : cases) {
		EXPECT_EQ(severity_from_score(c.score, c.version), c.severity) << c.score << " " << c.version;
	}
	auto none = parse_cvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N");
	ASSERT_TRUE(none.ok());
	EXPECT_EQ(none->score, 0.0);
	EXPECT_EQ(none->severity, Severity::unknown);
	auto critical = parse_cvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
	ASSERT_TRUE(critical.ok());
	EXPECT_EQ(critical->severity, severity_from_score(critical->score, "3.1"));
}

// Mangled real vectors (characters dropped, doubled, swapped, replaced) never crash the
// parser, and whatever still parses scores a multiple of 0.1 in [0, 10].
TEST(Cvss, MangledVectorsNeverCrash) {
	std::istringstream rows(testing::read_file(testing::data_path("vulndb/cvss/advisory-vectors.tsv")));
	std::vector<std::string> vectors;
	for (std::string line; std::getline(rows, line);) {
		vectors.push_back(line.substr(0, line.find('\t')));
	}
	ASSERT_FALSE(vectors.empty());
	std::mt19937 random(20240601);
	const std::string alphabet = "CVSS:/()0123456789.ANLPHUXMSRDEFTIOWYacdegr \t\x01\xff";
	size_t parsed_ok = 0;
	for (int i = 0; i < 20000; ++i) {
		std::string v = vectors[random() % vectors.size()];
		for (int edits = 1 + static_cast<int>(random() % 3); edits > 0 && !v.empty(); --edits) {
			const size_t at = random() % v.size();
			switch (random() % 4) {
			case 0:
				v.erase(at, 1);
				break;
			case 1:
				v.insert(at, 1, v[at]);
				break;
			case 2:
				std::swap(v[at], v[random() % v.size()]);
				break;
			default:
				v[at] = alphabet[random() % alphabet.size()];
			}
		}
		auto parsed = parse_cvss(v);
		if (parsed) {
			++parsed_ok;
			EXPECT_GE(parsed->score, 0.0) << v;
			EXPECT_LE(parsed->score, 10.0) << v;
			EXPECT_EQ(parsed->score, std::round(parsed->score * 10) / 10) << v;
		}
	}
	EXPECT_GT(parsed_ok, 0u);
}

} // namespace

} // namespace bulwark::vulndb
