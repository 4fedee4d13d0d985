// The CycloneDX 1.6 `vulnerabilities` array (docs/sbom.md#vulnerabilities): one entry per
// finding, affecting the component of its package, with its ratings, aliases, fix and the
// VEX-style analysis of its status or suppression.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "model/scan_report.h"
#include "report/report_support.h"

namespace bulwark {

// Appends {name, value} to a CycloneDX properties array unless the value is empty.
void add_cyclonedx_property(nlohmann::ordered_json &properties, std::string_view name, const std::string &value);

// `package_refs[i]` is the bom-ref of report.packages[i]; entries get bom-refs from `refs`.
nlohmann::ordered_json cyclonedx_vulnerabilities(const ScanReport &report, const std::vector<std::string> &package_refs,
                                                 UniqueIds &refs);

} // namespace bulwark
