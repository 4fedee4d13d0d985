#include "image/image_source.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "scan/scanner.h"
#include "support/oci_layout.h"
#include "support/tar_builder.h"
#include "support/test_support.h"
#include "util/sha256.h"

namespace bulwark {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::make_tar;
using testing::TarCompression;
using testing::TempDir;
using testing::write_file;

using LayoutBuilder = testing::OciLayoutBuilder;

std::string os_release_layer(const std::string &id) {
	return make_tar({{"usr/lib/os-release", "ID=" + id + "\nVERSION_ID=\"1\"\n"}, {"etc/os-release", "", '2', "../usr/lib/os-release"}});
}

TEST(ImageSource, OpensOciLayoutAndVerifiesEveryLayer) {
	TempDir dir;
	LayoutBuilder layout(dir.path());
	layout.write_index(json::array({layout.add_image({os_release_layer("debian")})}));
	auto image = open_image(dir.path().string(), {});
	ASSERT_TRUE(image.ok()) << image.error().describe();
	EXPECT_EQ(image->target.format, "oci-layout");
	ASSERT_EQ(image->layers.size(), 1U);
	EXPECT_EQ(image->layers[0].info.created_by, "ADD rootfs");
	auto report = scan_image(dir.path().string(), {});
	ASSERT_TRUE(report.ok()) << report.error().describe();
	EXPECT_EQ(report->os.family, "debian");
}

TEST(ImageSource, MissingPlatformListsThePlatformsPresent) {
	TempDir dir;
	LayoutBuilder layout(dir.path());
	json arm = layout.add_image({os_release_layer("alpine")}, "arm64");
	json ppc = layout.add_image({os_release_layer("fedora")}, "ppc64le");
	json index = {{"schemaVersion", 2}, {"mediaType", "application/vnd.oci.image.index.v1+json"}, {"manifests", {arm, ppc}}};
	std::string index_bytes = index.dump();
	layout.write_index(json::array({{{"mediaType", "application/vnd.oci.image.index.v1+json"},
	                                 {"digest", layout.put_blob(index_bytes)},
	                                 {"size", index_bytes.size()}}}));
	auto image = open_image(dir.path().string(), {});
	ASSERT_FALSE(image.ok());
	EXPECT_EQ(image.error().code, ErrorCode::no_matching_platform);
	EXPECT_NE(image.error().message.find("linux/arm64"), std::string::npos);
	EXPECT_NE(image.error().message.find("linux/ppc64le"), std::string::npos);

	ImageOptions options;
	options.platform = Platform::parse("linux/ppc64le").value();
	auto chosen = scan_image(dir.path().string(), ScanOptions {options, {}, {}, 0, nullptr});
	ASSERT_TRUE(chosen.ok()) << chosen.error().describe();
	EXPECT_EQ(chosen->os.family, "fedora");
}

TEST(ImageSource, SeveralTagsNeedAChoice) {
	TempDir dir;
	LayoutBuilder layout(dir.path());
	json one = layout.add_image({os_release_layer("ubuntu")});
	json two = layout.add_image({os_release_layer("alpine")});
	one["annotations"] = {{"org.opencontainers.image.ref.name", "one"}};
	two["annotations"] = {{"org.opencontainers.image.ref.name", "two"}};
	layout.write_index(json::array({one, two}));
	auto ambiguous = open_image(dir.path().string(), {});
	ASSERT_FALSE(ambiguous.ok());
	EXPECT_EQ(ambiguous.error().code, ErrorCode::invalid_argument);
	auto by_suffix = scan_image(dir.path().string() + ":two", {});
	ASSERT_TRUE(by_suffix.ok()) << by_suffix.error().describe();
	EXPECT_EQ(by_suffix->os.family, "alpine");
}

TEST(ImageSource, RefusesTamperedConfigAndMissingBlobs) {
	TempDir dir;
	LayoutBuilder layout(dir.path());
	json desc = layout.add_image({os_release_layer("x")});
	layout.write_index(json::array({desc}));
	// Tamper with the manifest blob: its bytes no longer hash to its name.
	fs::path manifest = dir.path() / "blobs" / "sha256" / desc["digest"].get<std::string>().substr(7);
	std::string bytes = testing::read_file(manifest);
	write_file(manifest, bytes + " ");
	auto tampered = open_image(dir.path().string(), {});
	ASSERT_FALSE(tampered.ok());
	EXPECT_EQ(tampered.error().code, ErrorCode::digest_mismatch);
	fs::remove(manifest);
	auto missing = open_image(dir.path().string(), {});
	ASSERT_FALSE(missing.ok());
	EXPECT_EQ(missing.error().code, ErrorCode::missing_blob);
	EXPECT_NE(missing.error().message.find(desc["digest"].get<std::string>()), std::string::npos);
}

TEST(ImageSource, RefusesDeeplyNestedAndOversizedJson) {
	TempDir dir;
	write_file(dir.path() / "index.json", std::string(100000, '[') + std::string(100000, ']'));
	auto deep = open_image(dir.path().string(), {});
	ASSERT_FALSE(deep.ok());
	EXPECT_EQ(deep.error().code, ErrorCode::limit_exceeded) << deep.error().describe();
	write_file(dir.path() / "index.json", "{\"manifests\":[" + std::string(9 << 20, ' ') + "]}");
	auto big = open_image(dir.path().string(), {});
	ASSERT_FALSE(big.ok());
	EXPECT_EQ(big.error().code, ErrorCode::limit_exceeded);
	write_file(dir.path() / "index.json", "{\"manifests\": [");
	auto broken = open_image(dir.path().string(), {});
	ASSERT_FALSE(broken.ok());
	EXPECT_EQ(broken.error().code, ErrorCode::malformed_json);
}

// docker save's legacy layout: manifest.json, <hex>.json config, <id>/layer.tar symlinks.
TEST(ImageSource, ReadsLegacyDockerArchiveWithSymlinkedLayers) {
	std::string layer = os_release_layer("debian");
	json config = {{"architecture", "amd64"},
	               {"os", "linux"},
	               {"rootfs", {{"type", "layers"}, {"diff_ids", {Sha256::digest_of(layer)}}}}};
	std::string config_bytes = config.dump();
	std::string config_name = Sha256::digest_of(config_bytes).substr(7) + ".json";
	std::string diff_hex = Sha256::digest_of(layer).substr(7);
	json manifest = json::array({{{"Config", config_name},
	                              {"RepoTags", {"example.com/app:1.0"}},
	                              {"Layers", {"abc123/layer.tar"}}}});
	std::string archive = make_tar({{"abc123/", "", '5'},
	                                {diff_hex + ".tar", layer},
	                                {"abc123/layer.tar", "", '2', "../" + diff_hex + ".tar"},
	                                {config_name, config_bytes},
	                                {"manifest.json", manifest.dump()}});
	TempDir dir;
	write_file(dir.path() / "image.tar", archive);
	auto report = scan_image((dir.path() / "image.tar").string(), {});
	ASSERT_TRUE(report.ok()) << report.error().describe();
	EXPECT_EQ(report->target.format, "docker-archive");
	EXPECT_EQ(report->target.repo_tags, std::vector<std::string> {"example.com/app:1.0"});
	EXPECT_EQ(report->os.family, "debian");
	ASSERT_EQ(report->layers.size(), 1U);
	EXPECT_EQ(report->layers[0].digest, Sha256::digest_of(layer));

	// The same archive cut short is refused, naming the archive.
	write_file(dir.path() / "cut.tar", archive.substr(0, archive.size() / 2));
	auto cut = scan_image((dir.path() / "cut.tar").string(), {});
	ASSERT_FALSE(cut.ok());
	EXPECT_NE(cut.error().message.find("cut.tar"), std::string::npos) << cut.error().describe();
}

} // namespace
} // namespace bulwark
