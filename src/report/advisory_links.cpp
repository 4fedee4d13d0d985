#include "report/advisory_links.h"

#include <array>

namespace bulwark {

namespace {

struct IdPrefix {
	std::string_view prefix;
	std::string_view name;
	std::string_view page; // the id is appended, then `suffix`
	std::string_view suffix;
};

constexpr std::array<IdPrefix, 7> id_prefixes {{
    {"CVE-", "NVD", "https://nvd.nist.gov/vuln/detail/", ""},
    {"GHSA-", "GitHub Advisory Database", "https://github.com/advisories/", ""},
    {"GO-", "Go Vulnerability Database", "https://pkg.go.dev/vuln/", ""},
    {"RUSTSEC-", "RustSec Advisory Database", "https://rustsec.org/advisories/", ".html"},
    {"PYSEC-", "PyPI Advisory Database", "https://osv.dev/vulnerability/", ""},
    {"DSA-", "Debian Security Tracker", "https://security-tracker.debian.org/tracker/", ""},
    {"DLA-", "Debian Security Tracker", "https://security-tracker.debian.org/tracker/", ""},
}};

// Distro trackers have one page per CVE (and per their own advisory ids).
struct Tracker {
	std::string_view source;
	std::string_view name;
	std::string_view page;
};

constexpr std::array<Tracker, 3> trackers {{
    {"debian", "Debian Security Tracker", "https://security-tracker.debian.org/tracker/"},
    {"ubuntu", "Ubuntu CVE Tracker", "https://ubuntu.com/security/"},
    {"alpine", "Alpine Security Tracker", "https://security.alpinelinux.org/vuln/"},
}};

// "osv:PyPI" → {"osv", "PyPI"}; "debian" → {"debian", ""}.
std::pair<std::string_view, std::string_view> split_source(std::string_view source) {
	const size_t colon = source.find(':');
	if (colon == std::string_view::npos) {
		return {source, {}};
	}
	return {source.substr(0, colon), source.substr(colon + 1)};
}

std::string with_ecosystem(std::string_view name, std::string_view ecosystem) {
	return ecosystem.empty() ? std::string(name) : std::string(name) + " (" + std::string(ecosystem) + ")";
}

// The finding's GHSA id: its own id or one of its aliases.
std::string_view ghsa_id(const VulnFinding &finding) {
	if (finding.id.starts_with("GHSA-")) {
		return finding.id;
	}
	for (const auto &alias : finding.aliases) {
		if (alias.starts_with("GHSA-")) {
			return alias;
		}
	}
	return {};
}

} // namespace

AdvisorySource id_source(std::string_view id) {
	for (const auto &known : id_prefixes) {
		if (id.starts_with(known.prefix) && id.size() > known.prefix.size()) {
			return {std::string(known.name), std::string(known.page) + std::string(id) + std::string(known.suffix)};
		}
	}
	return {};
}

AdvisorySource finding_source(const VulnFinding &finding) {
	const auto [kind, ecosystem] = split_source(finding.data_source);
	for (const auto &tracker : trackers) {
		if (kind == tracker.source) {
			return {std::string(tracker.name), std::string(tracker.page) + finding.id};
		}
	}
	if (kind == "osv") {
		// osv.dev has a page per id it holds (CVE ids included, as it imports the CVE list).
		return {with_ecosystem("OSV", ecosystem), "https://osv.dev/vulnerability/" + finding.id};
	}
	if (kind == "ghsa") {
		const std::string_view ghsa = ghsa_id(finding);
		return {with_ecosystem("GitHub Advisory Database", ecosystem),
		        ghsa.empty() ? std::string() : "https://github.com/advisories/" + std::string(ghsa)};
	}
	if (kind == "nvd") {
		return {"NVD", finding.id.starts_with("CVE-") ? "https://nvd.nist.gov/vuln/detail/" + finding.id : ""};
	}
	return {finding.data_source, ""};
}

} // namespace bulwark
