// Plain data passed between the pipeline stages: what a scan found, before any report
// format. Analyzers fill these; report writers only read them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/findings.h"

namespace bulwark {

// One layer of an image as the manifest, config and history describe it.
struct LayerInfo {
	size_t index = 0;
	std::string digest;     // blob digest as stored (compressed), "sha256:<hex>"
	std::string diff_id;    // digest of the uncompressed tar, from the config
	std::string media_type; // as the manifest gives it
	uint64_t size = 0;      // compressed bytes
	std::string created_by; // the history line that made this layer ("" if unknown)
};

// Operating system identity (os-release and friends).
struct OsInfo {
	std::string family;     // "debian", "ubuntu", "alpine", "redhat", "centos", ... ("" = unknown)
	std::string name;       // NAME=, e.g. "Debian GNU/Linux"
	std::string version_id; // VERSION_ID=, e.g. "12" or "3.19.1"
	std::string codename;   // VERSION_CODENAME=, e.g. "bookworm"
	std::string pretty_name;
	bool distroless = false; // no shell and dpkg status.d/ (gcr.io/distroless style)
	std::string source_file; // the file the identity came from, e.g. "etc/os-release"
};

// One installed package, OS or language.
struct Package {
	std::string type; // PURL type: "deb", "rpm", "apk"
	std::string name;
	std::string version;           // as the package manager prints it (dpkg: [epoch:]upstream[-revision])
	std::optional<uint32_t> epoch; // rpm: EPOCH tag; deb: the epoch part of version
	std::string arch;
	std::string source_name;    // dpkg Source:, rpm SOURCERPM name, apk origin
	std::string source_version; // the source package's version when it differs
	std::vector<std::string> licenses;
	std::string maintainer; // dpkg Maintainer:, apk maintainer
	std::string vendor;     // rpm VENDOR
	std::string db_path; // the file this record came from: "var/lib/dpkg/status", a METADATA, a jar, a binary
	std::vector<std::string> installed_files; // absolute paths inside the image, where the DB lists them
	std::optional<size_t> layer;               // index of the layer that introduced this package version
	// Language packages: the OS package whose file list contains db_path (Trivy-like scans
	// leave such packages to the OS package's advisories), e.g. "python3-flask".
	std::string owned_by;
	bool dev = false;      // a development-only dependency (npm devDependencies, ...)
	bool declared = false; // read from a lockfile or manifest, not from installed files
	std::string purl;                          // filled by the scanner from the fields above
};

enum class WarningKind {
	path_contained,  // an entry name or link tried to leave the image; resolved inside it
	link_loop,       // a symlink chain did not end
	bad_record,      // one record of a package database was skipped
	limit_reached,   // a soft limit stopped collecting something; the scan went on
	duplicate_entry, // an entry repeated in one layer; the later one won
	other,
};

struct Warning {
	WarningKind kind = WarningKind::other;
	std::string message; // names file, layer and reason
};

const char *warning_kind_name(WarningKind kind);

// What was scanned.
struct TargetInfo {
	std::string kind;         // "image" or "rootfs"
	std::string name;         // the path or reference the user gave
	std::string format;       // "oci-layout", "oci-archive", "docker-archive", "rootfs"
	std::string manifest_digest;
	std::string config_digest;
	std::string platform;     // "linux/amd64"
	std::vector<std::string> repo_tags;
	std::string created;      // from the config
};

struct ScanReport {
	TargetInfo target;
	OsInfo os;
	std::vector<LayerInfo> layers;
	std::vector<Package> packages;
	std::vector<Warning> warnings;
	// Filled only when the scanner ran (--scanners vuln / secret); `scanners` names those that ran.
	std::vector<std::string> scanners;
	std::vector<VulnFinding> vulnerabilities;
	std::vector<SecretFinding> secrets;
	std::optional<VulnDbSummary> vulndb;
};

} // namespace bulwark
