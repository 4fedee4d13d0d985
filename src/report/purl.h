// Package URLs (package-url spec, ECMA-427): the canonical string form of a package's
// identity. docs/sbom.md lists the per-type conventions (namespace, epoch, distro).
#pragma once

#include <string>
#include <string_view>
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
	std::string subpath; // '/'-separated segments; empty, "." and ".." segments are dropped
};

// The canonical string: type and qualifier keys lowercased, every component
// percent-encoded (only A-Z a-z 0-9 . - _ ~ and ':' stay literal, and '/' inside
// qualifier values), qualifiers with empty values dropped and the rest sorted.
// invalid_argument when the type, name or a qualifier key breaks the spec's rules.
Result<std::string> format_purl(const PurlComponents &purl);

// A purl string back into its components, as the spec's "how to parse" says: subpath,
// qualifiers, scheme, type, version, name, namespace, each percent-decoded, with the
// spec's normalisations (type and keys lowercased; pypi names folded as PEP 503; github
// and bitbucket namespace and name lowercased). Qualifiers come out sorted by key.
// invalid_argument, naming the reason, for a missing "pkg:" scheme, type or name, an
// invalid type or qualifier key, a repeated key, bad percent-encoding, or a namespace
// or subpath segment that decodes to something containing '/'.
Result<PurlComponents> parse_purl(std::string_view text);

// The value of qualifier `key` (lowercase), or "" when the purl has none.
std::string_view purl_qualifier(const PurlComponents &purl, std::string_view key);

// The purl of an installed package, with the type's namespace and name normalisation
// (npm scope, PyPI name folding, Maven group, Go module path, ...) and, for OS packages,
// arch/distro/epoch qualifiers from `os`. Empty when the package cannot have a purl
// (no name, or `type` is not a valid purl type).
std::string make_purl(const Package &package, const OsInfo &os);

} // namespace bulwark
