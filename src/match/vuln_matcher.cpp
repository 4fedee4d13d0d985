#include "match/vuln_matcher.h"

#include <algorithm>
#include <map>
#include <set>

#include "vulndb/affected_range.h"
#include "version/version.h"
#include "vulndb/cvss.h"
#include "vulndb/package_names.h"

namespace bulwark {

namespace {

// Alpine's secdb is keyed by branch: "3.19.1" → "v3.19".
std::string alpine_branch(std::string_view version_id) {
	size_t first = version_id.find('.');
	if (first == std::string_view::npos) {
		return "v" + std::string(version_id);
	}
	size_t second = version_id.find('.', first + 1);
	return "v" + std::string(version_id.substr(0, second));
}

// One advisory entry that holds the installed version.
struct Hit {
	vulndb::Advisory advisory;
	vulndb::AffectedPackage affected;
	RangeVerdict verdict;
};

bool is_cve(std::string_view id) {
	return id.starts_with("CVE-");
}

// CVE first (what most users search for), then GHSA, then the rest; ties by name.
int id_rank(std::string_view id) {
	if (is_cve(id)) {
		return 0;
	}
	if (id.starts_with("GHSA-")) {
		return 1;
	}
	return 2;
}

bool preferred(const std::string &a, const std::string &b) {
	return std::pair(id_rank(a), a) < std::pair(id_rank(b), b);
}

// Hits that share any id (own id or alias) name one vulnerability: union-find over ids.
std::vector<std::vector<const Hit *>> group_by_vulnerability(const std::vector<Hit> &hits) {
	std::map<std::string, size_t> owner; // id → first hit that named it
	std::vector<size_t> parent(hits.size());
	for (size_t i = 0; i < hits.size(); ++i) {
		parent[i] = i;
	}
	auto find = [&](size_t i) {
		while (parent[i] != i) {
			parent[i] = parent[parent[i]];
			i = parent[i];
		}
		return i;
	};
	for (size_t i = 0; i < hits.size(); ++i) {
		auto claim = [&](const std::string &id) {
			auto [it, inserted] = owner.emplace(id, i);
			if (!inserted) {
				parent[find(i)] = find(it->second);
			}
		};
		claim(hits[i].advisory.id);
		for (const auto &alias : hits[i].advisory.aliases) {
			claim(alias);
		}
	}
	std::map<size_t, std::vector<const Hit *>> groups;
	for (size_t i = 0; i < hits.size(); ++i) {
		groups[find(i)].push_back(&hits[i]);
	}
	std::vector<std::vector<const Hit *>> out;
	for (auto &[root, members] : groups) {
		out.push_back(std::move(members));
	}
	return out;
}

// Vendor severity where a source gives one (the package's own distro or registry knows the
// context best), else the highest-version CVSS score's rating.
void choose_severity(VulnFinding &finding, const std::vector<const Hit *> &group) {
	for (const Hit *hit : group) {
		for (const std::string &given : {hit->affected.severity, hit->advisory.severity}) {
			auto parsed = parse_severity(given);
			if (parsed && *parsed != Severity::unknown && *parsed > finding.severity) {
				finding.severity = *parsed;
				finding.severity_source = hit->advisory.source;
			}
		}
	}
	if (finding.severity != Severity::unknown || finding.cvss.empty()) {
		return;
	}
	const CvssRating *best = nullptr;
	for (const auto &rating : finding.cvss) {
		// v3.x is what NVD and GHSA score with; v4 next; v2 last.
		auto rank = [](const std::string &v) { return v.starts_with("3") ? 3 : v.starts_with("4") ? 2 : 1; };
		if (best == nullptr || rank(rating.version) > rank(best->version) ||
		    (rank(rating.version) == rank(best->version) && rating.score > best->score)) {
			best = &rating;
		}
	}
	finding.severity = best->severity;
	finding.severity_source = "cvss";
}

bool placeholder_date(std::string_view date) {
	return date.empty() || date.starts_with("0001-01-01");
}

bool names_any(const vulndb::Advisory &advisory, const std::set<std::string> &ids) {
	return ids.contains(advisory.id) ||
	       std::any_of(advisory.aliases.begin(), advisory.aliases.end(), [&](const auto &a) { return ids.contains(a); });
}

// The lowest fixed version above the installed one that no entry of the vulnerability (the
// hits, and the package's other entries that share an id with them) marks as affected
// itself; "" when every fix is. Entries can disagree: OSV records give one range per release
// line, some overlapping ("introduced 0, fixed 2.0.6" beside "introduced 0, fixed 2.2.2"),
// or an entry without a fix beside one with a fix. The nearest fix of one entry is then still
// vulnerable by another, and upgrading to it would not help (govulncheck's earliestValidFix).
std::string earliest_valid_fix(const std::vector<const Hit *> &group, const std::vector<vulndb::Candidate> &others,
                               const std::set<std::string> &ids, std::string_view installed,
                               const version::Comparator &comparator) {
	std::vector<const vulndb::AffectedPackage *> entries;
	std::vector<std::string> fixes;
	for (const Hit *hit : group) {
		entries.push_back(&hit->affected);
		if (!hit->verdict.fixed_version.empty()) {
			fixes.push_back(hit->verdict.fixed_version);
		}
	}
	for (const auto &other : others) {
		if (names_any(other.advisory, ids)) {
			entries.push_back(&other.affected);
		}
	}
	for (const auto *entry : entries) {
		for (const auto &range : entry->ranges) {
			for (const auto &event : range.events) {
				if (event.kind == vulndb::RangeEvent::Kind::fixed &&
				    comparator.compare(installed, event.version).value_or(1) < 0) {
					fixes.push_back(event.version);
				}
			}
		}
	}
	// Every fix here parses: hits' fixes were compared with the installed version, so were events.
	std::sort(fixes.begin(), fixes.end(),
	          [&](const std::string &a, const std::string &b) { return comparator.compare(a, b).value_or(0) < 0; });
	for (const auto &fix : fixes) {
		const bool still_affected = std::any_of(entries.begin(), entries.end(), [&](const auto *entry) {
			auto verdict = evaluate_affected(*entry, fix, comparator);
			return verdict.ok() && verdict->affected;
		});
		if (!still_affected) {
			return fix;
		}
	}
	return {};
}

// `installed` as the package shows it; `evaluated` the version advisories speak of (PackageKey).
VulnFinding merge_group(const std::vector<const Hit *> &group, const std::vector<vulndb::Candidate> &others,
                        size_t package_index, const std::string &installed, std::string_view evaluated,
                        const version::Comparator &comparator) {
	std::set<std::string> ids;
	for (const Hit *hit : group) {
		ids.insert(hit->advisory.id);
		ids.insert(hit->advisory.aliases.begin(), hit->advisory.aliases.end());
	}
	VulnFinding finding;
	finding.id = *std::min_element(ids.begin(), ids.end(), preferred);
	for (const auto &id : ids) {
		if (id != finding.id) {
			finding.aliases.push_back(id);
		}
	}
	finding.package = package_index;
	finding.installed_version = installed;
	std::set<std::string> references;
	std::set<std::pair<std::string, std::string>> vectors;
	std::set<std::string> sources;
	for (const Hit *hit : group) {
		const auto &a = hit->advisory;
		// The advisory named by the finding's id describes it best; others fill gaps.
		const bool primary = a.id == finding.id;
		if (finding.title.empty() || (primary && !a.summary.empty())) {
			finding.title = a.summary.empty() ? finding.title : a.summary;
		}
		if (finding.description.empty() || (primary && !a.details.empty())) {
			finding.description = a.details.empty() ? finding.description : a.details;
		}
		if (!placeholder_date(a.published) && (finding.published.empty() || a.published < finding.published)) {
			finding.published = a.published;
		}
		if (!placeholder_date(a.modified) && a.modified > finding.modified) {
			finding.modified = a.modified;
		}
		references.insert(a.references.begin(), a.references.end());
		for (const auto &v : a.cvss) {
			vectors.emplace(v.source, v.vector);
		}
		sources.insert(a.source);
	}
	finding.fixed_version = earliest_valid_fix(group, others, ids, evaluated, comparator);
	finding.status = finding.fixed_version.empty() ? VulnStatus::affected : VulnStatus::fixed;
	finding.references.assign(references.begin(), references.end());
	for (const auto &[source, vector] : vectors) {
		auto scored = vulndb::parse_cvss(vector);
		if (!scored.ok()) {
			continue; // an unscorable vector is the advisory's problem, not a reason to drop it
		}
		finding.cvss.push_back(CvssRating {source, scored->version, vector, scored->score, scored->severity});
	}
	for (const auto &s : sources) {
		finding.data_source += (finding.data_source.empty() ? "" : ",") + s;
	}
	choose_severity(finding, group);
	return finding;
}

} // namespace

PackageKey package_key(const Package &package, const OsInfo &os) {
	PackageKey key;
	key.ecosystem = package.type;
	key.version = package.version;
	if (package.type == "deb") {
		// The Debian and Ubuntu trackers speak of source packages and their versions.
		key.release = os.codename;
		key.name = package.source_name.empty() ? package.name : package.source_name;
		if (!package.source_version.empty()) {
			key.version = package.source_version;
		}
	} else if (package.type == "apk") {
		key.release = alpine_branch(os.version_id);
		key.name = package.source_name.empty() ? package.name : package.source_name;
	} else if (package.type == "rpm") {
		key.release = os.family + ":" + os.version_id;
		key.name = package.source_name.empty() ? package.name : package.source_name;
	} else {
		key.name = vulndb::normalize_package_name(package.type, package.name);
	}
	return key;
}

Result<MatchStats> match_vulnerabilities(ScanReport &report, const vulndb::VulnDb &db) {
	MatchStats stats;
	report.vulnerabilities.clear();
	for (size_t index = 0; index < report.packages.size(); ++index) {
		const Package &package = report.packages[index];
		if (!package.owned_by.empty()) {
			++stats.skipped_owned;
			continue;
		}
		const version::Comparator *comparator = version::comparator_for(package.type);
		if (comparator == nullptr) {
			continue;
		}
		PackageKey key = package_key(package, report.os);
		auto candidates = db.lookup(key.ecosystem, key.release, key.name);
		if (!candidates.ok()) {
			return candidates.error();
		}
		++stats.packages_looked_up;
		std::vector<Hit> hits;
		std::vector<vulndb::Candidate> others; // not holding the version: they can still hold a fix
		bool warned = false;
		for (auto &candidate : *candidates) {
			auto verdict = evaluate_affected(candidate.affected, key.version, *comparator);
			if (!verdict.ok()) {
				if (!warned) {
					report.warnings.push_back({WarningKind::bad_record,
					                           package.purl + ": version '" + key.version + "' is not a valid " +
					                               key.ecosystem + " version; not matched: " +
					                               verdict.error().message});
					warned = true;
				}
				break;
			}
			if (verdict->affected) {
				// Text is read only for what is reported: most candidates do not match.
				if (auto loaded = db.load_text(candidate); !loaded.ok()) {
					return loaded.error();
				}
				hits.push_back(Hit {std::move(candidate.advisory), std::move(candidate.affected), std::move(*verdict)});
			} else {
				others.push_back(std::move(candidate));
			}
		}
		// Packages are visited in index order, so sorting each package's findings by id sorts
		// the whole list (ids are distinct within a package: groups share no id).
		const size_t first = report.vulnerabilities.size();
		for (const auto &group : group_by_vulnerability(hits)) {
			report.vulnerabilities.push_back(merge_group(group, others, index, package.version, key.version, *comparator));
		}
		std::sort(report.vulnerabilities.begin() + static_cast<std::ptrdiff_t>(first), report.vulnerabilities.end(),
		          [](const VulnFinding &a, const VulnFinding &b) { return a.id < b.id; });
	}
	return stats;
}

} // namespace bulwark
