// The advisory model every importer produces and the store keeps: OSV's shape (id, aliases,
// affected packages with ranges of events), widened just enough for distro trackers
// (per-release status and fixed version) and for advisory formats that state affected
// versions as ecosystem-native constraint strings (RubyGems, RustSec, node-semver).
#pragma once

#include <string>
#include <vector>

namespace bulwark::vulndb {

struct RangeEvent {
	enum class Kind { introduced, fixed, last_affected, limit };
	Kind kind = Kind::introduced;
	std::string version; // "0" for introduced = every version before the first fix
};

struct AffectedRange {
	// "ECOSYSTEM" and "SEMVER" (OSV; GIT ranges are dropped at import: we match versions, not commits),
	// or "CONSTRAINTS": `constraints` holds native constraint strings (any one matching = affected;
	// none at all = every version) and `unaffected` native strings that exclude (RubyGems
	// patched/unaffected, RustSec patched/unaffected, npm patched_versions).
	std::string type;
	std::vector<RangeEvent> events;
	std::vector<std::string> constraints;
	std::vector<std::string> unaffected;
};

struct AffectedPackage {
	// PURL type of the packages this applies to: "deb", "apk", "rpm", "npm", "pypi", "golang",
	// "maven", "gem", "cargo", "nuget", "composer".
	std::string ecosystem;
	// Distro release for OS packages: Debian codename ("bookworm"), Alpine branch ("v3.19");
	// "" for language ecosystems.
	std::string release;
	// Normalised name: Debian/Ubuntu *source* package; PEP 503 for pypi; "group:artifact" for
	// maven; module path for golang; "@scope/name" for npm; lower case for nuget and composer.
	std::string name;
	std::vector<AffectedRange> ranges;
	std::vector<std::string> versions; // explicitly listed affected versions
	// Distro trackers: the release is affected with no fix yet (Debian "open"); with ranges
	// empty and versions empty and open false, the entry says "not affected" and is not stored.
	bool open = false;
	std::string severity; // per-package vendor severity (Debian urgency, Alpine none), as given
};

struct CvssVector {
	std::string source; // "nvd", "ghsa", "osv", ...
	std::string vector; // "CVSS:3.1/AV:N/..." or "CVSS:4.0/..." or a v2 vector
};

struct Advisory {
	std::string id;                   // "CVE-2023-1234", "GHSA-...", "GO-2022-0379", "PYSEC-..."
	std::vector<std::string> aliases; // OSV aliases (and upstream ids)
	std::string summary;
	std::string details;
	std::string published; // RFC 3339 as given
	std::string modified;
	bool withdrawn = false;
	std::vector<std::string> references; // URLs
	std::vector<CvssVector> cvss;
	std::string severity; // vendor severity for the whole advisory ("HIGH", "moderate"), as given
	std::string source;   // the source it was imported as (SourceInfo::name: "osv", "debian", ...); set by lookup
	std::vector<AffectedPackage> affected;
};

} // namespace bulwark::vulndb
