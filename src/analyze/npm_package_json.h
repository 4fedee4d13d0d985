// npm: what the installed-tree analyzer and the lockfile analyzer share. An installed
// package is the package.json at the top of its directory in a node_modules tree,
// `node_modules/<name>/package.json` or `node_modules/@scope/<name>/package.json` (nested
// trees repeat the pattern: `node_modules/a/node_modules/b/package.json`). Other
// package.json files inside a package (test fixtures, sub-entry points) are not packages.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fs/file_view.h"
#include "model/scan_report.h"
#include "util/result.h"

namespace bulwark {

// True for a package.json that sits directly in node_modules/<name>/ or
// node_modules/@scope/<name>/. Cheap: no allocation, called for every file of every layer.
bool is_installed_package_json(std::string_view path);
// True for a project's own package.json: one outside any node_modules tree, next to a
// package-lock.json or node_modules as npm leaves them (Trivy lists the project itself).
// Decided on the merged view, since the neighbours may come from other layers.
bool is_project_package_json(const FileView &view, std::string_view path);

struct NpmManifest {
	std::string name;
	std::string version;
	std::string license; // the SPDX "license" string, "" when absent or in the old object form
};

// Name and version of a package.json. An error for JSON that does not parse (or breaks the
// size/depth limits); nullopt for a manifest without a string name and version, which npm
// does not install as a package (npm ls skips it too).
Result<std::optional<NpmManifest>> parse_package_json(const std::string &content, const std::string &what);

} // namespace bulwark
