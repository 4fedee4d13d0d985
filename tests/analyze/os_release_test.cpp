// OS identity from real os-release and release files (tests/data/os, see NOTE.md) and the
// quoting rules of os-release(5).
#include <gtest/gtest.h>

#include <memory>
#include <utility>
#include <vector>

#include "analyze/analyzer.h"
#include "support/test_support.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_os_release_analyzer();

namespace {

// (image path, file under tests/data/os)
using Files = std::vector<std::pair<std::string, std::string>>;

AnalysisResult analyze(const FileView &view) {
	AnalysisResult result;
	make_os_release_analyzer()->analyze(view, result);
	return result;
}

OsInfo os_of(const Files &files) {
	FileView view;
	view.begin_layer(0);
	for (const auto &[path, data] : files) {
		testing::add_file(view, path, testing::read_file(testing::data_path("os/" + data)));
	}
	auto result = analyze(view);
	EXPECT_TRUE(result.warnings.empty());
	EXPECT_TRUE(result.os.has_value());
	return result.os.value_or(OsInfo {});
}

OsInfo os_of_text(const std::string &os_release, std::vector<Warning> *warnings = nullptr) {
	FileView view;
	view.begin_layer(0);
	testing::add_file(view, "etc/os-release", os_release);
	auto result = analyze(view);
	if (warnings) {
		*warnings = result.warnings;
	}
	return result.os.value_or(OsInfo {});
}

TEST(OsRelease, DebianThroughTheUsrLibSymlink) {
	FileView view;
	view.begin_layer(0);
	testing::add_file(view, "usr/lib/os-release", testing::read_file(testing::data_path("os/debian-12.os-release")));
	testing::add_symlink(view, "etc/os-release", "../usr/lib/os-release");
	testing::add_file(view, "bin/sh", "");
	auto result = analyze(view);
	ASSERT_TRUE(result.os);
	EXPECT_EQ(result.os->family, "debian");
	EXPECT_EQ(result.os->name, "Debian GNU/Linux");
	EXPECT_EQ(result.os->version_id, "12");
	EXPECT_EQ(result.os->codename, "bookworm");
	EXPECT_EQ(result.os->pretty_name, "Debian GNU/Linux 12 (bookworm)");
	EXPECT_EQ(result.os->source_file, "etc/os-release");
	EXPECT_FALSE(result.os->distroless);
}

TEST(OsRelease, RealReleases) {
	auto alpine = os_of({{"etc/os-release", "alpine-3.19.os-release"}});
	EXPECT_EQ(alpine.family, "alpine");
	EXPECT_EQ(alpine.version_id, "3.19.1");
	EXPECT_EQ(alpine.pretty_name, "Alpine Linux v3.19");
	EXPECT_EQ(alpine.codename, "");

	auto ubuntu = os_of({{"usr/lib/os-release", "ubuntu-22.04.os-release"}});
	EXPECT_EQ(ubuntu.family, "ubuntu");
	EXPECT_EQ(ubuntu.version_id, "22.04");
	EXPECT_EQ(ubuntu.codename, "jammy");
	EXPECT_EQ(ubuntu.source_file, "usr/lib/os-release");

	auto rhel = os_of({{"etc/os-release", "rhel-9.3.os-release"}, {"etc/redhat-release", "rhel-9.3.redhat-release"}});
	EXPECT_EQ(rhel.family, "redhat");
	EXPECT_EQ(rhel.name, "Red Hat Enterprise Linux");
	EXPECT_EQ(rhel.version_id, "9.3");
	EXPECT_EQ(rhel.source_file, "etc/os-release");
}

TEST(OsRelease, FallbackReleaseFiles) {
	auto alpine = os_of({{"etc/alpine-release", "alpine-3.19.alpine-release"}});
	EXPECT_EQ(alpine.family, "alpine");
	EXPECT_EQ(alpine.version_id, "3.19.1");
	EXPECT_EQ(alpine.source_file, "etc/alpine-release");

	auto rhel = os_of({{"etc/redhat-release", "rhel-9.3.redhat-release"}});
	EXPECT_EQ(rhel.family, "redhat");
	EXPECT_EQ(rhel.name, "Red Hat Enterprise Linux");
	EXPECT_EQ(rhel.version_id, "9.3");
	EXPECT_EQ(rhel.codename, "Plow");

	auto centos = os_of({{"etc/centos-release", "centos-7.9.centos-release"}});
	EXPECT_EQ(centos.family, "centos");
	EXPECT_EQ(centos.version_id, "7.9.2009");
	EXPECT_EQ(centos.codename, "Core");

	auto debian = os_of({{"etc/debian_version", "debian-12.debian_version"}});
	EXPECT_EQ(debian.family, "debian");
	EXPECT_EQ(debian.version_id, "12");
	EXPECT_EQ(debian.codename, "bookworm");
	EXPECT_EQ(debian.source_file, "etc/debian_version");

	auto sid = os_of({{"etc/debian_version", "debian-sid.debian_version"}});
	EXPECT_EQ(sid.family, "debian");
	EXPECT_EQ(sid.version_id, "");
	EXPECT_EQ(sid.codename, "trixie");
}

// Debian testing: os-release without VERSION_ID; debian_version adds what it knows.
TEST(OsRelease, DebianTestingTakesCodenameFromOsRelease) {
	FileView view;
	view.begin_layer(0);
	testing::add_file(view, "etc/os-release",
	                  "PRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\nNAME=\"Debian GNU/Linux\"\n"
	                  "VERSION_CODENAME=trixie\nID=debian\n");
	testing::add_file(view, "etc/debian_version", "trixie/sid\n");
	auto result = analyze(view);
	ASSERT_TRUE(result.os);
	EXPECT_EQ(result.os->family, "debian");
	EXPECT_EQ(result.os->version_id, "");
	EXPECT_EQ(result.os->codename, "trixie");
}

TEST(OsRelease, QuotingRules) {
	auto os = os_of_text("# comment\n"
	                     "NAME='Single \"quoted\" \\n'\n"
	                     "PRETTY_NAME=\"Double \\\"q\\\" \\$HOME \\\\ \\x `tick`\"\n"
	                     "VERSION_ID=1\\ 2\\\"\n"
	                     "VERSION_CODENAME=con\"cat\"'enated'   \n"
	                     "ID=\"Fedora\"\n");
	EXPECT_EQ(os.name, "Single \"quoted\" \\n");
	EXPECT_EQ(os.pretty_name, "Double \"q\" $HOME \\ \\x `tick`");
	EXPECT_EQ(os.version_id, "1 2\"");
	EXPECT_EQ(os.codename, "concatenated");
	EXPECT_EQ(os.family, "fedora"); // IDs compare lower-case
}

TEST(OsRelease, BadLinesAreSkippedWithWarnings) {
	std::vector<Warning> warnings;
	auto os = os_of_text("ID=alpine\nnot a variable\nNAME=\"unterminated\n9KEY=x\nVERSION_ID=3.20.0\r\n", &warnings);
	EXPECT_EQ(os.family, "alpine");
	EXPECT_EQ(os.version_id, "3.20.0");
	EXPECT_EQ(os.name, "");
	ASSERT_EQ(warnings.size(), 3u);
	EXPECT_EQ(warnings[0].kind, WarningKind::bad_record);
	EXPECT_NE(warnings[0].message.find("etc/os-release line 2"), std::string::npos);
}

TEST(OsRelease, FamiliesById) {
	const std::pair<const char *, const char *> cases[] = {
	    {"rhel", "redhat"},      {"rocky", "rocky"},   {"almalinux", "almalinux"}, {"amzn", "amzn"},
	    {"ol", "ol"},            {"sles", "sles"},     {"opensuse-leap", "opensuse"}, {"photon", "photon"},
	    {"wolfi", "wolfi"},      {"chainguard", "chainguard"}, {"mariner", "mariner"}, {"azurelinux", "azurelinux"},
	    {"linuxmint", ""},
	};
	for (const auto &[id, family] : cases) {
		EXPECT_EQ(os_of_text(std::string("ID=") + id + "\nVERSION_ID=1\n").family, family) << id;
	}
}

TEST(OsRelease, DistrolessHasStatusDAndNoShell) {
	auto view = testing::view_from_directory(testing::data_path("pkgdb/dpkg-syft-image-distroless-deb"));
	view.begin_layer(1);
	testing::add_file(view, "etc/os-release", testing::read_file(testing::data_path("os/debian-12.os-release")));
	auto result = analyze(view);
	ASSERT_TRUE(result.os);
	EXPECT_TRUE(result.os->distroless);
	EXPECT_EQ(result.os->family, "debian");

	testing::add_file(view, "usr/bin/dash", "");
	testing::add_symlink(view, "bin", "usr/bin");
	testing::add_symlink(view, "usr/bin/sh", "dash");
	EXPECT_FALSE(analyze(view).os->distroless);
}

TEST(OsRelease, NoIdentityNoResult) {
	FileView view;
	view.begin_layer(0);
	testing::add_file(view, "etc/hostname", "box\n");
	EXPECT_FALSE(analyze(view).os);
}

} // namespace
} // namespace bulwark
