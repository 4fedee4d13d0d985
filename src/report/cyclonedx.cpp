// CycloneDX 1.6 JSON (docs/sbom.md): the target as metadata.component, the OS as an
// operating-system component, one library component per package, the containment
// image -> OS -> OS packages as dependencies, and the vulnerabilities found when that
// scanner ran. bulwark:* properties carry what CycloneDX has no field for (layer
// provenance, source package, database path). Secrets have no place in CycloneDX.
#include "report/cyclonedx_vulnerabilities.h"
#include "report/report_support.h"
#include "report/report_writer.h"
#include "report/spdx_license.h"

namespace bulwark {

namespace {

using nlohmann::ordered_json;

// A listed id goes out as license.id, a single valid compound expression as the one
// "expression" entry (the schema allows no mix), anything else as license.name.
ordered_json licenses_json(const std::vector<std::string> &licenses) {
	ordered_json out = ordered_json::array();
	if (licenses.size() == 1 && !spdx_license_id(licenses.front())) {
		if (auto expression = spdx_license_expression(licenses.front())) {
			out.push_back({{"expression", *expression}});
			return out;
		}
	}
	for (const auto &license : licenses) {
		if (const auto id = spdx_license_id(license)) {
			out.push_back({{"license", {{"id", *id}}}});
		} else {
			out.push_back({{"license", {{"name", license}}}});
		}
	}
	return out;
}

ordered_json target_component(const TargetInfo &target, const std::vector<LayerInfo> &layers, const std::string &ref) {
	ordered_json component = {
	    {"bom-ref", ref},
	    {"type", "container"},
	    {"name", target.repo_tags.empty() ? target.name : target.repo_tags.front()},
	};
	if (!target.manifest_digest.empty()) {
		component["version"] = target.manifest_digest;
	}
	ordered_json properties = ordered_json::array();
	add_cyclonedx_property(properties, "bulwark:target:kind", target.kind);
	add_cyclonedx_property(properties, "bulwark:target:name", target.name);
	add_cyclonedx_property(properties, "bulwark:target:format", target.format);
	add_cyclonedx_property(properties, "bulwark:image:config_digest", target.config_digest);
	add_cyclonedx_property(properties, "bulwark:image:platform", target.platform);
	add_cyclonedx_property(properties, "bulwark:image:created", target.created);
	for (const auto &tag : target.repo_tags) {
		add_cyclonedx_property(properties, "bulwark:image:repo_tag", tag);
	}
	// Every layer, with or without packages, so that an SBOM read back knows them all.
	for (const auto &layer : layers) {
		add_cyclonedx_property(properties, "bulwark:layer:diff_id", layer.diff_id);
		add_cyclonedx_property(properties, "bulwark:layer:blob_digest", layer.digest);
	}
	component["properties"] = std::move(properties);
	return component;
}

ordered_json os_component(const OsInfo &os, const std::string &ref) {
	ordered_json component = {
	    {"bom-ref", ref},
	    {"type", "operating-system"},
	    {"name", os.family},
	};
	if (!os.version_id.empty()) {
		component["version"] = os.version_id;
	}
	if (!os.pretty_name.empty()) {
		component["description"] = os.pretty_name;
	}
	ordered_json properties = ordered_json::array();
	add_cyclonedx_property(properties, "bulwark:os:codename", os.codename);
	add_cyclonedx_property(properties, "bulwark:os:source_file", os.source_file);
	if (os.distroless) {
		add_cyclonedx_property(properties, "bulwark:os:distroless", "true");
	}
	if (!properties.empty()) {
		component["properties"] = std::move(properties);
	}
	return component;
}

ordered_json package_component(const ScanReport &report, const Package &package, const std::string &ref) {
	ordered_json component = {
	    {"bom-ref", ref},
	    {"type", "library"},
	};
	if (!package.maintainer.empty()) {
		component["supplier"] = {{"name", package.maintainer}};
	}
	if (!package.vendor.empty()) {
		component["publisher"] = package.vendor;
	}
	component["name"] = package.name;
	if (!package.version.empty()) {
		component["version"] = package.version;
	}
	if (!package.licenses.empty()) {
		component["licenses"] = licenses_json(package.licenses);
	}
	if (!package.purl.empty()) {
		component["purl"] = package.purl;
	}
	ordered_json properties = ordered_json::array();
	add_cyclonedx_property(properties, "bulwark:package:type", package.type);
	if (const LayerInfo *layer = package_layer(report, package)) {
		add_cyclonedx_property(properties, "bulwark:layer:index", std::to_string(layer->index));
		add_cyclonedx_property(properties, "bulwark:layer:digest", layer->digest);
		add_cyclonedx_property(properties, "bulwark:layer:diff_id", layer->diff_id);
	}
	add_cyclonedx_property(properties, "bulwark:package:source_name", package.source_name);
	add_cyclonedx_property(properties, "bulwark:package:source_version", package.source_version);
	add_cyclonedx_property(properties, "bulwark:package:db_path", package.db_path);
	add_cyclonedx_property(properties, "bulwark:package:owned_by", package.owned_by);
	if (package.dev) {
		add_cyclonedx_property(properties, "bulwark:package:dev", "true");
	}
	if (package.declared) {
		add_cyclonedx_property(properties, "bulwark:package:declared", "true");
	}
	component["properties"] = std::move(properties);
	return component;
}

ordered_json bulwark_tool() {
	return {{"type", "application"}, {"name", "bulwark"}, {"version", BULWARK_VERSION}};
}

class CycloneDxWriter final : public ReportWriter {
public:
	explicit CycloneDxWriter(ReportOptions options) : options_(std::move(options)) {
	}

	std::string_view format() const override {
		return "cyclonedx";
	}

	Status write(const ScanReport &report, std::ostream &out) const override {
		auto uuid = document_uuid(options_);
		BW_TRY(uuid);

		UniqueIds refs;
		const std::string target_ref = refs.claim("bulwark:target");
		const bool has_os = !report.os.family.empty();
		const std::string os_ref = has_os ? refs.claim("bulwark:os") : "";

		ordered_json components = ordered_json::array();
		if (has_os) {
			components.push_back(os_component(report.os, os_ref));
		}
		ordered_json target_depends = ordered_json::array();
		ordered_json os_depends = ordered_json::array();
		if (has_os) {
			target_depends.push_back(os_ref);
		}
		std::vector<std::string> package_refs;
		for (const auto &package : report.packages) {
			const std::string base = package.purl.empty() ? package.type + "/" + package.name + "@" + package.version : package.purl;
			const std::string &ref = package_refs.emplace_back(refs.claim(base));
			components.push_back(package_component(report, package, ref));
			(has_os && is_os_package_type(package.type) ? os_depends : target_depends).push_back(ref);
		}

		ordered_json dependencies = ordered_json::array();
		dependencies.push_back({{"ref", target_ref}, {"dependsOn", std::move(target_depends)}});
		if (has_os) {
			dependencies.push_back({{"ref", os_ref}, {"dependsOn", std::move(os_depends)}});
		}

		ordered_json document = {
		    {"$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json"},
		    {"bomFormat", "CycloneDX"},
		    {"specVersion", "1.6"},
		    {"serialNumber", "urn:uuid:" + uuid.value()},
		    {"version", 1},
		    {"metadata",
		     {
		         {"timestamp", document_timestamp(options_)},
		         {"tools", {{"components", ordered_json::array({bulwark_tool()})}}},
		         {"component", target_component(report.target, report.layers, target_ref)},
		     }},
		    {"components", std::move(components)},
		    {"dependencies", std::move(dependencies)},
		};
		if (scanner_ran(report, "vuln") || !report.vulnerabilities.empty()) {
			document["vulnerabilities"] = cyclonedx_vulnerabilities(report, package_refs, refs);
		}
		write_json(document, out);
		return {};
	}

private:
	ReportOptions options_;
};

} // namespace

std::unique_ptr<ReportWriter> make_cyclonedx_writer(const ReportOptions &options) {
	return std::make_unique<CycloneDxWriter>(options);
}

} // namespace bulwark
