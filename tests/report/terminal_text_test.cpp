#include <gtest/gtest.h>

#include "report/terminal_text.h"

namespace bulwark {
namespace {

TEST(TerminalText, FitCutsHeadOrTailToTheWidthInCodePoints) {
	const Cell path = terminal_safe("caf\xC3\xA9/\xE2\x82\xAC.txt"); // "café/€.txt": 10 code points
	ASSERT_EQ(path.columns, 10u);
	EXPECT_EQ(fit(path, 10).text, path.text);
	EXPECT_EQ(fit(path, 5).text, "caf\xC3\xA9\xE2\x80\xA6");
	EXPECT_EQ(fit(path, 5).columns, 5u);
	EXPECT_EQ(fit_tail(path, 6).text, "\xE2\x80\xA6\xE2\x82\xAC.txt");
	EXPECT_EQ(fit_tail(path, 6).columns, 6u);
	EXPECT_EQ(fit(path, 1).text, "\xE2\x80\xA6");
	EXPECT_EQ(fit_tail(path, 1).text, "\xE2\x80\xA6");
	EXPECT_EQ(fit(path, 0).columns, 0u);
	EXPECT_EQ(fit_tail(path, 0).columns, 0u);
}

TEST(TerminalText, UnsafeBytesBecomeOneColumnEach) {
	const Cell cell = terminal_safe("a\x1b[31m\xFF\xC2\x9B");
	EXPECT_EQ(cell.text, "a?[31m\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	EXPECT_EQ(cell.columns, 9u);
}

TEST(TerminalText, WrapIndentsAndCutsOverlongWords) {
	const auto lines = wrap(terminal_safe("one two " + std::string(12, 'x')), 10, "> ", "  ");
	EXPECT_EQ(lines, (std::vector<std::string> {"> one two", "  xxxxxxxx", "  xxxx"}));
}

} // namespace
} // namespace bulwark
