// Matches a scan's packages against the advisory database: one lookup per package by
// (ecosystem, distro release, normalised name), version rules of the package's ecosystem,
// advisories that name the same vulnerability merged into one finding.
#pragma once

#include <string>
#include <vector>

#include "model/scan_report.h"
#include "util/result.h"
#include "vulndb/store.h"

namespace bulwark {

// The key a package is looked up by, or std::nullopt-like empty ecosystem when no source
// in the database covers it (e.g. an rpm distro without an importer).
struct PackageKey {
	std::string ecosystem; // PURL type
	std::string release;   // "bookworm", "v3.19"; "" for language packages
	std::string name;      // normalised as the importers store it
	std::string version;   // the version advisories speak of (Debian: the source version)
};

PackageKey package_key(const Package &package, const OsInfo &os);

struct MatchStats {
	size_t packages_looked_up = 0;
	size_t skipped_owned = 0; // language packages an OS package owns: its advisories cover them
};

// Fills report.vulnerabilities (sorted by package index, then id) and adds a warning per
// package whose version the ecosystem's rules reject.
Result<MatchStats> match_vulnerabilities(ScanReport &report, const vulndb::VulnDb &db);

} // namespace bulwark
