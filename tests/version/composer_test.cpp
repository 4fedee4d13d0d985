// The Composer comparator against Composer's own Semver classes run by PHP
// (VersionParser::normalize, Comparator::compare): generated versions in the spellings
// Packagist sees, stability suffixes, branches.
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

const version::Comparator &composer() {
	return *version::comparator_for("composer");
}

std::string generate_version(Picker &p) {
	const std::vector<std::string> numbers = {"0", "1", "2", "10", "1", "0", "00", "01", "99999"};
	if (p.chance(6)) {
		return p.pick(std::vector<std::string> {"dev-master", "dev-main", "master", "trunk", "default", "dev-feature/x",
		                                        "1.x-dev", "1.0.x-dev", "2.*-dev", "1.0-dev", "v1.X-dev", "DEV-master"});
	}
	std::string v = p.chance(15) ? p.pick(std::vector<std::string> {"v", "V"}) : "";
	v += p.pick(numbers);
	for (size_t n = p.below(4); n > 0; --n) {
		v += "." + p.pick(numbers);
	}
	if (p.chance(45)) {
		v += (p.chance(70) ? p.pick(std::vector<std::string> {"-", ".", "_"}) : "") +
		     p.pick(std::vector<std::string> {"alpha", "a", "beta", "b", "RC", "rc", "patch", "pl", "p", "stable", "ALPHA",
		                                      "Beta"}) +
		     (p.chance(60) ? p.pick(std::vector<std::string> {"1", "2", ".1", "-2", "10", ".1.2", "0"}) : "");
	}
	if (p.chance(15)) {
		v += p.pick(std::vector<std::string> {"-dev", ".dev", "dev", "-DEV"});
	}
	if (p.chance(8)) {
		v += p.pick(std::vector<std::string> {"+build", "+1.2", " ", "+"});
	}
	if (p.chance(3)) {
		v += p.pick(std::vector<std::string> {"foo", "-", "..", "1.2.3.4.5", "@dev"});
	}
	return v;
}

std::vector<Question> composer_questions() {
	std::vector<Question> questions;
	Picker p(8);
	for (int i = 0; i < 6000; ++i) {
		std::string a = generate_version(p);
		questions.push_back({"compare", a, p.chance(10) ? a + ".0" : generate_version(p)});
	}
	return questions;
}

TEST(ComposerVersion, AgreesWithComposerSemver) {
	if (!testing::tool_available("php") || !std::filesystem::exists("/usr/share/php/Composer/Semver/autoload.php")) {
		GTEST_SKIP() << "php or Composer's Semver classes (Debian php-composer-semver) are not installed";
	}
	auto questions = composer_questions();
	auto answers = testing::run_with_input(
	    "php " + testing::shell_quote(testing::data_path("version/composer_oracle.php").string()),
	    testing::oracle_input(questions));
	testing::expect_varied_answers(questions, answers);
	EXPECT_EQ(testing::count_disagreements(composer(), questions, answers), 0u);
}

TEST(ComposerVersion, CommandLineAnswersLikeTheComparator) {
	EXPECT_EQ(testing::count_cli_disagreements(composer(), composer_questions()), 0u);
}

} // namespace
} // namespace bulwark
