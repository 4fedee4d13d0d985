#include "image/layer_walker.h"

#include <gtest/gtest.h>
#include <map>
#include <random>

#include "support/tar_builder.h"
#include "util/sha256.h"

namespace bulwark {
namespace {

using testing::make_tar;
using testing::string_source;
using testing::TarCompression;
using testing::TarMember;

const std::vector<TarMember> sample_members = {
    {"etc/", "", '5'},
    {"etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n"},
    {"./usr/lib/os-release", "ID=debian\n"},
    {"etc/hard", "", '1', "etc/os-release"},
    {"bin/sh", "", '2', "/usr/bin/dash"},
};

bool wants_os_release(std::string_view path) {
	return path == "etc/os-release" || path == "etc/hard";
}

Result<WalkedLayer> walk(const std::string &blob, LayerInfo info = {}, std::string expected = {},
                         LayerWalkOptions options = {}) {
	FileHandlers handlers;
	handlers.capture = wants_os_release;
	return walk_layer(string_source(blob), info, expected, handlers, options);
}

std::string random_bytes(size_t n) {
	std::mt19937 rng(42);
	std::string out(n, '\0');
	for (auto &c : out) {
		c = static_cast<char>(rng());
	}
	return out;
}

TEST(LayerWalker, SameDiffIdForPlainGzipAndZstd) {
	std::string tar = make_tar(sample_members);
	for (auto compression : {TarCompression::none, TarCompression::gzip, TarCompression::zstd}) {
		std::string blob = make_tar(sample_members, compression);
		auto walked = walk(blob);
		ASSERT_TRUE(walked.ok()) << walked.error().describe();
		EXPECT_EQ(walked->diff_id, Sha256::digest_of(tar));
		EXPECT_EQ(walked->digest, Sha256::digest_of(blob));
		EXPECT_EQ(walked->entry_count, sample_members.size());
	}
}

TEST(LayerWalker, CapturesWantedFilesAndSharesHardLinkContent) {
	auto walked = walk(make_tar(sample_members, TarCompression::gzip));
	ASSERT_TRUE(walked.ok());
	FileView view;
	apply_layer(view, 0, *walked);
	ASSERT_NE(view.read("etc/os-release"), nullptr);
	EXPECT_EQ(*view.read("etc/hard"), *view.read("etc/os-release"));
	EXPECT_EQ(view.read("usr/lib/os-release"), nullptr); // not wanted, not captured
	EXPECT_EQ(view.lstat("bin/sh")->link_target, "/usr/bin/dash");
}

TEST(LayerWalker, VerifiesDigests) {
	std::string blob = make_tar(sample_members, TarCompression::gzip);
	LayerInfo info;
	info.diff_id = Sha256::digest_of(make_tar(sample_members));
	EXPECT_TRUE(walk(blob, info, Sha256::digest_of(blob)).ok());
	auto wrong_blob = walk(blob, info, Sha256::digest_of("other"));
	ASSERT_FALSE(wrong_blob.ok());
	EXPECT_EQ(wrong_blob.error().code, ErrorCode::digest_mismatch);
	info.diff_id = Sha256::digest_of("other");
	auto wrong_diff = walk(blob, info);
	ASSERT_FALSE(wrong_diff.ok());
	EXPECT_EQ(wrong_diff.error().code, ErrorCode::digest_mismatch);
	EXPECT_NE(wrong_diff.error().message.find("diff_id"), std::string::npos);
}

TEST(LayerWalker, RefusesTruncatedGzip) {
	std::string blob = make_tar(sample_members, TarCompression::gzip);
	auto walked = walk(blob.substr(0, blob.size() / 2));
	ASSERT_FALSE(walked.ok());
	EXPECT_EQ(walked.error().code, ErrorCode::truncated) << walked.error().describe();
}

TEST(LayerWalker, RefusesTruncatedZstd) {
	std::string blob = make_tar(sample_members, TarCompression::zstd);
	auto walked = walk(blob.substr(0, blob.size() - 10));
	ASSERT_FALSE(walked.ok());
	EXPECT_EQ(walked.error().code, ErrorCode::truncated) << walked.error().describe();
}

TEST(LayerWalker, RefusesTruncatedTar) {
	std::vector<TarMember> members = {{"big", std::string(100000, 'x')}};
	std::string tar = make_tar(members);
	auto walked = walk(tar.substr(0, 50000));
	ASSERT_FALSE(walked.ok());
	EXPECT_EQ(walked.error().code, ErrorCode::truncated) << walked.error().describe();
}

TEST(LayerWalker, RefusesCorruptHeaderChecksum) {
	std::string tar = make_tar(sample_members);
	tar[512 + 10] ^= 0x55; // a name byte of the second header; its checksum no longer matches
	auto walked = walk(tar);
	ASSERT_FALSE(walked.ok());
	EXPECT_EQ(walked.error().code, ErrorCode::corrupt) << walked.error().describe();
}

TEST(LayerWalker, RefusesNonTarLayers) {
	auto plain = walk(random_bytes(10000));
	ASSERT_FALSE(plain.ok());
	EXPECT_EQ(plain.error().code, ErrorCode::not_a_tar) << plain.error().describe();
	auto gzipped = walk(testing::gzip_bytes(random_bytes(10000)));
	ASSERT_FALSE(gzipped.ok());
	EXPECT_EQ(gzipped.error().code, ErrorCode::not_a_tar) << gzipped.error().describe();
}

TEST(LayerWalker, RefusesCorruptGzipData) {
	std::string blob = make_tar(sample_members, TarCompression::gzip);
	blob[blob.size() - 6] ^= 0x01; // inside the CRC32 trailer
	auto walked = walk(blob);
	ASSERT_FALSE(walked.ok());
	EXPECT_EQ(walked.error().code, ErrorCode::corrupt) << walked.error().describe();
}

TEST(LayerWalker, RefusesDecompressionBombs) {
	std::string bomb = make_tar({{"zeros", std::string(16 << 20, '\0')}}, TarCompression::gzip);
	ASSERT_LT(bomb.size(), 1U << 20);
	LayerWalkOptions ratio;
	ratio.expansion.ratio_floor_bytes = 1 << 20;
	ratio.expansion.max_ratio = 100;
	auto by_ratio = walk(bomb, {}, {}, ratio);
	ASSERT_FALSE(by_ratio.ok());
	EXPECT_EQ(by_ratio.error().code, ErrorCode::limit_exceeded);
	EXPECT_NE(by_ratio.error().message.find("ratio"), std::string::npos);

	LayerWalkOptions size;
	size.expansion.max_expanded_bytes = 4 << 20;
	auto by_size = walk(bomb, {}, {}, size);
	ASSERT_FALSE(by_size.ok());
	EXPECT_EQ(by_size.error().code, ErrorCode::limit_exceeded);

	EXPECT_TRUE(walk(bomb).ok()); // the defaults let a 16 MiB layer through
}

TEST(LayerWalker, MultiMemberGzipIsOneStream) {
	std::string tar = make_tar(sample_members);
	std::string blob = testing::gzip_bytes(tar.substr(0, 700)) + testing::gzip_bytes(tar.substr(700));
	auto walked = walk(blob);
	ASSERT_TRUE(walked.ok()) << walked.error().describe();
	EXPECT_EQ(walked->diff_id, Sha256::digest_of(tar));
}

TEST(LayerWalker, ContainsEscapingNamesAndWhiteouts) {
	std::vector<TarMember> members = {
	    {"../../../../tmp/evil", "x"},
	    {"/abs/file", "y"},
	    {"etc/.wh.passwd", ""},
	    {"opt/.wh..wh..opq", ""},
	    {"a/../../.wh.etc", ""},
	    {".wh...", ""},
	    {"lib/hl", "", '1', "../../etc/passwd"},
	};
	auto walked = walk(make_tar(members));
	ASSERT_TRUE(walked.ok()) << walked.error().describe();
	std::vector<std::string> added;
	int whiteouts = 0;
	int opaques = 0;
	for (const auto &op : walked->ops) {
		if (op.kind == LayerOp::Kind::add) {
			added.push_back(op.entry.path);
		} else if (op.kind == LayerOp::Kind::whiteout) {
			++whiteouts;
			EXPECT_EQ(op.entry.path, "etc/passwd");
		} else {
			++opaques;
			EXPECT_EQ(op.entry.path, "opt");
		}
	}
	EXPECT_EQ(added, (std::vector<std::string> {"tmp/evil", "abs/file", "lib/hl"}));
	EXPECT_EQ(whiteouts, 1);
	EXPECT_EQ(opaques, 1);
	size_t contained = 0;
	for (const auto &w : walked->warnings) {
		contained += w.kind == WarningKind::path_contained;
	}
	EXPECT_EQ(contained, 4U); // ../ name, climbing whiteout, ".wh..." and the hard link
}

TEST(LayerWalker, EntryLimitKeepsHashingButStopsRecording) {
	std::vector<TarMember> members;
	for (int i = 0; i < 500; ++i) {
		members.push_back({"f" + std::to_string(i), "x"});
	}
	LayerWalkOptions options;
	options.max_entries = 100;
	std::string tar = make_tar(members);
	auto walked = walk(tar, {}, {}, options);
	ASSERT_TRUE(walked.ok());
	EXPECT_EQ(walked->ops.size(), 100U);
	EXPECT_EQ(walked->entry_count, 500U);
	EXPECT_EQ(walked->diff_id, Sha256::digest_of(tar));
	ASSERT_FALSE(walked->warnings.empty());
	EXPECT_EQ(walked->warnings.back().kind, WarningKind::limit_reached);
}

} // namespace
} // namespace bulwark

namespace bulwark {
namespace {

TEST(LayerWalker, InspectsLargeFilesWithoutKeepingThem) {
	std::vector<TarMember> members = {{"usr/local/bin/tool", "\x7f" "ELF-and-some-bytes", '0', "", 0755},
	                                  {"etc/readme", "text"}};
	FileHandlers handlers;
	handlers.capture = [](std::string_view) { return false; };
	handlers.wants_inspection = [](std::string_view, uint64_t, uint32_t mode) { return (mode & 0111) != 0; };
	handlers.inspect = [](std::string_view path, uint64_t size, uint32_t, std::string_view content,
	                      std::vector<Package> &packages, std::vector<Warning> &) {
		if (content.substr(0, 4) == "\x7f" "ELF") {
			Package pkg;
			pkg.type = "golang";
			pkg.name = std::string(path);
			pkg.version = std::to_string(size);
			packages.push_back(pkg);
		}
	};
	LayerInfo info;
	info.index = 3;
	auto walked = walk_layer(string_source(make_tar(members, TarCompression::zstd)), info, {}, handlers, {});
	ASSERT_TRUE(walked.ok()) << walked.error().describe();
	ASSERT_EQ(walked->inspected.size(), 1U);
	EXPECT_EQ(walked->inspected[0].db_path, "usr/local/bin/tool");
	EXPECT_EQ(walked->inspected[0].version, "19");
	EXPECT_EQ(walked->inspected[0].layer, 3U);
	FileView view;
	apply_layer(view, 3, *walked);
	EXPECT_EQ(view.lstat("usr/local/bin/tool")->content, nullptr); // inspected, not kept
}

// Records what a content sink sees.
class RecordingSink : public ContentSink {
public:
	explicit RecordingSink(std::map<std::string, std::string> &seen) : seen_(seen) {
	}
	bool begin(std::string_view path, uint64_t size) override {
		current_ = std::string(path);
		announced_ = size;
		return path.rfind("skip/", 0) != 0;
	}
	void feed(std::string_view bytes) override {
		seen_[current_] += bytes;
	}
	void end(std::vector<SecretFinding> &found, std::vector<Warning> &) override {
		SecretFinding f;
		f.path = current_;
		f.line = announced_;
		found.push_back(f);
	}

private:
	std::map<std::string, std::string> &seen_;
	std::string current_;
	uint64_t announced_ = 0;
};

TEST(LayerWalker, StreamsEveryRegularFileToTheContentSink) {
	const std::string big = random_bytes(3 << 20);
	const std::vector<TarMember> members = {
	    {"etc/os-release", "ID=debian\n"},        // captured, then also fed
	    {"data/big.bin", big},                     // larger than the capture limit below: streamed
	    {"data/plain.txt", "hello\n"},             // nobody else wants it: streamed
	    {"etc/hard", "", '1', "etc/os-release"},   // hard links share bytes already fed
	    {"skip/x", "not wanted by the sink"},
	    {"bin/sh", "", '2', "/usr/bin/dash"},
	};
	std::map<std::string, std::string> seen;
	FileHandlers handlers;
	handlers.capture = [](std::string_view path) { return path == "etc/os-release" || path == "data/big.bin"; };
	handlers.content_sink = [&seen] { return std::make_unique<RecordingSink>(seen); };
	LayerWalkOptions options;
	options.max_capture_bytes = 1 << 20;
	LayerInfo info;
	info.index = 3;
	auto walked = walk_layer(string_source(make_tar(members, TarCompression::gzip)), info, "", handlers, options);
	ASSERT_TRUE(walked.ok()) << walked.error().describe();
	EXPECT_EQ(seen["etc/os-release"], "ID=debian\n");
	EXPECT_EQ(seen["data/big.bin"], big);
	EXPECT_EQ(seen["data/plain.txt"], "hello\n");
	EXPECT_EQ(seen.count("etc/hard"), 0U);
	EXPECT_EQ(seen.count("skip/x"), 0U);
	// end is called for every regular file, wanted or not; findings get the layer.
	ASSERT_EQ(walked->secrets.size(), 4U);
	for (const auto &f : walked->secrets) {
		EXPECT_EQ(f.layer, 3U);
	}
	EXPECT_EQ(walked->secrets[1].path, "data/big.bin");
	EXPECT_EQ(walked->secrets[1].line, big.size()); // the size announced to begin
}

} // namespace
} // namespace bulwark
