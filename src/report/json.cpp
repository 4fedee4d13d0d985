// Our own JSON report, schema "bulwark.report/v1" (docs/report-json.md,
// docs/schema/bulwark-report-v1.schema.json). Unknown string values are null, never "".
#include "report/report_support.h"
#include "report/report_writer.h"

namespace bulwark {

namespace {

using nlohmann::ordered_json;

ordered_json string_or_null(const std::string &value) {
	return value.empty() ? ordered_json(nullptr) : ordered_json(value);
}

template <class T>
ordered_json optional_or_null(const std::optional<T> &value) {
	return value ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json target_json(const TargetInfo &target) {
	return {
	    {"kind", target.kind},
	    {"name", target.name},
	    {"format", target.format},
	    {"manifest_digest", string_or_null(target.manifest_digest)},
	    {"config_digest", string_or_null(target.config_digest)},
	    {"platform", string_or_null(target.platform)},
	    {"repo_tags", target.repo_tags},
	    {"created", string_or_null(target.created)},
	};
}

// null when no OS was identified at all.
ordered_json os_json(const OsInfo &os) {
	if (os.family.empty() && os.name.empty() && os.version_id.empty()) {
		return nullptr;
	}
	return {
	    {"family", string_or_null(os.family)},
	    {"name", string_or_null(os.name)},
	    {"version_id", string_or_null(os.version_id)},
	    {"codename", string_or_null(os.codename)},
	    {"pretty_name", string_or_null(os.pretty_name)},
	    {"distroless", os.distroless},
	    {"source_file", string_or_null(os.source_file)},
	};
}

ordered_json layer_json(const LayerInfo &layer) {
	return {
	    {"index", layer.index},
	    {"digest", string_or_null(layer.digest)},
	    {"diff_id", string_or_null(layer.diff_id)},
	    {"media_type", string_or_null(layer.media_type)},
	    {"size", layer.size},
	    {"created_by", string_or_null(layer.created_by)},
	};
}

ordered_json package_json(const Package &package) {
	return {
	    {"type", package.type},
	    {"name", package.name},
	    {"version", package.version},
	    {"epoch", optional_or_null(package.epoch)},
	    {"arch", string_or_null(package.arch)},
	    {"source_name", string_or_null(package.source_name)},
	    {"source_version", string_or_null(package.source_version)},
	    {"licenses", package.licenses},
	    {"maintainer", string_or_null(package.maintainer)},
	    {"vendor", string_or_null(package.vendor)},
	    {"db_path", string_or_null(package.db_path)},
	    {"layer", optional_or_null(package.layer)},
	    {"purl", string_or_null(package.purl)},
	    {"installed_files", package.installed_files},
	    {"owned_by", string_or_null(package.owned_by)},
	    {"dev", package.dev},
	    {"declared", package.declared},
	};
}

ordered_json cvss_json(const CvssRating &rating) {
	return {
	    {"source", rating.source},
	    {"version", rating.version},
	    {"vector", rating.vector},
	    {"score", rating.score},
	    {"severity", severity_name(rating.severity)},
	};
}

ordered_json suppression_json(const std::optional<Suppression> &suppression) {
	if (!suppression) {
		return nullptr;
	}
	return {
	    {"kind", suppression->kind},
	    {"status", string_or_null(suppression->status)},
	    {"justification", string_or_null(suppression->justification)},
	    {"source", string_or_null(suppression->source)},
	};
}

ordered_json vulnerability_json(const ScanReport &report, const VulnFinding &finding) {
	const Package *package = finding_package(report, finding);
	ordered_json cvss = ordered_json::array();
	for (const auto &rating : finding.cvss) {
		cvss.push_back(cvss_json(rating));
	}
	return {
	    {"id", finding.id},
	    {"aliases", finding.aliases},
	    {"package",
	     {
	         {"index", finding.package},
	         {"name", package ? ordered_json(package->name) : ordered_json(nullptr)},
	         {"version", package ? ordered_json(package->version) : ordered_json(nullptr)},
	         {"purl", package ? string_or_null(package->purl) : ordered_json(nullptr)},
	     }},
	    {"installed_version", finding.installed_version},
	    {"status", vuln_status_name(finding.status)},
	    {"fixed_version", string_or_null(finding.fixed_version)},
	    {"severity", severity_name(finding.severity)},
	    {"severity_source", string_or_null(finding.severity_source)},
	    {"cvss", std::move(cvss)},
	    {"title", string_or_null(finding.title)},
	    {"description", string_or_null(finding.description)},
	    {"references", finding.references},
	    {"published", string_or_null(finding.published)},
	    {"modified", string_or_null(finding.modified)},
	    {"data_source", string_or_null(finding.data_source)},
	    {"suppression", suppression_json(finding.suppression)},
	};
}

// Only the masked match: the raw secret never reaches a report.
ordered_json secret_json(const SecretFinding &secret) {
	return {
	    {"rule_id", secret.rule_id},
	    {"title", string_or_null(secret.title)},
	    {"category", string_or_null(secret.category)},
	    {"severity", severity_name(secret.severity)},
	    {"path", secret.path},
	    {"line", secret.line == 0 ? ordered_json(nullptr) : ordered_json(secret.line)},
	    {"column", secret.column == 0 ? ordered_json(nullptr) : ordered_json(secret.column)},
	    {"layer", optional_or_null(secret.layer)},
	    {"removed_in", optional_or_null(secret.removed_in)},
	    {"masked", string_or_null(secret.masked)},
	    {"suppression", suppression_json(secret.suppression)},
	};
}

ordered_json vulndb_json(const std::optional<VulnDbSummary> &vulndb) {
	if (!vulndb) {
		return nullptr;
	}
	return {
	    {"path", string_or_null(vulndb->path)},
	    {"built_at", string_or_null(vulndb->built_at)},
	    {"sources", vulndb->sources},
	};
}

class JsonWriter final : public ReportWriter {
public:
	std::string_view format() const override {
		return "json";
	}

	Status write(const ScanReport &report, std::ostream &out) const override {
		ordered_json document = {
		    {"schema", "bulwark.report/v1"},
		    {"bulwark_version", BULWARK_VERSION},
		    {"target", target_json(report.target)},
		    {"os", os_json(report.os)},
		    {"layers", ordered_json::array()},
		    {"packages", ordered_json::array()},
		    {"warnings", ordered_json::array()},
		    {"scanners", report.scanners},
		    {"vulndb", vulndb_json(report.vulndb)},
		    {"vulnerabilities", ordered_json::array()},
		    {"secrets", ordered_json::array()},
		};
		for (const auto &layer : report.layers) {
			document["layers"].push_back(layer_json(layer));
		}
		for (const auto &package : report.packages) {
			document["packages"].push_back(package_json(package));
		}
		for (const auto &warning : report.warnings) {
			document["warnings"].push_back({{"kind", warning_kind_name(warning.kind)}, {"message", warning.message}});
		}
		for (const auto &finding : report.vulnerabilities) {
			document["vulnerabilities"].push_back(vulnerability_json(report, finding));
		}
		for (const auto &secret : report.secrets) {
			document["secrets"].push_back(secret_json(secret));
		}
		write_json(document, out);
		return {};
	}
};

} // namespace

std::unique_ptr<ReportWriter> make_json_writer(const ReportOptions &) {
	return std::make_unique<JsonWriter>();
}

} // namespace bulwark
