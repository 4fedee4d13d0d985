// Writes OCI image layouts on disk from in-memory layer tars, for tests that scan whole images.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bulwark::testing {

class OciLayoutBuilder {
public:
	explicit OciLayoutBuilder(std::filesystem::path root);

	// Stores `bytes` as a blob; returns its digest.
	std::string put_blob(const std::string &bytes);
	// Adds an image of gzip layers made from `layer_tars`; `config` is merged into the image
	// config (Env, Cmd, history, ...). Returns the manifest descriptor for the index.
	nlohmann::json add_image(const std::vector<std::string> &layer_tars, const std::string &arch = "amd64",
	                         const nlohmann::json &config = nlohmann::json::object());
	void write_index(const nlohmann::json &manifests);

private:
	std::filesystem::path root_;
};

} // namespace bulwark::testing
