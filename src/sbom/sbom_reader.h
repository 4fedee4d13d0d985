// Reading an SBOM back into the ScanReport a scan would have made, so that the matchers
// treat `bulwark sbom FILE` like a scanned image. Reads CycloneDX 1.2-1.6 JSON and SPDX
// 2.2/2.3 JSON, ours (src/report/) and Trivy's; docs/sbom.md says what is taken from where.
#pragma once

#include <string>

#include "model/scan_report.h"
#include "util/json.h"
#include "util/result.h"

namespace bulwark {

// Packages come from their purls (type, name as the analyzers spell it, version with the
// epoch where the package manager prints one, arch); the document adds licences, source
// package, layer and the OS. A package without a usable purl is skipped with a bad_record
// warning. target.kind is "sbom", target.name the path, target.format "cyclonedx" or "spdx".
// Errors: io (unreadable file), limit_exceeded (size or nesting depth), malformed_json,
// unsupported (XML, tag-value, SPDX 3.0 JSON-LD, other spec versions, not an SBOM).
Result<ScanReport> read_sbom(const std::string &path, const JsonLimits &limits);

// The same on a document already in memory; `path` names it in the report and messages.
Result<ScanReport> read_sbom_bytes(const std::string &bytes, const std::string &path, const JsonLimits &limits);

} // namespace bulwark
