// The PyPI comparator against python3-packaging itself (Version ordering and
// SpecifierSet.contains(v, prereleases=True)): curated PEP 440 corners plus generated cases.
#include <gtest/gtest.h>

#include "support/oracle_command.h"
#include "support/test_support.h"
#include "support/version_oracle.h"
#include "version/version.h"

namespace bulwark {
namespace {

using testing::Picker;
using testing::Question;

const version::Comparator &pypi() {
	return *version::comparator_for("pypi");
}

// A python3 that can import packaging (Debian's, when another python3 comes first on PATH).
std::string packaging_python() {
	for (const char *python : {"python3", "/usr/bin/python3"}) {
		if (testing::tool_available(python) &&
		    testing::command_output(std::string(python) + " -c 'import packaging; print(1)' 2>/dev/null") == "1\n") {
			return python;
		}
	}
	return "";
}

std::string pick(Picker &p, std::vector<std::string> items) {
	return p.pick(items);
}

std::string separator(Picker &p) {
	return p.chance(60) ? "" : pick(p, {".", "-", "_"});
}

std::string generate_version(Picker &p) {
	const std::vector<std::string> numbers = {"0", "1", "2", "10", "00", "01", "0", "1", "2"};
	std::string v;
	if (p.chance(5)) {
		v += pick(p, {"v", "V", " ", "\x1c"});
	}
	if (p.chance(8)) {
		v += pick(p, {"0!", "1!", "01!"});
	}
	v += p.pick(numbers);
	for (size_t n = p.below(4); n > 0; --n) {
		v += "." + p.pick(numbers);
	}
	if (p.chance(35)) {
		v += separator(p) + pick(p, {"a", "b", "c", "rc", "alpha", "beta", "pre", "preview", "A", "RC", "Alpha"}) +
		     separator(p) + (p.chance(80) ? p.pick(numbers) : "");
	}
	if (p.chance(25)) {
		v += p.chance(30) ? "-" + p.pick(numbers)
		                  : separator(p) + pick(p, {"post", "rev", "r", "POST"}) + separator(p) +
		                        (p.chance(80) ? p.pick(numbers) : "");
	}
	if (p.chance(25)) {
		v += separator(p) + pick(p, {"dev", "DEV"}) + separator(p) + (p.chance(80) ? p.pick(numbers) : "");
	}
	if (p.chance(15)) {
		v += "+" + pick(p, {"local", "1", "abc.1", "ubuntu-1", "A.b_2", "01", "1.a", "x.2.y"});
	}
	if (p.chance(4)) {
		v += pick(p, {" ", "\t", "+", ".", "-", "foo", "..1", "*", "a1b"});
	}
	return v;
}

std::string generate_specifier_set(Picker &p) {
	const std::vector<std::string> ops = {"==", "!=", "<", "<=", ">", ">=", "~=", "===", "==", ">=", "<"};
	std::string set;
	for (size_t n = 1 + (p.chance(40) ? 1 + p.below(2) : 0); n > 0; --n) {
		std::string op = p.pick(ops);
		std::string version = generate_version(p);
		if ((op == "==" || op == "!=") && p.chance(30)) {
			const std::vector<std::string> numbers = {"0", "1", "2", "10", "1", "0"};
			version = p.pick(numbers);
			for (size_t k = p.below(3); k > 0; --k) {
				version += "." + p.pick(numbers);
			}
			version += ".*";
		}
		set += (set.empty() ? "" : pick(p, {",", ", ", " ,"})) + op + (p.chance(15) ? " " : "") + version;
	}
	if (p.chance(3)) {
		set = pick(p, {"", ",", "foo", ">=1.0;", "~=1", "== 1.*.*", ">=1.0.*", "<=1.0+local"});
	}
	return set;
}

std::vector<Question> pypi_questions() {
	std::vector<Question> questions;
	const std::pair<const char *, const char *> curated_compare[] = {
	    {"1.0", "1.0.0"},     {"1.0a1", "1.0"},         {"1.0.dev1", "1.0a1"},      {"1.0a1.dev1", "1.0a1"},
	    {"1.0.post1", "1.0"}, {"1.0.post1.dev1", "1.0.post1"}, {"1.0-1", "1.0.post1"}, {"1.0rev1", "1.0.post1"},
	    {"1.0c1", "1.0rc1"},  {"1.0preview1", "1.0rc1"}, {"1!1.0", "2.0"},          {"1.0+abc", "1.0"},
	    {"1.0+abc", "1.0+1"}, {"1.0+1.2", "1.0+1"},      {"1.0+01", "1.0+1"},       {"v1.0", "1.0"},
	    {" 1.0\t", "1.0"},    {"1.0a", "1.0a0"},         {"1.0-", "1.0"},           {"1.0_post_1", "1.0.post1"},
	    {"1.0alpha-1", "1.0a1"}, {"1.0.DEV", "1.0.dev0"}, {"1.0a-", "1.0a0"}};
	for (const auto &[a, b] : curated_compare) {
		questions.push_back({"compare", a, b});
	}
	const std::pair<const char *, const char *> curated_satisfies[] = {
	    {"1.5a1", ">=1.0,<2.0"},   {"2.0a1", "<2.0"},         {"1.0.post1", ">1.0"},      {"1.0+local", ">1.0"},
	    {"1.0+local", "==1.0"},    {"1.0", "==1.0+local"},    {"1.2.3", "==1.2.*"},       {"1.2", "==1.2.0.*"},
	    {"1.3", "~=1.2"},          {"2.0", "~=1.2"},          {"1.2.5", "~=1.2.3"},       {"1.3.0", "~=1.2.3"},
	    {"1.0", "===1.0"},         {"1.0.0", "===1.0"},       {"1.0", "!=1.0.*"},         {"1.0", ""},
	    {"1.0", ">=1.0,"},         {"1.0rc1", "~=1.0rc1"},    {"1.0", "~=1.0.DEV1"},      {"1!1.5", "~=1!1.4"},
	    {"1.0a1", ">=1.0a1,<1.0"}, {"1.0.post1", ">=1.0.post1"}, {"1.0", ">=1.0.*"},       {"1.0", "== 1.0"}};
	for (const auto &[v, s] : curated_satisfies) {
		questions.push_back({"satisfies", v, s});
	}
	Picker p(440);
	for (int i = 0; i < 6000; ++i) {
		std::string a = generate_version(p);
		std::string b = p.chance(10) ? a + ".0" : generate_version(p);
		questions.push_back({"compare", a, b});
	}
	for (int i = 0; i < 10000; ++i) {
		questions.push_back({"satisfies", generate_version(p), generate_specifier_set(p)});
	}
	return questions;
}

TEST(PypiVersion, AgreesWithPackaging) {
	std::string python = packaging_python();
	if (python.empty()) {
		GTEST_SKIP() << "python3 with packaging (Debian python3-packaging) is not installed";
	}
	auto questions = pypi_questions();
	auto answers = testing::run_with_input(
	    python + " " + testing::shell_quote(testing::data_path("version/pypi_oracle.py").string()),
	    testing::oracle_input(questions));
	testing::expect_varied_answers(questions, answers);
	EXPECT_EQ(testing::count_disagreements(pypi(), questions, answers), 0u);
}

TEST(PypiVersion, CommandLineAnswersLikeTheComparator) {
	EXPECT_EQ(testing::count_cli_disagreements(pypi(), pypi_questions()), 0u);
}

} // namespace
} // namespace bulwark
