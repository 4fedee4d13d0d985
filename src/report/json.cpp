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
		write_json(document, out);
		return {};
	}
};

} // namespace

std::unique_ptr<ReportWriter> make_json_writer(const ReportOptions &) {
	return std::make_unique<JsonWriter>();
}

} // namespace bulwark
