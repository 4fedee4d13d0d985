// Plain data for what the matchers and checks find on top of the package inventory:
// vulnerabilities (src/match/) and secrets (src/secret/). Report writers only read these.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark {

// Ordered: a threshold compares with <, >=.
enum class Severity { unknown = 0, low, medium, high, critical };

const char *severity_name(Severity severity); // "UNKNOWN", "LOW", ... (upper case, as Trivy and SARIF users expect)
// Case-insensitive; also accepts "moderate" (GHSA) and "important" (Red Hat) as medium/high,
// and Debian urgencies ("low", "medium", "high", "unimportant" = low, "not yet assigned" = unknown).
std::optional<Severity> parse_severity(std::string_view text);

// One CVSS score as a source gave it (the vector is parsed and scored by vulndb/cvss).
struct CvssRating {
	std::string source;  // who published it: "nvd", "ghsa", "debian", "osv", ...
	std::string version; // "2.0", "3.0", "3.1", "4.0"
	std::string vector;  // "CVSS:3.1/AV:N/AC:L/..."
	double score = 0;    // base score as computed from the vector
	Severity severity = Severity::unknown;
};

enum class VulnStatus {
	fixed,    // a fixed version exists (fixed_version names the lowest one above the installed version)
	affected, // no fix is available yet (Debian "open", OSV range with no fixed event)
};

const char *vuln_status_name(VulnStatus status); // "fixed", "affected"

// Why a finding is kept in the report but does not count (VEX statement or ignore file).
struct Suppression {
	std::string kind;          // "vex" or "ignore-file"
	std::string status;        // VEX: "not_affected", "fixed"; ignore file: "ignored"
	std::string justification; // VEX justification or the ignore entry's reason
	std::string source;        // the file that said so
};

// One vulnerability in one package. Aliases are merged: one finding per (package, vulnerability).
struct VulnFinding {
	std::string id;                   // preferred id: the CVE when there is one, else GHSA, else the OSV id
	std::vector<std::string> aliases; // every other id the advisories gave (sorted, without `id`)
	size_t package = 0;               // index into ScanReport::packages
	std::string installed_version;
	VulnStatus status = VulnStatus::affected;
	std::string fixed_version; // "" when status is affected
	Severity severity = Severity::unknown;
	std::string severity_source; // "debian", "ghsa", "cvss", ... ("" = unknown)
	std::vector<CvssRating> cvss;
	std::string title;                   // one-line summary
	std::string description;             // the advisory's details (may be long)
	std::vector<std::string> references; // URLs
	std::string published;               // RFC 3339 or "" ("0001-01-01..." placeholders dropped)
	std::string modified;
	std::string data_source; // which imported source said so: "debian", "alpine", "osv:PyPI", ...
	std::optional<Suppression> suppression;
};

// One secret found in a file of a layer, or in the image config.
struct SecretFinding {
	std::string rule_id; // "aws-access-key-id"
	std::string title;
	std::string category; // "AWS", "GitHub", "private-key", ...
	Severity severity = Severity::unknown;
	// Path inside the image ("app/.env", no leading '/'), or a pseudo-path for the image config:
	// "config:Env", "config:Cmd", "config:Entrypoint", "config:Labels", "history:N" (N = history index).
	std::string path;
	size_t line = 0;   // 1-based; 0 = not applicable
	size_t column = 0; // 1-based byte column of the match start
	std::optional<size_t> layer;      // layer holding these bytes
	std::optional<size_t> removed_in; // a later layer deleted or replaced the file (the bytes still ship)
	std::string masked;               // the match with all but a few leading characters replaced by "*****"
	std::optional<Suppression> suppression;
};

// Which advisory database a scan used (for the report header and staleness warnings).
struct VulnDbSummary {
	std::string path;
	std::string built_at; // RFC 3339 UTC
	std::vector<std::string> sources; // e.g. "debian (tracker JSON, 2026-11-20)"
};

} // namespace bulwark
