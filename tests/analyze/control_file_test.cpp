// The control-stanza reader on the syntax cases of deb822(5) and dpkg's status file, and
// on the stanzas of a real status file.
#include <gtest/gtest.h>

#include "analyze/control_file.h"
#include "support/test_support.h"

namespace bulwark {
namespace {

struct Parsed {
	std::vector<ControlStanza> stanzas;
	std::vector<Warning> warnings;
};

Parsed parse(std::string_view text) {
	Parsed parsed;
	RecordWarnings warnings(parsed.warnings, "status");
	parsed.stanzas = parse_control_stanzas(text, warnings);
	return parsed;
}

TEST(ControlFile, FieldsContinuationsAndSeparators) {
	auto parsed = parse("\n\nPackage: a\r\nDescription: short\r\n long line\r\n .\r\n\tlast\r\n"
	                    "  \t\n\n\n"
	                    "# a comment\n"
	                    "package:b\nVersion:   1.0  \n");
	ASSERT_TRUE(parsed.warnings.empty());
	ASSERT_EQ(parsed.stanzas.size(), 2u);
	const auto &first = parsed.stanzas[0];
	EXPECT_EQ(first.line, 3u);
	ASSERT_NE(first.find("PACKAGE"), nullptr);
	EXPECT_EQ(*first.find("PACKAGE"), "a");
	EXPECT_EQ(*first.find("description"), "short\nlong line\n.\nlast");
	EXPECT_EQ(first.find("Version"), nullptr);
	const auto &second = parsed.stanzas[1];
	EXPECT_EQ(second.line, 12u);
	EXPECT_EQ(*second.find("Package"), "b");
	EXPECT_EQ(*second.find("Version"), "1.0");
}

TEST(ControlFile, BrokenStanzasAreSkippedAndParsingGoesOn) {
	auto parsed = parse(" continuation first\nPackage: a\n\n"
	                    "Package: b\nPackage: b2\n\n"
	                    "Package: c\nno colon\nVersion: 1\n\n"
	                    ": no name\n\n"
	                    "Package: d\n");
	ASSERT_EQ(parsed.stanzas.size(), 1u);
	EXPECT_EQ(*parsed.stanzas[0].find("Package"), "d");
	ASSERT_EQ(parsed.warnings.size(), 4u);
	EXPECT_EQ(parsed.warnings[0].message, "status line 1: continuation line before any field; stanza skipped");
	EXPECT_EQ(parsed.warnings[1].message, "status line 5: duplicate field 'Package'; stanza skipped");
	EXPECT_EQ(parsed.warnings[2].message, "status line 8: field line without ':'; stanza skipped");
	EXPECT_EQ(parsed.warnings[3].message, "status line 11: invalid field name; stanza skipped");
	for (const auto &warning : parsed.warnings) {
		EXPECT_EQ(warning.kind, WarningKind::bad_record);
	}
}

TEST(ControlFile, ContinuationPastTheValueLimitBreaksTheStanza) {
	std::string text = "Package: a\nDescription: x\n";
	std::string line = " " + std::string(64 * 1024, 'y') + "\n";
	for (size_t i = 0; i < 20; ++i) {
		text += line;
	}
	auto parsed = parse(text);
	EXPECT_TRUE(parsed.stanzas.empty());
	ASSERT_EQ(parsed.warnings.size(), 1u);
	EXPECT_NE(parsed.warnings[0].message.find("longer than 1048576 bytes"), std::string::npos);
}

TEST(ControlFile, WarningsStopAtTheLimit) {
	std::vector<Warning> out;
	RecordWarnings warnings(out, "f", 3);
	for (size_t i = 1; i <= 10; ++i) {
		warnings.bad_record(i, "bad");
	}
	EXPECT_EQ(warnings.count(), 10u);
	ASSERT_EQ(out.size(), 4u);
	EXPECT_EQ(out[2].message, "f line 3: bad");
	EXPECT_EQ(out[3].kind, WarningKind::limit_reached);
}

TEST(ControlFile, RealStatusFileStanzas) {
	auto status =
	    testing::read_file(testing::data_path("pkgdb/dpkg-debootstrap-bookworm-minbase/var/lib/dpkg/status"));
	auto parsed = parse(status);
	EXPECT_TRUE(parsed.warnings.empty());
	ASSERT_EQ(parsed.stanzas.size(), 95u);
	EXPECT_EQ(*parsed.stanzas[0].find("Package"), "adduser");
	EXPECT_EQ(*parsed.stanzas[0].find("Status"), "install ok installed");
	for (const auto &stanza : parsed.stanzas) {
		EXPECT_NE(stanza.find("Version"), nullptr);
	}
}

} // namespace
} // namespace bulwark
