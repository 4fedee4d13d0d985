// Fuzzes the image metadata parsers: the first byte picks which document the input
// becomes (OCI index.json, an image manifest, an image config, or docker's
// manifest.json); the harness fills in valid neighbours and correct digests so the
// fuzzed document is actually reached.
#include <cstddef>
#include <cstdint>
#include <string>

#include "image/image_source.h"
#include "util/sha256.h"

namespace {

std::string blob_name(const std::string &digest) {
	return "blobs/sha256/" + digest.substr(7);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	if (size < 1) {
		return 0;
	}
	const int which = data[0] % 4;
	std::string doc(reinterpret_cast<const char *>(data + 1), size - 1);
	std::map<std::string, std::string> blobs;

	const std::string layer(1024, '\0'); // an empty tar
	const std::string layer_digest = bulwark::Sha256::digest_of(layer);
	blobs[blob_name(layer_digest)] = layer;
	std::string config = which == 2 ? doc
	                                : R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[")" +
	                                      layer_digest + R"("]},"history":[{"created_by":"x"}]})";
	const std::string config_digest = bulwark::Sha256::digest_of(config);
	blobs[blob_name(config_digest)] = config;
	std::string manifest = which == 1 ? doc
	                                  : R"({"schemaVersion":2,"config":{"digest":")" + config_digest +
	                                        R"(","size":1},"layers":[{"digest":")" + layer_digest +
	                                        R"(","size":1024,"mediaType":"application/vnd.oci.image.layer.v1.tar"}]})";
	const std::string manifest_digest = bulwark::Sha256::digest_of(manifest);
	blobs[blob_name(manifest_digest)] = manifest;
	if (which == 3) {
		blobs["manifest.json"] = doc;
		blobs["config.json"] = config;
		blobs["layer.tar"] = layer;
	} else {
		blobs["index.json"] = which == 0 ? doc
		                                 : R"({"schemaVersion":2,"manifests":[{"digest":")" + manifest_digest +
		                                       R"(","size":1,"platform":{"os":"linux","architecture":"amd64"}}]})";
	}
	bulwark::ImageOptions options;
	options.json.max_bytes = 1 << 20;
	auto image = bulwark::open_image_store(bulwark::make_memory_store(std::move(blobs)), options, "oci-layout");
	(void)image.ok();
	return 0;
}
