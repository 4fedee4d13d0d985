#include "image/image_source.h"

#include <sys/stat.h>

#include "fs/file_view.h"
#include "util/sha256.h"

namespace bulwark {

namespace {

namespace dom = simdjson::dom;

constexpr int max_index_nesting = 4;
constexpr std::string_view ref_name_annotation = "org.opencontainers.image.ref.name";

bool is_index_media_type(std::string_view type) {
	return type == "application/vnd.oci.image.index.v1+json" ||
	       type == "application/vnd.docker.distribution.manifest.list.v2+json";
}

std::string blob_name_of(const std::string &digest) {
	return "blobs/sha256/" + digest.substr(7);
}

struct Descriptor {
	std::string media_type;
	std::string digest;
	int64_t size = -1;
	std::optional<Platform> platform;
	std::string ref_name;
	bool attestation = false;
};

Result<Descriptor> parse_descriptor(dom::element element, const std::string &where) {
	Descriptor d;
	auto digest = json_string(element, "digest");
	if (!digest || !is_sha256_digest(*digest)) {
		return make_error(ErrorCode::corrupt, where + ": descriptor without a valid sha256 digest");
	}
	d.digest = std::string(*digest);
	d.media_type = std::string(json_string(element, "mediaType").value_or(""));
	d.size = json_int(element, "size").value_or(-1);
	if (auto p = json_object(element, "platform")) {
		Platform platform;
		platform.os = std::string(json_string(element["platform"].value(), "os").value_or(""));
		platform.architecture = std::string(json_string(element["platform"].value(), "architecture").value_or(""));
		platform.variant = std::string(json_string(element["platform"].value(), "variant").value_or(""));
		d.platform = platform;
	}
	if (auto annotations = json_object(element, "annotations")) {
		dom::element ann = element["annotations"].value();
		d.ref_name = std::string(json_string(ann, ref_name_annotation).value_or(""));
		d.attestation = json_string(ann, "vnd.docker.reference.type").value_or("") == "attestation-manifest";
	}
	return d;
}

class Resolver {
public:
	Resolver(const BlobStore &store, const ImageOptions &options) : store_(store), options_(options) {
	}

	// Reads a blob named by digest and checks that its bytes hash to it.
	Result<std::string> read_verified(const std::string &digest, const std::string &referenced_by) {
		std::string name = blob_name_of(digest);
		if (!store_.exists(name)) {
			return make_error(ErrorCode::missing_blob,
			                  "blob " + digest + " named by " + referenced_by + " is missing (" + store_.describe(name) + ")");
		}
		auto bytes = store_.read_small(name, options_.json.max_bytes);
		if (!bytes.ok()) {
			return bytes.error();
		}
		std::string actual = Sha256::digest_of(*bytes);
		if (actual != digest) {
			return make_error(ErrorCode::digest_mismatch,
			                  "blob " + digest + " (" + store_.describe(name) + ") hashes to " + actual);
		}
		return bytes;
	}

	// Chooses among descriptors by tag and platform.
	Result<Descriptor> choose(std::vector<Descriptor> candidates, const std::string &where, bool top_level) {
		std::erase_if(candidates, [](const Descriptor &d) {
			return d.attestation || (d.platform && d.platform->os == "unknown");
		});
		if (top_level && !options_.tag.empty()) {
			std::vector<Descriptor> tagged;
			for (auto &d : candidates) {
				if (d.ref_name == options_.tag || d.ref_name.ends_with(":" + options_.tag)) {
					tagged.push_back(d);
				}
			}
			if (tagged.empty()) {
				return make_error(ErrorCode::invalid_argument,
				                  where + " has no image tagged '" + options_.tag + "'; tags present: " + tags_of(candidates));
			}
			candidates = std::move(tagged);
		}
		if (candidates.empty()) {
			return make_error(ErrorCode::corrupt, where + " lists no image manifests");
		}
		std::vector<Descriptor> matching;
		for (auto &d : candidates) {
			if (!d.platform || matches(*d.platform)) {
				matching.push_back(d);
			}
		}
		if (matching.empty()) {
			std::string present;
			for (auto &d : candidates) {
				present += (present.empty() ? "" : ", ") + d.platform->to_string();
			}
			return make_error(ErrorCode::no_matching_platform, where + " has no manifest for platform " +
			                                                       options_.platform.to_string() +
			                                                       "; platforms present: " + present);
		}
		if (top_level && matching.size() > 1) {
			std::vector<std::string> names;
			bool distinct_tags = false;
			for (auto &d : matching) {
				distinct_tags = distinct_tags || d.ref_name != matching.front().ref_name;
			}
			if (distinct_tags) {
				return make_error(ErrorCode::invalid_argument,
				                  where + " holds several images; pick one with --tag or PATH:TAG (tags: " +
				                      tags_of(matching) + ")");
			}
		}
		return matching.front();
	}

	// Follows indexes down to one image manifest; returns its digest and parsed bytes.
	Result<std::pair<Descriptor, std::string>> resolve(Descriptor descriptor, int depth) {
		if (depth > max_index_nesting) {
			return make_error(ErrorCode::limit_exceeded, "image indexes nested deeper than " +
			                                                 std::to_string(max_index_nesting) + " levels");
		}
		auto bytes = read_verified(descriptor.digest, depth == 0 ? "index.json" : "an image index");
		if (!bytes.ok()) {
			return bytes.error();
		}
		std::string what = "manifest " + descriptor.digest;
		auto root = parse_json(parser_, *bytes, options_.json, what);
		if (!root.ok()) {
			return root.error();
		}
		std::string type = descriptor.media_type;
		if (auto declared = json_string(*root, "mediaType")) {
			type = std::string(*declared);
		}
		if (is_index_media_type(type) || (type.empty() && !json_array(*root, "layers") && json_array(*root, "manifests"))) {
			auto children = descriptors_of(*root, "image index " + descriptor.digest);
			if (!children.ok()) {
				return children.error();
			}
			auto chosen = choose(std::move(*children), "image index " + descriptor.digest, false);
			if (!chosen.ok()) {
				return chosen.error();
			}
			return resolve(std::move(*chosen), depth + 1);
		}
		return std::make_pair(std::move(descriptor), std::move(*bytes));
	}

	Result<std::vector<Descriptor>> descriptors_of(dom::element root, const std::string &where) {
		auto manifests = json_array(root, "manifests");
		if (!manifests) {
			return make_error(ErrorCode::malformed_json, where + ": no \"manifests\" array");
		}
		std::vector<Descriptor> out;
		for (dom::element m : *manifests) {
			auto d = parse_descriptor(m, where);
			if (!d.ok()) {
				return d.error();
			}
			out.push_back(std::move(*d));
		}
		return out;
	}

	dom::parser &parser() {
		return parser_;
	}

private:
	bool matches(const Platform &p) const {
		const Platform &want = options_.platform;
		return p.os == want.os && p.architecture == want.architecture &&
		       (want.variant.empty() || p.variant.empty() || p.variant == want.variant);
	}

	static std::string tags_of(const std::vector<Descriptor> &ds) {
		std::string out;
		for (auto &d : ds) {
			out += (out.empty() ? "" : ", ") + (d.ref_name.empty() ? d.digest.substr(0, 19) : d.ref_name);
		}
		return out.empty() ? "none" : out;
	}

	const BlobStore &store_;
	const ImageOptions &options_;
	dom::parser parser_;
};

// Fills target/history/diff_ids from a config blob; `layers` must already be sized.
Status apply_config(const std::string &config, const ImageOptions &options, dom::parser &parser,
                    const std::string &what, ResolvedImage &image) {
	auto root = parse_json(parser, config, options.json, what);
	if (!root.ok()) {
		return root.error();
	}
	image.target.created = std::string(json_string(*root, "created").value_or(""));
	std::string os(json_string(*root, "os").value_or(""));
	std::string arch(json_string(*root, "architecture").value_or(""));
	std::string variant(json_string(*root, "variant").value_or(""));
	image.target.platform = os + "/" + arch + (variant.empty() ? "" : "/" + variant);

	dom::element rootfs;
	dom::array diff_ids;
	if ((*root)["rootfs"].get(rootfs) || rootfs["diff_ids"].get_array().get(diff_ids)) {
		return make_error(ErrorCode::malformed_json, what + ": no rootfs.diff_ids");
	}
	if (diff_ids.size() != image.layers.size()) {
		return make_error(ErrorCode::corrupt, what + ": " + std::to_string(diff_ids.size()) +
		                                          " diff_ids for " + std::to_string(image.layers.size()) + " layers");
	}
	size_t i = 0;
	for (dom::element d : diff_ids) {
		std::string_view id;
		if (d.get_string().get(id) || !is_sha256_digest(id)) {
			return make_error(ErrorCode::corrupt, what + ": diff_id " + std::to_string(i) + " is not a sha256 digest");
		}
		image.layers[i++].info.diff_id = std::string(id);
	}
	if (auto history = json_array(*root, "history")) {
		size_t layer = 0;
		for (dom::element h : *history) {
			bool empty = false;
			if (!h["empty_layer"].get_bool().get(empty) && empty) {
				continue;
			}
			if (layer < image.layers.size()) {
				image.layers[layer].info.created_by = std::string(json_string(h, "created_by").value_or(""));
			}
			++layer;
		}
	}
	image.config_json = config;
	return {};
}

Result<ResolvedImage> open_oci(std::unique_ptr<BlobStore> store, const ImageOptions &options,
                               const std::string &format) {
	ResolvedImage image;
	image.target.format = format;
	Resolver resolver(*store, options);
	auto index_bytes = store->read_small("index.json", options.json.max_bytes);
	if (!index_bytes.ok()) {
		return index_bytes.error();
	}
	auto index = parse_json(resolver.parser(), *index_bytes, options.json, "index.json");
	if (!index.ok()) {
		return index.error();
	}
	auto descriptors = resolver.descriptors_of(*index, "index.json");
	if (!descriptors.ok()) {
		return descriptors.error();
	}
	auto chosen = resolver.choose(std::move(*descriptors), "index.json", true);
	if (!chosen.ok()) {
		return chosen.error();
	}
	if (!chosen->ref_name.empty()) {
		image.target.repo_tags.push_back(chosen->ref_name);
	}
	auto resolved = resolver.resolve(std::move(*chosen), 0);
	if (!resolved.ok()) {
		return resolved.error();
	}
	auto &[manifest_descriptor, manifest_bytes] = *resolved;
	image.target.manifest_digest = manifest_descriptor.digest;
	const std::string what = "manifest " + manifest_descriptor.digest;
	auto manifest = parse_json(resolver.parser(), manifest_bytes, options.json, what);
	if (!manifest.ok()) {
		return manifest.error();
	}
	dom::element config_element;
	if ((*manifest)["config"].get(config_element)) {
		return make_error(ErrorCode::malformed_json, what + ": no config descriptor");
	}
	auto config_descriptor = parse_descriptor(config_element, what);
	if (!config_descriptor.ok()) {
		return config_descriptor.error();
	}
	auto layers = json_array(*manifest, "layers");
	if (!layers) {
		return make_error(ErrorCode::malformed_json, what + ": no layers array");
	}
	for (dom::element l : *layers) {
		auto d = parse_descriptor(l, what);
		if (!d.ok()) {
			return d.error();
		}
		LayerBlob blob;
		blob.info.index = image.layers.size();
		blob.info.digest = d->digest;
		blob.info.media_type = d->media_type;
		blob.info.size = d->size < 0 ? 0 : static_cast<uint64_t>(d->size);
		blob.blob_name = blob_name_of(d->digest);
		blob.expected_digest = d->digest;
		if (!store->exists(blob.blob_name)) {
			return make_error(ErrorCode::missing_blob, "layer " + std::to_string(blob.info.index) + " blob " +
			                                               d->digest + " named by " + what + " is missing (" +
			                                               store->describe(blob.blob_name) + ")");
		}
		image.layers.push_back(std::move(blob));
	}
	// The config is copied out of the parser's buffer before the parser is reused.
	auto config = resolver.read_verified(config_descriptor->digest, what);
	if (!config.ok()) {
		return config.error();
	}
	image.target.config_digest = config_descriptor->digest;
	BW_TRY(apply_config(*config, options, resolver.parser(), "config " + config_descriptor->digest, image));
	image.store = std::move(store);
	return image;
}

// "blobs/sha256/<hex>" or "<hex>.json" name their digest; legacy layer paths do not.
std::string digest_named_by(const std::string &member) {
	std::string name = normalize_image_path(member);
	std::string hex;
	if (name.starts_with("blobs/sha256/")) {
		hex = name.substr(13);
	} else if (name.ends_with(".json") && name.find('/') == std::string::npos) {
		hex = name.substr(0, name.size() - 5);
	}
	std::string digest = "sha256:" + hex;
	return is_sha256_digest(digest) ? digest : "";
}

Result<ResolvedImage> open_docker_archive(std::unique_ptr<BlobStore> store, const ImageOptions &options) {
	ResolvedImage image;
	image.target.format = "docker-archive";
	dom::parser parser;
	auto bytes = store->read_small("manifest.json", options.json.max_bytes);
	if (!bytes.ok()) {
		return bytes.error();
	}
	auto root = parse_json(parser, *bytes, options.json, "manifest.json");
	if (!root.ok()) {
		return root.error();
	}
	dom::array entries;
	if (root->get_array().get(entries) || entries.size() == 0) {
		return make_error(ErrorCode::malformed_json, "manifest.json: expected a non-empty array of images");
	}
	std::optional<dom::element> chosen;
	std::string all_tags;
	for (dom::element entry : entries) {
		std::vector<std::string> tags;
		if (auto repo_tags = json_array(entry, "RepoTags")) {
			for (dom::element t : *repo_tags) {
				std::string_view tag;
				if (!t.get_string().get(tag)) {
					tags.emplace_back(tag);
				}
			}
		}
		for (auto &t : tags) {
			all_tags += (all_tags.empty() ? "" : ", ") + t;
		}
		bool wanted = options.tag.empty();
		for (auto &t : tags) {
			wanted = wanted || t == options.tag || t.ends_with(":" + options.tag) || t.ends_with("/" + options.tag);
		}
		if (wanted && !chosen) {
			chosen = entry;
			image.target.repo_tags = tags;
		}
	}
	if (!chosen) {
		return make_error(ErrorCode::invalid_argument,
		                  "manifest.json has no image tagged '" + options.tag + "'; tags present: " + all_tags);
	}
	if (options.tag.empty() && entries.size() > 1) {
		return make_error(ErrorCode::invalid_argument,
		                  "manifest.json holds several images; pick one with --tag (tags: " + all_tags + ")");
	}
	std::string config_name(json_string(*chosen, "Config").value_or(""));
	auto layer_names = json_array(*chosen, "Layers");
	if (config_name.empty() || !layer_names) {
		return make_error(ErrorCode::malformed_json, "manifest.json: image entry without Config or Layers");
	}
	for (dom::element l : *layer_names) {
		std::string_view name;
		if (l.get_string().get(name)) {
			return make_error(ErrorCode::malformed_json, "manifest.json: a layer path is not a string");
		}
		LayerBlob blob;
		blob.info.index = image.layers.size();
		blob.blob_name = std::string(name);
		blob.expected_digest = digest_named_by(blob.blob_name);
		blob.info.digest = blob.expected_digest;
		blob.info.media_type = "application/vnd.docker.image.rootfs.diff.tar";
		if (!store->exists(blob.blob_name)) {
			return make_error(ErrorCode::missing_blob, "layer " + std::to_string(blob.info.index) + " (" +
			                                               blob.blob_name + ") named by manifest.json is missing from " +
			                                               store->describe(blob.blob_name));
		}
		image.layers.push_back(std::move(blob));
	}
	if (!store->exists(config_name)) {
		return make_error(ErrorCode::missing_blob,
		                  "config " + config_name + " named by manifest.json is missing from " + store->describe(config_name));
	}
	auto config = store->read_small(config_name, options.json.max_bytes);
	if (!config.ok()) {
		return config.error();
	}
	image.target.config_digest = Sha256::digest_of(*config);
	if (auto named = digest_named_by(config_name); !named.empty() && named != image.target.config_digest) {
		return make_error(ErrorCode::digest_mismatch, "config " + config_name + " hashes to " + image.target.config_digest);
	}
	BW_TRY(apply_config(*config, options, parser, "config " + config_name, image));
	image.store = std::move(store);
	return image;
}

} // namespace

Result<Platform> Platform::parse(const std::string &text) {
	Platform p;
	auto first = text.find('/');
	if (first == std::string::npos || first == 0 || first + 1 >= text.size()) {
		return make_error(ErrorCode::invalid_argument, "platform '" + text + "' is not OS/ARCH[/VARIANT]");
	}
	p.os = text.substr(0, first);
	auto second = text.find('/', first + 1);
	p.architecture = text.substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1);
	if (second != std::string::npos) {
		p.variant = text.substr(second + 1);
	}
	return p;
}

std::string Platform::to_string() const {
	return os + "/" + architecture + (variant.empty() ? "" : "/" + variant);
}

Result<ResolvedImage> open_image_store(std::unique_ptr<BlobStore> store, const ImageOptions &options,
                                       const std::string &format) {
	if (store->exists("manifest.json")) {
		return open_docker_archive(std::move(store), options);
	}
	if (store->exists("index.json")) {
		return open_oci(std::move(store), options, format);
	}
	return make_error(ErrorCode::unsupported, "neither an OCI image layout (index.json) nor a docker-archive (manifest.json)");
}

Result<ResolvedImage> open_image(const std::string &input, const ImageOptions &options) {
	std::string path = input;
	ImageOptions effective = options;
	struct stat st {};
	if (::stat(path.c_str(), &st) != 0) {
		// "DIR:TAG" / "FILE:TAG", as skopeo's oci: transport writes it
		auto colon = input.rfind(':');
		if (colon != std::string::npos && colon > 0 && ::stat(input.substr(0, colon).c_str(), &st) == 0) {
			path = input.substr(0, colon);
			effective.tag = input.substr(colon + 1);
		} else {
			return make_error(ErrorCode::io, input + ": no such file or directory");
		}
	}
	Result<std::unique_ptr<BlobStore>> store = S_ISDIR(st.st_mode) ? open_directory_store(path) : open_tar_store(path);
	if (!store.ok()) {
		return store.error();
	}
	auto image = open_image_store(std::move(*store), effective, S_ISDIR(st.st_mode) ? "oci-layout" : "oci-archive");
	if (!image.ok() && image.error().code == ErrorCode::unsupported) {
		return make_error(ErrorCode::unsupported, path + ": " + image.error().message);
	}
	if (image.ok()) {
		image->target.kind = "image";
		image->target.name = input;
	}
	return image;
}

} // namespace bulwark
