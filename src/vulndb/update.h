// `bulwark db update`: downloads the public advisory sources (OSV's per-ecosystem dumps, the
// Debian security tracker's JSON, Alpine's secdb) into a temporary directory beside the
// database, imports them all into one new database and swaps it in atomically. Any failed
// download or import leaves the old database as it was.
//
// Downloads use libcurl with TLS verification on. Plain http:// is accepted only for
// loopback hosts (tests, local mirrors) unless `allow_insecure_http` is set; redirects may
// only lead to https (or, with that flag, http).
#pragma once

#include <string>
#include <vector>

#include "util/result.h"
#include "vulndb/importer.h"
#include "vulndb/store.h"

namespace bulwark::vulndb {

struct UpdateOptions {
	std::string db_path; // "" = default_db_path()
	// <osv_base_url>/<Ecosystem>/all.zip for each ecosystem; none when the list is empty.
	std::string osv_base_url = "https://osv-vulnerabilities.storage.googleapis.com";
	std::vector<std::string> osv_ecosystems = {"Go",       "PyPI",  "npm",   "crates.io",
	                                           "RubyGems", "Maven", "NuGet", "Packagist"};
	std::string debian_url = "https://security-tracker.debian.org/tracker/data/json"; // "" = none
	// <alpine_base_url>/<branch>/<repository>.json for each branch and repository.
	std::string alpine_base_url = "https://secdb.alpinelinux.org";
	std::vector<std::string> alpine_branches = {"v3.18", "v3.19", "v3.20", "v3.21", "v3.22", "edge"};
	std::vector<std::string> alpine_repositories = {"main", "community"};
	uint64_t max_download_bytes = 2ULL << 30; // per file
	long connect_timeout_seconds = 30;
	bool allow_insecure_http = false;
	// Keep sources this update does not fetch (`bulwark db import` of local files).
	bool keep_other_sources = true;
	ImportLimits limits;
};

struct UpdatedSource {
	SourceInfo source;
	ImportStats stats;
};

struct UpdateResult {
	std::vector<UpdatedSource> sources;
	DbInfo info; // of the new database
};

Result<UpdateResult> update_db(const UpdateOptions &options);

// invalid_argument unless `url` is https://, or http:// to a loopback host (127.0.0.0/8,
// [::1], localhost), or http:// at all with `allow_insecure_http`.
Status check_download_url(const std::string &url, bool allow_insecure_http);

} // namespace bulwark::vulndb
