// Package names as the advisory database keys them, so that an importer and the matcher
// that looks a scanned package up agree: PEP 503 for pypi (lower case, runs of `-_.` as
// one `-`), lower case for nuget, composer and npm (nodejs/security-wg writes "jQuery" for
// the package jquery; npm names are lower case by rule), every other ecosystem as given
// (maven "group:artifact", golang module paths, deb/apk/rpm source names).
#pragma once

#include <string>
#include <string_view>

namespace bulwark::vulndb {

std::string normalized_package_name(std::string_view ecosystem, std::string_view name);

} // namespace bulwark::vulndb
