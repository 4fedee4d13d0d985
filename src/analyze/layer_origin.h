// Which layer introduced each package: a package database file is rewritten by every
// layer that installs or removes packages, and the merged view keeps each version. A
// package's origin is the first layer from which it appears in every later version of
// the database (a package removed and reinstalled dates from the reinstall).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "fs/file_view.h"
#include "model/scan_report.h"

namespace bulwark {

// Parses one version of a database into packages; parse failures yield what could be read.
using PackageDbParser = std::function<std::vector<Package>(const std::string &content)>;

// Sets Package::layer on `packages` (parsed from the visible version of `db_path`) by
// parsing every earlier version with `parse`. Packages are keyed by name, version and arch.
void assign_layers_from_history(const FileView &view, std::string_view db_path, const PackageDbParser &parse,
                                std::vector<Package> &packages);

} // namespace bulwark
