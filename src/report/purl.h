// Package URLs (package-url spec, ECMA-427): the canonical string form of a package's
// identity. docs/sbom.md lists the per-type conventions (namespace, epoch, distro).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model/scan_report.h"
#include "util/result.h"

namespace bulwark {

// The components of a purl before encoding. Empty strings mean "absent".
struct PurlComponents {
	std::string type;
	std::string namespace_; // '/'-separated segments, each encoded on its own
	std::string name;
	std::string version;
	std::vector<std::pair<std::string, std::string>> qualifiers; // any order; empty values are dropped
};

// The canonical string: type and qualifier keys lowercased, every component
// percent-encoded (only A-Z a-z 0-9 . - _ ~ and ':' stay literal, and '/' inside
// qualifier values), qualifiers with empty values dropped and the rest sorted.
// invalid_argument when the type, name or a qualifier key breaks the spec's rules.
Result<std::string> format_purl(const PurlComponents &purl);

// The purl of an installed package, with the type's namespace and name normalisation
// (npm scope, PyPI name folding, Maven group, Go module path, ...) and, for OS packages,
// arch/distro/epoch qualifiers from `os`. Empty when the package cannot have a purl
// (no name, or `type` is not a valid purl type).
std::string make_purl(const Package &package, const OsInfo &os);

} // namespace bulwark
