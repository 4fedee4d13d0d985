#include "analyze/npm_package_json.h"

#include "util/json.h"

namespace bulwark {

namespace {

// A package.json is a few KiB; the largest real ones (with bundled metadata) stay well
// below 1 MiB, and nothing in one nests deeper than a few levels.
constexpr JsonLimits kPackageJsonLimits {.max_bytes = 4U << 20, .max_depth = 64};

// `dir` is "node_modules" or ends in "/node_modules".
bool is_node_modules(std::string_view dir) {
	constexpr std::string_view kNodeModules = "node_modules";
	return dir == kNodeModules || dir.ends_with("/node_modules");
}

// Splits "a/b/c" into "a/b" and "c" ("" and "c" for one segment).
std::pair<std::string_view, std::string_view> split_last(std::string_view path) {
	auto slash = path.rfind('/');
	if (slash == std::string_view::npos) {
		return {{}, path};
	}
	return {path.substr(0, slash), path.substr(slash + 1)};
}

} // namespace

bool is_project_package_json(const FileView &view, std::string_view path) {
	constexpr std::string_view kFile = "package.json";
	if (!(path == kFile || path.ends_with("/package.json")) || path.find("node_modules/") != std::string_view::npos) {
		return false;
	}
	std::string dir(path.substr(0, path.size() - kFile.size()));
	return view.lstat(dir + "package-lock.json") || view.lstat(dir + "node_modules");
}

bool is_installed_package_json(std::string_view path) {
	constexpr std::string_view kFile = "/package.json";
	if (!path.ends_with(kFile)) {
		return false;
	}
	auto [parent, name] = split_last(path.substr(0, path.size() - kFile.size()));
	if (name.empty() || name.front() == '.' || name.front() == '@') {
		return false; // node_modules/.bin, .pnpm and a bare scope directory are not packages
	}
	if (is_node_modules(parent)) {
		return true;
	}
	auto [grandparent, scope] = split_last(parent);
	return scope.size() > 1 && scope.front() == '@' && is_node_modules(grandparent);
}

Result<std::optional<NpmManifest>> parse_package_json(const std::string &content, const std::string &what) {
	simdjson::dom::parser parser;
	auto root = parse_json(parser, content, kPackageJsonLimits, what);
	if (!root) {
		return root.error();
	}
	auto name = json_string(*root, "name");
	auto version = json_string(*root, "version");
	if (!name || !version || name->empty() || version->empty()) {
		return std::optional<NpmManifest>();
	}
	NpmManifest manifest {.name = std::string(*name), .version = std::string(*version), .license = {}};
	if (auto license = json_string(*root, "license")) {
		manifest.license = std::string(*license);
	}
	return std::optional<NpmManifest>(std::move(manifest));
}

} // namespace bulwark
