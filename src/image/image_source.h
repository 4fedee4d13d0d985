// Opens an image from a local source and resolves it to one manifest: the layers to
// stream (with their expected digests), the config and the history. Supported:
// OCI image layout (directory or tar) and docker-archive (`docker save`, both the legacy
// layout and the OCI-in-tar layout newer Docker writes). Every small blob (index,
// manifest, config) is digest-checked here; layers are checked while they stream.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "image/blob_store.h"
#include "model/scan_report.h"
#include "util/json.h"
#include "util/result.h"

namespace bulwark {

struct Platform {
	std::string os = "linux";
	std::string architecture = "amd64";
	std::string variant; // "" = any

	static Result<Platform> parse(const std::string &text); // "linux/arm64/v8"
	std::string to_string() const;
};

struct ImageOptions {
	Platform platform;
	std::string tag; // pick this tag (OCI ref.name annotation or docker RepoTags) when several
	JsonLimits json;
};

struct LayerBlob {
	LayerInfo info;            // index, digest (may be "" for legacy docker-archive), diff_id, ...
	std::string blob_name;     // name inside the store
	std::string expected_digest; // compressed digest to verify ("" when the source names none)
};

struct ResolvedImage {
	TargetInfo target;
	std::vector<LayerBlob> layers;
	std::string config_json; // the raw config blob (for later checks of Env, history, ...)
	std::unique_ptr<BlobStore> store;
};

Result<ResolvedImage> open_image(const std::string &input, const ImageOptions &options);
// The same, for a store already opened; `format` is reported as TargetInfo::format
// ("oci-layout", "oci-archive"; a store with manifest.json is read as a docker-archive).
Result<ResolvedImage> open_image_store(std::unique_ptr<BlobStore> store, const ImageOptions &options,
                                       const std::string &format);

} // namespace bulwark
