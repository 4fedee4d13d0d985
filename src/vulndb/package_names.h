// One normalisation of package names, shared by the importers (when storing) and the matcher
// (when looking up), so that a name spelled differently by an advisory and by a package
// manager still meets: PEP 503 for pypi, lower case where the registry is case-insensitive.
#pragma once

#include <string>
#include <string_view>

namespace bulwark::vulndb {

// pypi: lower case, runs of '-', '_', '.' → '-'; nuget and composer: lower case. Kept as they are:
// golang module paths (case-sensitive); npm (lower case by rule, but old packages have
// capitals); maven "group:artifact"; gem; cargo; deb/apk/rpm source names.
std::string normalize_package_name(std::string_view ecosystem, std::string_view name);

} // namespace bulwark::vulndb
