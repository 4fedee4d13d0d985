// Names and web pages of the places advisories come from, for formats that link to them
// (CycloneDX vulnerability sources, SARIF help links). Only prefixes and sources whose page
// address is known are named; anything else gets an empty AdvisorySource.
#pragma once

#include <string>
#include <string_view>

#include "model/findings.h"

namespace bulwark {

struct AdvisorySource {
	std::string name; // "NVD", "GitHub Advisory Database", ... ("" = unknown)
	std::string url;  // the page of one advisory at that source ("" = none known)
};

// Who assigns ids of this form, and the id's page there: CVE- → NVD, GHSA- → GitHub, GO- → the
// Go vulnerability database, RUSTSEC-, PYSEC-, DSA-/DLA- (Debian).
AdvisorySource id_source(std::string_view id);

// The imported source that reported `finding` (VulnFinding::data_source: "debian", "alpine",
// "ubuntu", "osv:<ecosystem>", "ghsa[:<ecosystem>]", "nvd"), named for people, with the
// finding's page at that source. Unknown sources keep their name and have no page.
AdvisorySource finding_source(const VulnFinding &finding);

} // namespace bulwark
