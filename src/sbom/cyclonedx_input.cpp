// CycloneDX 1.2-1.6 JSON, ours (src/report/cyclonedx.cpp) and Trivy's: the OS from the
// operating-system component, a package from every other component with a purl (nested
// components included), source package and layer from our bulwark:* properties or
// Trivy's aquasecurity:trivy:* ones.
#include <algorithm>
#include <charconv>
#include <utility>

#include "sbom/sbom_input.h"

namespace bulwark {

namespace {

using simdjson::dom::element;

constexpr std::string_view kSpecVersions[] = { "1.2", "1.3", "1.4", "1.5", "1.6" };
// Components inside components: real documents nest a few levels (an image's
// applications, a jar's shaded jars); the JSON depth limit bounds it too.
constexpr size_t kMaxNesting = 32;

// A component's properties (CycloneDX 1.3+), in document order.
class Properties {
public:
	explicit Properties(element component) {
		if (auto list = json_array(component, "properties")) {
			for (element entry : *list) {
				auto name = json_string(entry, "name");
				auto value = json_string(entry, "value");
				if (name && value) {
					entries_.emplace_back(*name, *value);
				}
			}
		}
	}

	// The first value of `name`, or "".
	std::string get(std::string_view name) const {
		for (const auto &[key, value] : entries_) {
			if (key == name) {
				return std::string(value);
			}
		}
		return {};
	}

	// Ours first, Trivy's when ours is absent.
	std::string get(std::string_view ours, std::string_view trivys) const {
		std::string value = get(ours);
		return value.empty() ? get(trivys) : value;
	}

	std::vector<std::string_view> all(std::string_view name) const {
		std::vector<std::string_view> values;
		for (const auto &[key, value] : entries_) {
			if (key == name) {
				values.push_back(value);
			}
		}
		return values;
	}

private:
	std::vector<std::pair<std::string_view, std::string_view>> entries_;
};

// license.id, license.name or a whole expression, one entry each.
std::vector<std::string> licenses(element component) {
	std::vector<std::string> out;
	auto list = json_array(component, "licenses");
	if (!list) {
		return out;
	}
	for (element entry : *list) {
		element license;
		std::string value = json_text(entry, "expression");
		if (value.empty() && !entry["license"].get(license)) {
			value = json_text(license, "id");
			if (value.empty()) {
				value = json_text(license, "name");
			}
		}
		if (!value.empty()) {
			out.push_back(std::move(value));
		}
	}
	return out;
}

// Trivy splits a source version the way its package managers do.
void trivy_source(const Properties &properties, SbomRecord &record) {
	record.source_name = properties.get("aquasecurity:trivy:SrcName");
	record.source_version = properties.get("aquasecurity:trivy:SrcVersion");
	const std::string release = properties.get("aquasecurity:trivy:SrcRelease");
	if (!record.source_version.empty() && !release.empty()) {
		record.source_version += "-" + release;
	}
	record.source_epoch = properties.get("aquasecurity:trivy:SrcEpoch");
}

class CycloneDxReader {
public:
	explicit CycloneDxReader(SbomReportBuilder &builder) : builder_(builder) {
	}

	// Layers from the target's properties: ours one diff_id each, Trivy's one
	// comma-separated list.
	void read_target(element target) {
		const Properties properties(target);
		for (auto diff_id : properties.all("bulwark:layer:diff_id")) {
			builder_.add_layer(std::string(diff_id));
		}
		size_t index = 0;
		for (auto digest : properties.all("bulwark:layer:blob_digest")) {
			builder_.set_layer_digest(index++, std::string(digest));
		}
		for (auto list : properties.all("aquasecurity:trivy:DiffID")) {
			while (!list.empty()) {
				const auto comma = list.find(',');
				builder_.add_layer(std::string(list.substr(0, comma)));
				list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
			}
		}
	}

	void read_components(simdjson::dom::array components, const std::string &where, size_t depth) {
		size_t index = 0;
		for (element component : components) {
			read_component(component, where + "[" + std::to_string(index++) + "]", depth);
		}
	}

private:
	void read_component(element component, const std::string &where, size_t depth) {
		if (!component.is_object()) {
			builder_.skip(where, "not an object; skipped");
			return;
		}
		const std::string type = json_text(component, "type");
		if (type == "operating-system") {
			builder_.set_os(json_text(component, "name"), json_text(component, "version"),
			                json_text(component, "description"), Properties(component).get("bulwark:os:codename"));
		} else {
			read_package(component, type, where);
		}
		element nested;
		if (component["components"].get(nested)) {
			return;
		}
		simdjson::dom::array list;
		if (nested.get_array().get(list)) {
			builder_.skip(where, "'components' is not an array; its contents are skipped");
		} else if (depth + 1 >= kMaxNesting) {
			builder_.skip(where, "components nested deeper than " + std::to_string(kMaxNesting) + " levels; skipped");
		} else {
			read_components(list, where + ".components", depth + 1);
		}
	}

	void read_package(element component, const std::string &type, const std::string &where) {
		SbomRecord record;
		record.where = where;
		record.purl = json_text(component, "purl");
		record.name = json_text(component, "name");
		record.version = json_text(component, "version");
		// Applications, containers, files, ... without a purl are not packages to match.
		const bool library = type.empty() || type == "library" || type == "framework";
		if (record.purl.empty() && !library) {
			return;
		}
		record.licenses = licenses(component);
		element supplier;
		if (!component["supplier"].get(supplier)) {
			record.maintainer = json_text(supplier, "name");
		}
		record.vendor = json_text(component, "publisher");

		const Properties properties(component);
		record.source_name = properties.get("bulwark:package:source_name");
		record.source_version = properties.get("bulwark:package:source_version");
		if (record.source_name.empty()) {
			trivy_source(properties, record);
		}
		record.db_path = properties.get("bulwark:package:db_path", "aquasecurity:trivy:FilePath");
		record.owned_by = properties.get("bulwark:package:owned_by");
		record.dev = properties.get("bulwark:package:dev") == "true";
		record.declared = properties.get("bulwark:package:declared") == "true";
		if (const std::string index = properties.get("bulwark:layer:index"); !index.empty()) {
			size_t value = 0;
			const auto [end, ec] = std::from_chars(index.data(), index.data() + index.size(), value);
			if (ec == std::errc() && end == index.data() + index.size()) {
				record.layer_index = value;
			}
		}
		record.layer_diff_id = properties.get("bulwark:layer:diff_id", "aquasecurity:trivy:LayerDiffID");
		record.layer_digest = properties.get("bulwark:layer:digest", "aquasecurity:trivy:LayerDigest");
		builder_.add(record);
	}

	SbomReportBuilder &builder_;
};

} // namespace

Result<ScanReport> read_cyclonedx(element root, const std::string &path) {
	const std::string version = json_text(root, "specVersion");
	if (std::find(std::begin(kSpecVersions), std::end(kSpecVersions), version) == std::end(kSpecVersions)) {
		return make_error(ErrorCode::unsupported,
		                  path + ": CycloneDX specVersion '" + version + "' is not read (1.2 to 1.6 are)");
	}
	SbomReportBuilder builder(path, "cyclonedx");
	CycloneDxReader reader(builder);
	element target;
	if (!root["metadata"]["component"].get(target)) {
		reader.read_target(target);
	}
	element components;
	if (!root["components"].get(components)) {
		simdjson::dom::array list;
		if (components.get_array().get(list)) {
			return make_error(ErrorCode::malformed_json, path + ": CycloneDX 'components' is not an array");
		}
		reader.read_components(list, "components", 0);
	}
	return std::move(builder).finish();
}

} // namespace bulwark
