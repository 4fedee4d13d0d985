// SPDX 2.3 JSON (docs/sbom.md): one SPDX package for the target, one for the OS, one per
// installed package, tied by DESCRIBES and CONTAINS relationships.
#include <algorithm>

#include "report/report_support.h"
#include "report/report_writer.h"
#include "report/spdx_license.h"

namespace bulwark {

namespace {

using nlohmann::ordered_json;

constexpr std::string_view noassertion = "NOASSERTION";

// SPDX ids and our namespace path allow [A-Za-z0-9.-] only.
std::string sanitize_id(std::string_view text) {
	std::string out(text);
	std::replace_if(
	    out.begin(), out.end(),
	    [](char c) { return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'); },
	    '-');
	return out;
}

// All licence strings as one expression joined by AND, or NOASSERTION when there are
// none or one is not a valid SPDX expression (free text cannot go in this field).
std::string declared_license(const std::vector<std::string> &licenses) {
	std::string joined;
	for (const auto &license : licenses) {
		auto expression = spdx_license_expression(license);
		if (!expression) {
			return std::string(noassertion);
		}
		const bool compound = !spdx_license_id(license) && licenses.size() > 1;
		if (!joined.empty()) {
			joined += " AND ";
		}
		joined += compound ? "(" + *expression + ")" : *expression;
	}
	return joined.empty() ? std::string(noassertion) : joined;
}

ordered_json spdx_package(const std::string &id, const std::string &name, const std::string &version, std::string_view purpose) {
	ordered_json package = {
	    {"name", name},
	    {"SPDXID", id},
	};
	if (!version.empty()) {
		package["versionInfo"] = version;
	}
	package["downloadLocation"] = noassertion;
	package["filesAnalyzed"] = false;
	package["primaryPackagePurpose"] = purpose;
	return package;
}

ordered_json package_json(const Package &package, const std::string &id) {
	ordered_json out = spdx_package(id, package.name, package.version, "LIBRARY");
	// We read what the package declares; nobody concluded anything (SPDX 2.3 7.13).
	out["licenseConcluded"] = noassertion;
	out["licenseDeclared"] = declared_license(package.licenses);
	const std::string &supplier = package.vendor.empty() ? package.maintainer : package.vendor;
	out["supplier"] = supplier.empty() ? std::string(noassertion) : "Organization: " + supplier;
	if (!package.source_name.empty()) {
		const std::string version = package.source_version.empty() ? "" : " " + package.source_version;
		out["sourceInfo"] = "built package from: " + package.source_name + version;
	}
	if (!package.purl.empty()) {
		out["externalRefs"] = ordered_json::array(
		    {{{"referenceCategory", "PACKAGE-MANAGER"}, {"referenceType", "purl"}, {"referenceLocator", package.purl}}});
	}
	return out;
}

ordered_json relationship(const std::string &from, std::string_view type, const std::string &to) {
	return {{"spdxElementId", from}, {"relationshipType", type}, {"relatedSpdxElement", to}};
}

class SpdxJsonWriter final : public ReportWriter {
public:
	explicit SpdxJsonWriter(ReportOptions options) : options_(std::move(options)) {
	}

	std::string_view format() const override {
		return "spdx-json";
	}

	Status write(const ScanReport &report, std::ostream &out) const override {
		auto uuid = document_uuid(options_);
		BW_TRY(uuid);
		const TargetInfo &target = report.target;
		const std::string target_name = target.repo_tags.empty() ? target.name : target.repo_tags.front();

		UniqueIds ids;
		ordered_json packages = ordered_json::array();
		ordered_json relationships = ordered_json::array();

		const std::string target_id = ids.claim("SPDXRef-" + sanitize_id(target.kind.empty() ? "target" : target.kind));
		packages.push_back(spdx_package(target_id, target_name, target.manifest_digest, "CONTAINER"));
		relationships.push_back(relationship("SPDXRef-DOCUMENT", "DESCRIBES", target_id));

		const bool has_os = !report.os.family.empty();
		std::string os_id;
		if (has_os) {
			os_id = ids.claim("SPDXRef-OperatingSystem-" + sanitize_id(report.os.family));
			packages.push_back(spdx_package(os_id, report.os.family, report.os.version_id, "OPERATING_SYSTEM"));
			relationships.push_back(relationship(target_id, "CONTAINS", os_id));
		}
		for (const auto &package : report.packages) {
			const std::string id =
			    ids.claim("SPDXRef-Package-" + sanitize_id(package.type + "-" + package.name + "-" + package.version));
			packages.push_back(package_json(package, id));
			const bool under_os = has_os && is_os_package_type(package.type);
			relationships.push_back(relationship(under_os ? os_id : target_id, "CONTAINS", id));
		}

		const ordered_json document = {
		    {"spdxVersion", "SPDX-2.3"},
		    {"dataLicense", "CC0-1.0"},
		    {"SPDXID", "SPDXRef-DOCUMENT"},
		    {"name", target_name},
		    {"documentNamespace",
		     "https://spdx.org/spdxdocs/bulwark-" + sanitize_id(target.kind) + "-" + sanitize_id(target_name) + "-" + uuid.value()},
		    {"creationInfo",
		     {{"creators", ordered_json::array({std::string("Tool: bulwark-") + BULWARK_VERSION})},
		      {"created", document_timestamp(options_)}}},
		    {"packages", std::move(packages)},
		    {"relationships", std::move(relationships)},
		};
		write_json(document, out);
		return {};
	}

private:
	ReportOptions options_;
};

} // namespace

std::unique_ptr<ReportWriter> make_spdx_json_writer(const ReportOptions &options) {
	return std::make_unique<SpdxJsonWriter>(options);
}

} // namespace bulwark
