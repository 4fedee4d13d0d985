#include "fs/file_view.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace bulwark {
namespace {

using testing::add_dir;
using testing::add_file;
using testing::add_symlink;

TEST(NormalizeImagePath, StripsDotsSlashesAndContainsDotDot) {
	bool escaped = false;
	EXPECT_EQ(normalize_image_path("./etc//passwd", &escaped), "etc/passwd");
	EXPECT_FALSE(escaped);
	EXPECT_EQ(normalize_image_path("/usr/./lib/../bin/", &escaped), "usr/bin");
	EXPECT_FALSE(escaped);
	EXPECT_EQ(normalize_image_path("../../etc/shadow", &escaped), "etc/shadow");
	EXPECT_TRUE(escaped);
	EXPECT_EQ(normalize_image_path("/", nullptr), "");
}

TEST(FileView, WhiteoutHidesLowerLayerFileButKeepsHistory) {
	FileView view;
	view.begin_layer(0);
	add_dir(view, "root/.ssh");
	add_file(view, "root/.ssh/id_ed25519", "KEY");
	view.begin_layer(1);
	view.whiteout("root/.ssh/id_ed25519");
	EXPECT_EQ(view.lstat("root/.ssh/id_ed25519"), nullptr);
	auto versions = view.history("root/.ssh/id_ed25519");
	ASSERT_EQ(versions.size(), 1U);
	EXPECT_EQ(versions[0]->layer, 0U);
	ASSERT_TRUE(versions[0]->removed_in.has_value());
	EXPECT_EQ(*versions[0]->removed_in, 1U);
}

TEST(FileView, OpaqueDirectoryHidesOnlyLowerChildren) {
	FileView view;
	view.begin_layer(0);
	add_dir(view, "app");
	add_file(view, "app/old", "1");
	view.begin_layer(1);
	add_file(view, "app/new", "2");
	view.opaque("app");
	EXPECT_EQ(view.lstat("app/old"), nullptr);
	ASSERT_NE(view.read("app/new"), nullptr);
	EXPECT_NE(view.lstat("app"), nullptr);
}

TEST(FileView, ReplacedFileKeepsOlderVersionInHistory) {
	FileView view;
	view.begin_layer(0);
	add_file(view, "var/lib/dpkg/status", "v0");
	view.begin_layer(2);
	add_file(view, "var/lib/dpkg/status", "v2");
	ASSERT_NE(view.read("var/lib/dpkg/status"), nullptr);
	EXPECT_EQ(*view.read("var/lib/dpkg/status"), "v2");
	auto versions = view.history("var/lib/dpkg/status");
	ASSERT_EQ(versions.size(), 2U);
	EXPECT_EQ(*versions[0]->content, "v0");
	EXPECT_EQ(*versions[0]->removed_in, 2U);
	EXPECT_EQ(*versions[1]->content, "v2");
}

TEST(FileView, AbsoluteSymlinkResolvesInsideImage) {
	FileView view;
	view.begin_layer(0);
	add_file(view, "usr/lib/os-release", "ID=debian\n");
	add_symlink(view, "etc/os-release", "../usr/lib/os-release");
	add_symlink(view, "lib", "/usr/lib");
	add_symlink(view, "escape", "../../../../../usr/lib/os-release");
	ASSERT_NE(view.read("etc/os-release"), nullptr);
	EXPECT_EQ(*view.read("lib/os-release"), "ID=debian\n");
	EXPECT_EQ(*view.read("escape"), "ID=debian\n");
	EXPECT_EQ(view.resolve("lib/os-release").value(), "usr/lib/os-release");
}

TEST(FileView, SymlinkLoopIsDetected) {
	FileView view;
	view.begin_layer(0);
	add_symlink(view, "a", "b");
	add_symlink(view, "b", "a");
	EXPECT_FALSE(view.resolve("a").has_value());
	EXPECT_EQ(view.read("a"), nullptr);
}

TEST(FileView, FileReplacingDirectoryHidesChildren) {
	FileView view;
	view.begin_layer(0);
	add_dir(view, "opt/x");
	add_file(view, "opt/x/f", "1");
	view.begin_layer(1);
	add_file(view, "opt/x", "now a file");
	EXPECT_EQ(view.lstat("opt/x/f"), nullptr);
	EXPECT_EQ(*view.read("opt/x"), "now a file");
}

TEST(FileView, DuplicateEntryInOneLayerLaterWins) {
	FileView view;
	view.begin_layer(0);
	add_file(view, "etc/x", "first");
	FileEntry again;
	again.path = "etc/x";
	again.content = std::make_shared<const std::string>("second");
	EXPECT_FALSE(view.add(std::move(again)));
	EXPECT_EQ(*view.read("etc/x"), "second");
	EXPECT_EQ(view.history("etc/x").size(), 1U);
}

} // namespace
} // namespace bulwark
