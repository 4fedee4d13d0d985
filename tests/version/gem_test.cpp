// The gem comparator against RubyGems itself: ruby runs Gem::Version#<=> and
// Gem::Requirement#satisfied_by? on every pair (ArgumentError, which includes
// BadRequirementError, is "error"). Constraints are split at commas as the comparator
// does, each part one Gem::Requirement argument. Skipped without ruby.
#include <random>

#include <gtest/gtest.h>

#include "support/oracle_command.h"
#include "support/test_support.h"
#include "support/version_pairs.h"
#include "version/version.h"

namespace bulwark {

namespace {

const version::Comparator &gem() {
	return *version::comparator_for("gem");
}

constexpr const char *kHarness = R"(
fields = File.binread(ARGV[1]).split("\0", -1)
fields.pop
fields.each_slice(2) do |a, b|
  begin
    if ARGV[0] == "compare"
      puts(Gem::Version.new(a) <=> Gem::Version.new(b))
    else
      parts = b.split(",", -1)
      raise ArgumentError, "empty constraint" if parts.empty?
      puts Gem::Requirement.new(*parts).satisfied_by?(Gem::Version.new(a))
    end
  rescue ArgumentError
    puts "error"
  end
end
)";

// mode "compare": pairs of versions; "satisfies": (version, constraint) pairs.
std::vector<std::string> ruby_answers(const std::string &mode, const std::vector<testing::VersionPair> &pairs) {
	testing::TempDir dir;
	testing::write_file(dir.path() / "oracle.rb", kHarness);
	testing::write_pairs(dir.path() / "pairs", pairs);
	return testing::output_lines("ruby " + testing::shell_quote((dir.path() / "oracle.rb").string()) + " " + mode +
	                             " " + testing::shell_quote((dir.path() / "pairs").string()));
}

void expect_ruby_agrees(const std::string &mode, const std::vector<testing::VersionPair> &pairs,
                        const std::string &what) {
	if (!testing::tool_available("ruby")) {
		GTEST_SKIP() << "ruby not on PATH";
	}
	testing::expect_agreement(
		pairs, ruby_answers(mode, pairs),
		[&](const auto &p) {
			return mode == "compare" ? testing::answer(gem().compare(p.a, p.b))
			                         : testing::answer(gem().satisfies(p.a, p.b));
		},
		what);
}

const testing::VersionGrammar kGrammar {
	{"0", "1", "2", "10", "01", "00", "1.0", "1.2.3", "0", "1", "2", "3", " 1", "", "a"},
	{".0", ".0", ".0", ".1", ".1", ".2", ".10", ".01", ".00", ".a", ".b", ".B", ".pre", ".rc1", ".alpha", ".3",
	 ".4", "-1", "-beta", "-rc.1", "0", "1", "9", ".", "-pre", ".99999999999999999999999", ".Z", "-a-b", ".0a",
	 ".1b2", " ", "_"},
	5,
};

TEST(GemVersionOracle, GeneratedPairs) {
	expect_ruby_agrees("compare", testing::generate_pairs(kGrammar, 20000, 331), "generated gem pairs");
}

TEST(GemVersionOracle, CuratedEdgeCases) {
	std::vector<testing::VersionPair> pairs = {
		{"1.0", "1"},          {"1.0.0.0", "1"},     {"1.0.a", "1.a"},     {"1.0.a.0", "1.a"},
		{"1.a.0.1", "1.a.1"},  {"1-beta", "1.pre.beta"}, {"1.0-beta", "1.0"}, {"1.0.beta", "1.0.b"},
		{"1.0.Beta", "1.0.beta"}, {"1.0.rc1", "1.0.rc.1"}, {"", "0"},       {"  ", "0"},
		{" 1.0 ", "1.0"},      {"\n1.0\t", "1"},     {"1a", "1"},          {"a", "1"},
		{"1.", "1"},           {"1..0", "1"},        {"1-", "1"},          {"1.0-.a", "1"},
		{"1.0-a.", "1"},       {"1.0--a", "1.0.pre.pre.a"}, {"1.01", "1.1"}, {"1.10", "1.9"},
		{"2.0.0.pre", "2.0.0"}, {"2.0.0.pre", "2.0.0.a"}, {"2.0.0.z", "2.0.0.1"}, {"1.0.0.1", "1.0.0.a"},
	};
	expect_ruby_agrees("compare", pairs, "curated gem pairs");
}

TEST(GemVersionOracle, GeneratedRequirements) {
	const std::vector<std::string> ops = {"",    "= ",  "!= ", "> ",  "< ", ">= ", "<= ", "~> ", "~> ", "~> ",
	                                      "~>",  ">=",  " ~> ", "=> ", "~ ", "==",  " = ", "<",   ">= ", "~> "};
	std::mt19937 rng(77);
	auto op = [&] { return ops[std::uniform_int_distribution<size_t>(0, ops.size() - 1)(rng)]; };
	std::vector<testing::VersionPair> pairs;
	for (auto &p : testing::generate_pairs(kGrammar, 8000, 1212)) {
		std::string constraint = op() + p.b;
		switch (std::uniform_int_distribution<int>(0, 5)(rng)) {
		case 0:
			constraint += ", " + op() + testing::generate_version(kGrammar, static_cast<uint32_t>(rng()));
			break;
		case 1:
			constraint = op() + p.a + "," + constraint;
			break;
		case 2:
			constraint += ",";
			break;
		default:
			break;
		}
		pairs.push_back({p.a, constraint});
	}
	pairs.push_back({"1.0", ""});
	pairs.push_back({"1.0", " "});
	pairs.push_back({"1.0", ">= 1,,< 2"});
	expect_ruby_agrees("satisfies", pairs, "generated gem requirements");
}

// Every patched/unaffected requirement of ruby-advisory-db (tests/data/version/README.md),
// each tried with versions drawn from all of them and their neighbours.
TEST(GemVersionOracle, RubysecRequirements) {
	auto requirements = testing::data_lines("version/gem-rubysec-requirements.txt");
	ASSERT_GT(requirements.size(), 1000u);
	std::vector<std::string> versions;
	for (const auto &r : requirements) {
		size_t start = r.find_first_of("0123456789");
		size_t end = r.find_first_of(", ", start);
		std::string v = r.substr(start, end - start);
		for (const char *tail : {"", ".0", ".1", ".pre", "-beta", ".a1"}) {
			versions.push_back(v + tail);
		}
	}
	std::mt19937 rng(2718);
	std::vector<testing::VersionPair> pairs;
	for (const auto &r : requirements) {
		for (int i = 0; i < 10; ++i) {
			pairs.push_back({versions[std::uniform_int_distribution<size_t>(0, versions.size() - 1)(rng)], r});
		}
	}
	expect_ruby_agrees("satisfies", pairs, "rubysec requirements");
}

TEST(GemVersion, PessimisticOperator) {
	// Written out from RubyGems' documentation of ~>, as a readable summary; the oracle
	// tests above are what decide.
	EXPECT_TRUE(gem().satisfies("1.2.9", "~> 1.2.3").value());
	EXPECT_FALSE(gem().satisfies("1.3", "~> 1.2.3").value());
	EXPECT_TRUE(gem().satisfies("1.9", "~> 1.2").value());
	EXPECT_FALSE(gem().satisfies("2.0.a", "~> 1.2").value());
	EXPECT_FALSE(gem().satisfies("1.0", "").ok());
}

} // namespace

} // namespace bulwark
