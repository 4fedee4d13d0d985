#include "report/cyclonedx_vulnerabilities.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>

#include "report/advisory_links.h"

namespace bulwark {

namespace {

using nlohmann::ordered_json;

std::string lower_severity(Severity severity) {
	std::string text = severity_name(severity);
	std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
	return text;
}

std::string_view cvss_method(std::string_view version) {
	if (version == "2.0") {
		return "CVSSv2";
	}
	if (version == "3.0") {
		return "CVSSv3";
	}
	if (version == "3.1") {
		return "CVSSv31";
	}
	if (version == "4.0") {
		return "CVSSv4";
	}
	return "other";
}

// OpenVEX justifications (the labels of the CISA VEX justification catalogue) as the
// CycloneDX impactAnalysisJustification that says the same.
std::optional<std::string_view> cyclonedx_justification(std::string_view vex) {
	static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> mapping {{
	    {"component_not_present", "code_not_present"},
	    {"vulnerable_code_not_present", "code_not_present"},
	    {"vulnerable_code_not_in_execute_path", "code_not_reachable"},
	    {"vulnerable_code_cannot_be_controlled_by_adversary", "requires_environment"},
	    {"inline_mitigations_already_exist", "protected_by_mitigating_control"},
	}};
	for (const auto &[from, to] : mapping) {
		if (vex == from) {
			return to;
		}
	}
	return std::nullopt;
}

// Digits at text[at, at + count) within [min, max].
bool number_in(std::string_view text, size_t at, size_t count, int min, int max) {
	int value = 0;
	const char *first = text.data() + at;
	const auto [end, error] = std::from_chars(first, first + count, value);
	return error == std::errc() && end == first + count && value >= min && value <= max;
}

// An RFC 3339 date-time as the schema's "date-time" format wants it: "2023-05-02T18:15:00Z"
// and offsets or fractions pass; a bare date gets midnight UTC; anything else is dropped
// (advisory sources are not all careful with dates).
std::optional<std::string> date_time(std::string_view text) {
	const bool date = text.size() >= 10 && text[4] == '-' && text[7] == '-' && number_in(text, 0, 4, 0, 9999) &&
	                  number_in(text, 5, 2, 1, 12) && number_in(text, 8, 2, 1, 31);
	if (!date) {
		return std::nullopt;
	}
	if (text.size() == 10) {
		return std::string(text) + "T00:00:00Z";
	}
	const bool time = text.size() >= 20 && text[10] == 'T' && text[13] == ':' && text[16] == ':' &&
	                  number_in(text, 11, 2, 0, 23) && number_in(text, 14, 2, 0, 59) && number_in(text, 17, 2, 0, 59);
	if (!time) {
		return std::nullopt;
	}
	size_t at = 19;
	if (text[at] == '.') {
		const size_t digits = std::find_if(text.begin() + at + 1, text.end(), [](char c) { return c < '0' || c > '9'; }) - text.begin();
		if (digits == at + 1) {
			return std::nullopt;
		}
		at = digits;
	}
	const std::string_view zone = text.substr(at);
	const bool offset = zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' && number_in(zone, 1, 2, 0, 23) &&
	                    number_in(zone, 4, 2, 0, 59);
	if (zone == "Z" || offset) {
		return std::string(text);
	}
	return std::nullopt;
}

ordered_json source_json(const AdvisorySource &source) {
	ordered_json out = ordered_json::object();
	if (!source.name.empty()) {
		out["name"] = source.name;
	}
	if (is_web_url(source.url)) {
		out["url"] = source.url;
	}
	return out;
}

// Every CVSS rating, then the severity the finding carries when no CVSS rating of its source
// states it (a distro's own urgency, a GHSA severity without a vector).
ordered_json ratings_json(const VulnFinding &finding) {
	ordered_json ratings = ordered_json::array();
	for (const auto &rating : finding.cvss) {
		ordered_json out = {
		    {"source", {{"name", rating.source}}},
		    {"score", rating.score},
		    {"severity", lower_severity(rating.severity)},
		    {"method", cvss_method(rating.version)},
		};
		if (!rating.vector.empty()) {
			out["vector"] = rating.vector;
		}
		ratings.push_back(std::move(out));
	}
	const bool stated = finding.severity_source == "cvss" ||
	                    std::any_of(finding.cvss.begin(), finding.cvss.end(),
	                                [&](const CvssRating &rating) { return rating.source == finding.severity_source; });
	if (finding.severity != Severity::unknown && !stated) {
		ordered_json vendor = ordered_json::object();
		if (!finding.severity_source.empty()) {
			vendor["source"] = {{"name", finding.severity_source}};
		}
		vendor["severity"] = lower_severity(finding.severity);
		vendor["method"] = "other";
		ratings.push_back(std::move(vendor));
	}
	return ratings;
}

// Without a suppression, a match is "exploitable" as far as bulwark can tell (it checks
// versions, not reachability), with "update" as the response when a fix exists. A VEX
// not_affected statement is not_affected, a VEX fixed one resolved; an ignore-file entry is
// an accepted risk: still exploitable, with the response will_not_fix.
ordered_json analysis_json(const VulnFinding &finding) {
	if (!finding.suppression) {
		if (finding.status == VulnStatus::fixed) {
			return {{"state", "exploitable"},
			        {"response", ordered_json::array({"update"})},
			        {"detail", "Installed version " + finding.installed_version + " is affected; fixed in " + finding.fixed_version + "."}};
		}
		return {{"state", "exploitable"}, {"detail", "Installed version " + finding.installed_version + " is affected; no fix is available yet."}};
	}
	const Suppression &suppression = *finding.suppression;
	const std::string detail = suppression_text(suppression);
	if (suppression.kind == "vex" && suppression.status == "not_affected") {
		ordered_json analysis = {{"state", "not_affected"}};
		if (const auto justification = cyclonedx_justification(suppression.justification)) {
			analysis["justification"] = *justification;
		}
		analysis["detail"] = detail;
		return analysis;
	}
	if (suppression.kind == "vex" && suppression.status == "fixed") {
		return {{"state", "resolved"}, {"detail", detail}};
	}
	return {{"state", "exploitable"}, {"response", ordered_json::array({"will_not_fix"})}, {"detail", detail}};
}

ordered_json vulnerability_json(const ScanReport &report, const VulnFinding &finding, const std::string &ref,
                                const std::string &component_ref) {
	ordered_json out = {
	    {"bom-ref", ref},
	    {"id", finding.id},
	    {"source", source_json(finding_source(finding))},
	};
	if (!finding.aliases.empty()) {
		ordered_json references = ordered_json::array();
		for (const auto &alias : finding.aliases) {
			references.push_back({{"id", alias}, {"source", source_json(id_source(alias))}});
		}
		out["references"] = std::move(references);
	}
	if (ordered_json ratings = ratings_json(finding); !ratings.empty()) {
		out["ratings"] = std::move(ratings);
	}
	// CycloneDX has no title: the one-line title is the description, the advisory's text the detail.
	const std::string &description = finding.title.empty() ? finding.description : finding.title;
	if (!description.empty()) {
		out["description"] = description;
	}
	if (!finding.title.empty() && !finding.description.empty()) {
		out["detail"] = finding.description;
	}
	const Package *package = finding_package(report, finding);
	if (finding.status == VulnStatus::fixed && !finding.fixed_version.empty()) {
		out["recommendation"] = "Upgrade " + (package ? package->name : std::string("the package")) + " to " + finding.fixed_version;
	}
	ordered_json advisories = ordered_json::array();
	for (const auto &reference : finding.references) {
		if (is_web_url(reference)) {
			advisories.push_back({{"url", reference}});
		}
	}
	if (!advisories.empty()) {
		out["advisories"] = std::move(advisories);
	}
	if (const auto published = date_time(finding.published)) {
		out["published"] = *published;
	}
	if (const auto updated = date_time(finding.modified)) {
		out["updated"] = *updated;
	}
	out["analysis"] = analysis_json(finding);
	if (!component_ref.empty()) {
		// A VEX statement that the installed version is not affected, or has the fix, makes it unaffected.
		const bool vex_clears = finding.suppression && finding.suppression->kind == "vex" &&
		                        (finding.suppression->status == "not_affected" || finding.suppression->status == "fixed");
		ordered_json affected = {{"ref", component_ref}};
		if (!finding.installed_version.empty()) {
			affected["versions"] =
			    ordered_json::array({{{"version", finding.installed_version}, {"status", vex_clears ? "unaffected" : "affected"}}});
		}
		out["affects"] = ordered_json::array({std::move(affected)});
	}
	ordered_json properties = ordered_json::array();
	add_cyclonedx_property(properties, "bulwark:vulnerability:status", vuln_status_name(finding.status));
	add_cyclonedx_property(properties, "bulwark:vulnerability:data_source", finding.data_source);
	add_cyclonedx_property(properties, "bulwark:vulnerability:severity_source", finding.severity_source);
	if (finding.suppression) {
		add_cyclonedx_property(properties, "bulwark:suppression:kind", finding.suppression->kind);
		add_cyclonedx_property(properties, "bulwark:suppression:status", finding.suppression->status);
		add_cyclonedx_property(properties, "bulwark:suppression:justification", finding.suppression->justification);
		add_cyclonedx_property(properties, "bulwark:suppression:source", finding.suppression->source);
	}
	out["properties"] = std::move(properties);
	return out;
}

} // namespace

void add_cyclonedx_property(ordered_json &properties, std::string_view name, const std::string &value) {
	if (!value.empty()) {
		properties.push_back({{"name", name}, {"value", value}});
	}
}

ordered_json cyclonedx_vulnerabilities(const ScanReport &report, const std::vector<std::string> &package_refs, UniqueIds &refs) {
	ordered_json out = ordered_json::array();
	for (const auto &finding : report.vulnerabilities) {
		const std::string component_ref = finding.package < package_refs.size() ? package_refs[finding.package] : "";
		// One entry per (package, vulnerability): the id alone is not unique in the document.
		const std::string ref = refs.claim(finding.id + (component_ref.empty() ? "" : "/" + component_ref));
		out.push_back(vulnerability_json(report, finding, ref, component_ref));
	}
	return out;
}

} // namespace bulwark
