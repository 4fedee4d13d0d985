#include "support/oci_layout.h"

#include "support/tar_builder.h"
#include "support/test_support.h"
#include "util/sha256.h"

namespace bulwark::testing {

using nlohmann::json;

OciLayoutBuilder::OciLayoutBuilder(std::filesystem::path root) : root_(std::move(root)) {
	write_file(root_ / "oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
}

std::string OciLayoutBuilder::put_blob(const std::string &bytes) {
	std::string digest = Sha256::digest_of(bytes);
	write_file(root_ / "blobs" / "sha256" / digest.substr(7), bytes);
	return digest;
}

json OciLayoutBuilder::add_image(const std::vector<std::string> &layer_tars, const std::string &arch,
                                 const json &config_extra) {
	json layers = json::array();
	json diff_ids = json::array();
	for (const auto &tar : layer_tars) {
		std::string gz = gzip_bytes(tar);
		layers.push_back(
		    {{"mediaType", "application/vnd.oci.image.layer.v1.tar+gzip"}, {"digest", put_blob(gz)}, {"size", gz.size()}});
		diff_ids.push_back(Sha256::digest_of(tar));
	}
	json config = {{"architecture", arch},
	               {"os", "linux"},
	               {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}},
	               {"history", json::array({{{"created_by", "ADD rootfs"}}})}};
	config.update(config_extra);
	std::string config_bytes = config.dump();
	json manifest = {{"schemaVersion", 2},
	                 {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
	                 {"config",
	                  {{"mediaType", "application/vnd.oci.image.config.v1+json"},
	                   {"digest", put_blob(config_bytes)},
	                   {"size", config_bytes.size()}}},
	                 {"layers", layers}};
	std::string manifest_bytes = manifest.dump();
	return {{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
	        {"digest", put_blob(manifest_bytes)},
	        {"size", manifest_bytes.size()},
	        {"platform", {{"os", "linux"}, {"architecture", arch}}}};
}

void OciLayoutBuilder::write_index(const json &manifests) {
	write_file(root_ / "index.json", json {{"schemaVersion", 2}, {"manifests", manifests}}.dump());
}

} // namespace bulwark::testing
