// What users tell bulwark to stop reporting, and why: an ignore file (ours in YAML, or
// Trivy's plain `.trivyignore` lines) and OpenVEX documents. Suppressed findings stay in
// the report with their reason (auditors want to see them) but no longer fail a gate.
#pragma once

#include <string>
#include <vector>

#include "model/scan_report.h"
#include "util/result.h"

namespace bulwark {

struct IgnoreEntry {
	std::string id;                 // vulnerability id or alias, or secret rule id ("" = any)
	std::vector<std::string> purls; // package purls; without '@version' any version matches
	std::vector<std::string> paths; // globs over the package's db_path or the secret's path
	std::string expires;            // "YYYY-MM-DD"; after that day the entry no longer applies
	std::string reason;
};

struct IgnoreFile {
	std::string path;
	std::vector<IgnoreEntry> vulnerabilities;
	std::vector<IgnoreEntry> secrets;
};

// YAML:
//   vulnerabilities:
//     - id: CVE-2023-1234
//       purls: [pkg:deb/debian/openssl]
//       paths: ["usr/lib/python3/**"]
//       expires: 2027-01-31
//       reason: not reachable from our entry point
//   secrets:
//     - id: generic-password
//       paths: ["app/tests/*"]
// or Trivy's plain form: one id per line, '#' comments, optional " exp:YYYY-MM-DD".
Result<IgnoreFile> load_ignore_file(const std::string &path);

struct VexStatement {
	std::string vulnerability;            // vulnerability.name (or the 0.0.x string form)
	std::vector<std::string> aliases;     // vulnerability.aliases and @id
	std::vector<std::string> products;    // product and subcomponent @id / identifiers.purl
	std::string status;                   // not_affected, affected, fixed, under_investigation
	std::string justification;            // for not_affected
	std::string impact_statement;
	std::string source;                   // the document's path
};

// OpenVEX 0.2.0 (and the 0.0.x forms where vulnerability is a string and products strings).
Result<std::vector<VexStatement>> load_openvex(const std::string &path);

// Marks findings suppressed. `today` is "YYYY-MM-DD"; expired ignore entries add a warning
// to the report instead of applying.
void apply_suppressions(ScanReport &report, const IgnoreFile *ignore, const std::vector<VexStatement> &vex,
                        const std::string &today);

struct FindingFilter {
	std::vector<Severity> severities; // keep only these (empty = all)
	bool ignore_unfixed = false;      // drop vulnerabilities without a fixed version
};

// Removes findings the user asked not to see at all (Trivy's --severity / --ignore-unfixed).
void apply_filter(ScanReport &report, const FindingFilter &filter);

// How many findings remain that are not suppressed (what --exit-code gates on).
size_t unsuppressed_findings(const ScanReport &report);

} // namespace bulwark
