// OS identity knowledge shared with readers that learn the OS from elsewhere than
// os-release (SBOM documents).
#pragma once

#include <string>
#include <string_view>

namespace bulwark {

// os-release ID= (lowercase) -> OsInfo::family, the name vulnerability feeds are keyed
// by: "rhel" -> "redhat", "opensuse-leap" -> "opensuse", ...; "" when unknown.
std::string os_family_of_id(std::string_view id);

// Debian's codename for a release number, "12" or a point release "12.5" -> "bookworm";
// "" when the number is not a known release.
std::string debian_codename(std::string_view version);

} // namespace bulwark
