#include "support/version_oracle.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>

#include "support/oracle_command.h"
#include "support/test_support.h"

namespace bulwark::testing {

std::filesystem::path oracle_dir() {
	return std::filesystem::path(BULWARK_BINARY).parent_path().parent_path() / "version-oracles";
}

std::string node_semver_oracle() {
	// Pinned so that a new node-semver release cannot move the bar under us.
	static const std::string kPackage = "semver@7.8.6";
	auto dir = oracle_dir();
	auto module = dir / "node_modules" / "semver";
	if (!tool_available("node")) {
		return "";
	}
	if (!std::filesystem::exists(module / "package.json")) {
		if (!tool_available("npm")) {
			return "";
		}
		std::filesystem::create_directories(dir);
		std::string install = "timeout 120 npm install --prefix " + shell_quote(dir.string()) + " " + kPackage +
		                      " --no-audit --no-fund --no-save --ignore-scripts --loglevel=error >/dev/null 2>&1";
		if (std::system(install.c_str()) != 0 || !std::filesystem::exists(module / "package.json")) {
			return "";
		}
	}
	return "node " + shell_quote(data_path("version/npm_oracle.js").string()) + " " + shell_quote(module.string());
}

std::vector<std::string> run_with_input(const std::string &command, const std::string &input) {
	TempDir dir;
	auto in = dir.path() / "input";
	write_file(in, input);
	std::vector<std::string> lines;
	std::istringstream out(command_output(command + " < " + shell_quote(in.string())));
	std::string line;
	while (std::getline(out, line)) {
		lines.push_back(line);
	}
	return lines;
}

std::string oracle_input(const std::vector<Question> &questions) {
	std::string input;
	for (const auto &q : questions) {
		input += q.kind + "\t" + q.a + "\t" + q.b + "\n";
	}
	return input;
}

std::string our_answer(const version::Comparator &comparator, const Question &question) {
	if (question.kind == "compare") {
		auto order = comparator.compare(question.a, question.b);
		return order.ok() ? std::to_string(*order) : "invalid";
	}
	auto matched = comparator.satisfies(question.a, question.b);
	return matched.ok() ? (*matched ? "true" : "false") : "invalid";
}

void expect_varied_answers(const std::vector<Question> &questions, const std::vector<std::string> &answers) {
	std::map<std::string, std::map<std::string, size_t>> tally; // kind -> answer -> count
	std::map<std::string, size_t> totals;
	for (size_t i = 0; i < questions.size() && i < answers.size(); ++i) {
		++tally[questions[i].kind][answers[i]];
		++totals[questions[i].kind];
	}
	for (const auto &[kind, counts] : tally) {
		std::string summary;
		for (const auto &[answer, n] : counts) {
			summary += " " + answer + "=" + std::to_string(n);
		}
		std::printf("%s:%s\n", kind.c_str(), summary.c_str());
		size_t total = totals[kind];
		auto count = [&](const char *answer) { return counts.contains(answer) ? counts.at(answer) : 0; };
		EXPECT_LT(count("invalid") * 2, total) << kind << ": mostly invalid inputs";
		if (kind == "satisfies") {
			EXPECT_GT(count("true") * 8, total) << "too few matches";
			EXPECT_GT(count("false") * 8, total) << "too few mismatches";
		} else {
			EXPECT_GT(count("-1") * 8, total);
			EXPECT_GT(count("1") * 8, total);
			EXPECT_GT(count("0") * 50, total);
		}
	}
}

size_t count_disagreements(const version::Comparator &comparator, const std::vector<Question> &questions,
                           const std::vector<std::string> &theirs) {
	EXPECT_EQ(theirs.size(), questions.size()) << "the oracle did not answer every question";
	size_t disagreements = 0;
	for (size_t i = 0; i < questions.size() && i < theirs.size(); ++i) {
		std::string ours = our_answer(comparator, questions[i]);
		if (ours != theirs[i]) {
			if (++disagreements <= 25) {
				ADD_FAILURE() << comparator.ecosystem() << " " << questions[i].kind << " '" << questions[i].a
				              << "' '" << questions[i].b << "': ours " << ours << ", oracle " << theirs[i];
			}
		}
	}
	return disagreements;
}

size_t count_cli_disagreements(const version::Comparator &comparator, const std::vector<Question> &questions) {
	std::string input;
	std::vector<std::string> expected;
	for (const auto &q : questions) {
		if (q.kind != "compare" || q.a.find_first_of("\t\r\n") != std::string::npos ||
		    q.b.find_first_of("\t\r\n") != std::string::npos) {
			continue;
		}
		input += q.a + "\t" + q.b + "\n";
		expected.push_back(our_answer(comparator, q));
	}
	auto lines = run_with_input(std::string(BULWARK_BINARY) + " version-compare -e " +
	                                std::string(comparator.ecosystem()),
	                            input);
	EXPECT_EQ(lines.size(), expected.size());
	size_t disagreements = 0;
	for (size_t i = 0; i < lines.size() && i < expected.size(); ++i) {
		std::string cli = lines[i].starts_with("error: ") ? "invalid" : lines[i];
		if (cli != expected[i] && ++disagreements <= 10) {
			ADD_FAILURE() << "version-compare line " << i + 1 << ": " << lines[i] << ", in process " << expected[i];
		}
	}
	return disagreements;
}

} // namespace bulwark::testing
