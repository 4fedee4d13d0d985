// SARIF 2.1.0 (docs/sarif.md), for GitHub code scanning and other SARIF viewers: one run,
// one rule per vulnerability id and per secret rule, one result per finding. Suppressed
// findings stay in the log with a `suppressions` entry, as SARIF intends.
#include <cstdio>
#include <map>

#include "report/advisory_links.h"
#include "report/report_support.h"
#include "report/report_writer.h"

namespace bulwark {

namespace {

using nlohmann::ordered_json;

// Paths inside the image are relative to this base (Trivy uses the same name). It is left
// undefined: the image's root has no URI on the machine that reads the log.
constexpr std::string_view image_root = "ROOTPATH";

const char *level(Severity severity) {
	switch (severity) {
	case Severity::critical:
	case Severity::high:
		return "error";
	case Severity::medium:
		return "warning";
	case Severity::low:
	case Severity::unknown:
		break;
	}
	return "note";
}

// A path as a relative URI reference: characters outside RFC 3986 pchar (and ':', which
// would read as a scheme) percent-encoded byte by byte; invalid UTF-8 survives as octets.
std::string path_uri(std::string_view path) {
	static constexpr std::string_view literal = "-._~!$&'()*+,;=@/";
	static constexpr char hex[] = "0123456789ABCDEF";
	while (path.starts_with('/')) {
		path.remove_prefix(1);
	}
	std::string uri;
	for (const char c : path) {
		const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (alnum || literal.find(c) != std::string_view::npos) {
			uri += c;
		} else {
			const auto byte = static_cast<unsigned char>(c);
			uri += '%';
			uri += hex[byte >> 4];
			uri += hex[byte & 0x0F];
		}
	}
	return uri;
}

// The image config and history are not files: SecretFinding names them "config:Env",
// "history:3", which are URIs of their own and get no base.
bool is_config_pseudo_path(std::string_view path) {
	return path.starts_with("config:") || path.starts_with("history:");
}

ordered_json artifact_location(std::string_view path) {
	if (is_config_pseudo_path(path)) {
		const size_t colon = path.find(':');
		return {{"uri", std::string(path.substr(0, colon + 1)) + path_uri(path.substr(colon + 1))}};
	}
	return {{"uri", path_uri(path)}, {"uriBaseId", image_root}};
}

ordered_json text(const std::string &value) {
	return {{"text", value}};
}

// The score GitHub ranks by: the rating of the source that set the severity, else the
// newest CVSS version given (first of equals); null when there is no CVSS rating.
const CvssRating *primary_cvss(const VulnFinding &finding) {
	const CvssRating *best = nullptr;
	for (const auto &rating : finding.cvss) {
		if (rating.source == finding.severity_source) {
			return &rating;
		}
		if (best == nullptr || rating.version > best->version) {
			best = &rating;
		}
	}
	return best;
}

std::string score_text(double score) {
	char buffer[16];
	std::snprintf(buffer, sizeof buffer, "%.1f", score);
	return buffer;
}

ordered_json vulnerability_rule(const VulnFinding &finding) {
	const std::string &summary = finding.title.empty() ? finding.id : finding.title;
	ordered_json rule = {
	    {"id", finding.id},
	    {"shortDescription", text(summary)},
	    {"fullDescription", text(finding.description.empty() ? summary : finding.description)},
	    {"defaultConfiguration", {{"level", level(finding.severity)}}},
	};
	std::string help_uri;
	std::string help = finding.id + ": " + summary;
	for (const auto &reference : finding.references) {
		if (is_web_url(reference)) {
			help_uri = help_uri.empty() ? reference : help_uri;
			help += "\n" + reference;
		}
	}
	if (help_uri.empty()) {
		help_uri = id_source(finding.id).url;
	}
	if (is_web_url(help_uri)) {
		rule["helpUri"] = help_uri;
	}
	rule["help"] = text(help);
	ordered_json properties = ordered_json::object();
	if (const CvssRating *cvss = primary_cvss(finding)) {
		properties["security-severity"] = score_text(cvss->score);
	}
	properties["tags"] = {"vulnerability", "security", severity_name(finding.severity)};
	rule["properties"] = std::move(properties);
	return rule;
}

ordered_json secret_rule(const SecretFinding &secret) {
	const std::string &title = secret.title.empty() ? secret.rule_id : secret.title;
	ordered_json tags = {"secret", "security"};
	if (!secret.category.empty()) {
		tags.push_back(secret.category);
	}
	return {
	    {"id", secret.rule_id},
	    {"shortDescription", text(title)},
	    {"fullDescription", text(secret.category.empty() ? title : title + " (" + secret.category + ")")},
	    {"defaultConfiguration", {{"level", level(secret.severity)}}},
	    {"help", text(title + " found in the image. Anyone who can pull the image can read it, also from a layer "
	                          "whose file a later layer deleted: revoke or rotate it, then rebuild the image without it.")},
	    {"properties", {{"tags", std::move(tags)}}},
	};
}

// Rules in order of first use; a result names its rule by id and index.
class Rules {
public:
	template <class MakeRule>
	size_t index(const std::string &id, const MakeRule &make_rule) {
		const auto [found, added] = indices_.emplace(id, rules_.size());
		if (added) {
			rules_.push_back(make_rule());
		}
		return found->second;
	}

	ordered_json take() {
		return std::move(rules_);
	}

private:
	std::map<std::string, size_t> indices_;
	ordered_json rules_ = ordered_json::array();
};

ordered_json vulnerability_result(const ScanReport &report, const VulnFinding &finding, size_t rule_index) {
	const Package *package = finding_package(report, finding);
	const std::string name = package ? package->name : "(unknown package)";
	std::string message = "Package " + name + " " + finding.installed_version + " is vulnerable to " + finding.id;
	message += finding.status == VulnStatus::fixed ? "; fixed in " + finding.fixed_version + "." : "; no fix is available yet.";

	// The package's database file inside the image; without one, the target as the user named it.
	ordered_json location = ordered_json::object();
	if (package && !package->db_path.empty()) {
		location["physicalLocation"] = {{"artifactLocation", artifact_location(package->db_path)}};
	} else if (!report.target.name.empty()) {
		location["physicalLocation"] = {{"artifactLocation", {{"uri", path_uri(report.target.name)}}}};
	}
	if (package) {
		ordered_json logical = {{"name", package->name}};
		if (!package->purl.empty()) {
			logical["fullyQualifiedName"] = package->purl;
		}
		logical["kind"] = "package";
		location["logicalLocations"] = ordered_json::array({std::move(logical)});
	}

	ordered_json result = {
	    {"ruleId", finding.id},
	    {"ruleIndex", rule_index},
	    {"level", level(finding.severity)},
	    {"message", text(message)},
	    {"locations", ordered_json::array({std::move(location)})},
	};
	if (finding.suppression) {
		result["suppressions"] = ordered_json::array(
		    {{{"kind", "external"}, {"status", "accepted"}, {"justification", suppression_text(*finding.suppression)}}});
	}
	if (!finding.aliases.empty()) {
		result["properties"] = {{"aliases", finding.aliases}};
	}
	return result;
}

// "layer 2", "added in layer 1, deleted in layer 3", or nothing for the image config.
std::string layer_text(const SecretFinding &secret) {
	if (!secret.layer) {
		return "";
	}
	if (secret.removed_in) {
		return "added in layer " + std::to_string(*secret.layer) + ", deleted in layer " + std::to_string(*secret.removed_in);
	}
	return "layer " + std::to_string(*secret.layer);
}

ordered_json secret_result(const SecretFinding &secret, size_t rule_index) {
	// Only the masked match: the raw secret never reaches a report.
	std::string message = (secret.title.empty() ? secret.rule_id : secret.title) + " (rule " + secret.rule_id + ") in " + secret.path;
	if (secret.line > 0) {
		message += ", line " + std::to_string(secret.line);
	}
	if (const std::string layer = layer_text(secret); !layer.empty()) {
		message += ", " + layer;
	}
	message += secret.masked.empty() ? "." : ". Match: " + secret.masked;

	ordered_json physical = {{"artifactLocation", artifact_location(secret.path)}};
	if (secret.line > 0) {
		ordered_json region = {{"startLine", secret.line}};
		if (secret.column > 0) {
			region["startColumn"] = secret.column;
		}
		physical["region"] = std::move(region);
	}
	ordered_json result = {
	    {"ruleId", secret.rule_id},
	    {"ruleIndex", rule_index},
	    {"level", level(secret.severity)},
	    {"message", text(message)},
	    {"locations", ordered_json::array({{{"physicalLocation", std::move(physical)}}})},
	};
	ordered_json properties = ordered_json::object();
	if (secret.layer) {
		properties["layer"] = *secret.layer;
	}
	if (secret.removed_in) {
		properties["removedInLayer"] = *secret.removed_in;
	}
	if (!properties.empty()) {
		result["properties"] = std::move(properties);
	}
	return result;
}

ordered_json run_properties(const TargetInfo &target) {
	ordered_json properties = ordered_json::object();
	const auto add = [&](std::string_view name, const std::string &value) {
		if (!value.empty()) {
			properties[std::string(name)] = value;
		}
	};
	add("targetKind", target.kind);
	add("targetName", target.name);
	add("manifestDigest", target.manifest_digest);
	if (!target.repo_tags.empty()) {
		properties["repoTags"] = target.repo_tags;
	}
	return properties;
}

class SarifWriter final : public ReportWriter {
public:
	std::string_view format() const override {
		return "sarif";
	}

	Status write(const ScanReport &report, std::ostream &out) const override {
		Rules rules;
		ordered_json results = ordered_json::array();
		for (const auto &finding : report.vulnerabilities) {
			const size_t rule = rules.index(finding.id, [&] { return vulnerability_rule(finding); });
			results.push_back(vulnerability_result(report, finding, rule));
		}
		for (const auto &secret : report.secrets) {
			const size_t rule = rules.index(secret.rule_id, [&] { return secret_rule(secret); });
			results.push_back(secret_result(secret, rule));
		}
		ordered_json run = {
		    {"tool",
		     {{"driver",
		       {
		           {"name", "bulwark"},
		           {"version", BULWARK_VERSION},
		           {"semanticVersion", BULWARK_VERSION},
		           {"informationUri", bulwark_home},
		           {"rules", rules.take()},
		       }}}},
		    {"originalUriBaseIds",
		     {{image_root, {{"description", text("The root of the scanned image's (or root filesystem's) file tree.")}}}}},
		    {"results", std::move(results)},
		};
		if (ordered_json properties = run_properties(report.target); !properties.empty()) {
			run["properties"] = std::move(properties);
		}
		const ordered_json document = {
		    {"$schema", "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"},
		    {"version", "2.1.0"},
		    {"runs", ordered_json::array({std::move(run)})},
		};
		write_json(document, out);
		return {};
	}
};

} // namespace

std::unique_ptr<ReportWriter> make_sarif_writer(const ReportOptions &) {
	return std::make_unique<SarifWriter>();
}

} // namespace bulwark
