// One normalisation of package names, shared by the importers (when storing) and the matcher
// (when looking up), so that a name spelled differently by an advisory and by a package
// manager still meets: PEP 503 for pypi, lower case where the registry is case-insensitive.
#pragma once

#include <string>
#include <string_view>

namespace bulwark::vulndb {

// pypi: lower case, runs of '-', '_', '.' → '-'; nuget, composer and npm: lower case (npm's
// advisories write "jQuery" for the package jquery). Kept as they are: golang module paths
// (case-sensitive), maven "group:artifact", gem, cargo, deb/apk/rpm source names.
std::string normalize_package_name(std::string_view ecosystem, std::string_view name);

} // namespace bulwark::vulndb
