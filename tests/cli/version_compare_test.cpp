// `bulwark version-compare -e <ecosystem>` answers every line as the comparator does
// (-1/0/1, or "error: " and the comparator's message), for every registered ecosystem, and
// exits 3 when some line was refused, 0 when none was.
#include <sys/wait.h>

#include <cstdlib>
#include <sstream>

#include <gtest/gtest.h>

#include "support/oracle_command.h"
#include "support/test_support.h"
#include "support/version_pairs.h"
#include "version/version.h"

namespace bulwark {

namespace {

// Pieces of every scheme, so that each ecosystem sees versions it accepts and refuses.
const testing::VersionGrammar kMixed {
	{"", "1", "1.0", "0", "2:", "v1", "1.2.3"},
	{".0", ".1", ".10", "-1", "-r1", "~rc1", "^1", "_p1", "_alpha", "a", "-beta", "+build", "-SNAPSHOT", ".", "-",
	 ":", "~", "1", "0", " ", "rc1", ".dev0", ".post1", "ü"},
	5,
};

struct CommandRun {
	std::vector<std::string> lines;
	int exit_code = -1;
};

CommandRun run_cli(const std::string &ecosystem, const std::string &input) {
	testing::TempDir dir;
	testing::write_file(dir.path() / "in", input);
	std::string out = (dir.path() / "out").string();
	std::string command = std::string(BULWARK_BINARY) + " version-compare -e " + ecosystem + " < " +
	                      testing::shell_quote((dir.path() / "in").string()) + " > " + testing::shell_quote(out);
	int status = std::system(command.c_str());
	CommandRun run;
	run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	std::istringstream lines(testing::read_file(out));
	for (std::string line; std::getline(lines, line);) {
		run.lines.push_back(line);
	}
	return run;
}

TEST(VersionCompareCommand, AnswersLikeTheComparator) {
	ASSERT_FALSE(version::ecosystems().empty());
	for (const std::string &ecosystem : version::ecosystems()) {
		const version::Comparator &comparator = *version::comparator_for(ecosystem);
		std::string input;
		std::vector<std::string> expected;
		bool any_refused = false;
		for (const auto &p : testing::generate_pairs(kMixed, 500, 5150)) {
			input += p.a + "\t" + p.b + "\n";
			auto order = comparator.compare(p.a, p.b);
			any_refused = any_refused || !order.ok();
			expected.push_back(order.ok() ? std::to_string(order.value()) : "error: " + order.error().message);
		}
		CommandRun run = run_cli(ecosystem, input);
		EXPECT_EQ(run.lines, expected) << ecosystem;
		EXPECT_EQ(run.exit_code, any_refused ? 3 : 0) << ecosystem;
	}
}

TEST(VersionCompareCommand, AllValidExitsZeroAndUnknownEcosystemIsRefused) {
	CommandRun ok = run_cli("deb", "1.0\t1.0-1\r\n2:1\t1:2\n");
	EXPECT_EQ(ok.lines, (std::vector<std::string> {"-1", "1"}));
	EXPECT_EQ(ok.exit_code, 0);
	CommandRun unknown = run_cli("no-such-ecosystem", "1\t2\n");
	EXPECT_TRUE(unknown.lines.empty());
	EXPECT_NE(unknown.exit_code, 0);
}

} // namespace

} // namespace bulwark
