// SPDX 2.2/2.3 JSON, ours (src/report/spdx_json.cpp) and Trivy's: the OS from the
// OPERATING-SYSTEM package, a package from every other package with a purl external
// reference; "built package from: NAME VERSION" source info (both tools write it) and
// Trivy's "LayerDiffID: ..." attribution texts.
#include <algorithm>

#include "sbom/sbom_input.h"

namespace bulwark {

namespace {

using simdjson::dom::element;

constexpr std::string_view kSpdxVersions[] = { "SPDX-2.2", "SPDX-2.3" };
constexpr std::string_view kSourceInfoPrefix = "built package from: ";

std::string_view trim(std::string_view value) {
	const auto first = value.find_first_not_of(' ');
	if (first == std::string_view::npos) {
		return {};
	}
	return value.substr(first, value.find_last_not_of(' ') - first + 1);
}

// "(A OR B)" -> "A OR B" when the parentheses enclose the whole text.
std::string_view without_outer_parentheses(std::string_view part) {
	if (part.size() < 2 || part.front() != '(' || part.back() != ')') {
		return part;
	}
	int depth = 0;
	for (size_t i = 0; i < part.size(); ++i) {
		depth += part[i] == '(' ? 1 : part[i] == ')' ? -1 : 0;
		if (depth == 0 && i + 1 < part.size()) {
			return part; // "(A) OR (B)": the first group closes early
		}
	}
	return depth == 0 ? trim(part.substr(1, part.size() - 2)) : part;
}

// A licence expression as separate licences: split at the top-level ANDs (how both
// writers join a package's licences), nothing for NONE and NOASSERTION.
std::vector<std::string> split_license_expression(std::string_view expression) {
	expression = trim(expression);
	std::vector<std::string> out;
	if (expression.empty() || expression == "NONE" || expression == "NOASSERTION") {
		return out;
	}
	constexpr std::string_view separator = " AND ";
	int depth = 0;
	size_t start = 0;
	for (size_t i = 0; i < expression.size(); ++i) {
		depth += expression[i] == '(' ? 1 : expression[i] == ')' ? -1 : 0;
		if (depth == 0 && expression.substr(i, separator.size()) == separator) {
			out.emplace_back(without_outer_parentheses(trim(expression.substr(start, i - start))));
			start = i + separator.size();
			i = start - 1;
		}
	}
	out.emplace_back(without_outer_parentheses(trim(expression.substr(start))));
	out.erase(std::remove(out.begin(), out.end(), std::string()), out.end());
	return out;
}

// Values of "Key: value" attribution texts (Trivy's way of carrying its properties).
std::vector<std::string> attributions(element package, std::string_view key) {
	std::vector<std::string> values;
	auto texts = json_array(package, "attributionTexts");
	if (!texts) {
		return values;
	}
	const std::string prefix = std::string(key) + ": ";
	for (element entry : *texts) {
		std::string_view line;
		if (!entry.get_string().get(line) && line.starts_with(prefix)) {
			values.emplace_back(line.substr(prefix.size()));
		}
	}
	return values;
}

std::string first_attribution(element package, std::string_view key) {
	auto values = attributions(package, key);
	return values.empty() ? std::string() : std::move(values.front());
}

std::string purl_reference(element package) {
	auto references = json_array(package, "externalRefs");
	if (!references) {
		return {};
	}
	for (element reference : *references) {
		if (json_string(reference, "referenceType") == "purl") {
			return json_text(reference, "referenceLocator");
		}
	}
	return {};
}

SbomRecord package_record(element package, std::string where) {
	SbomRecord record;
	record.where = std::move(where);
	record.purl = purl_reference(package);
	record.name = json_text(package, "name");
	record.version = json_text(package, "versionInfo");
	record.licenses = split_license_expression(json_text(package, "licenseDeclared"));
	const std::string supplier = json_text(package, "supplier");
	for (std::string_view kind : { "Organization: ", "Person: " }) {
		if (supplier.starts_with(kind)) {
			record.maintainer = supplier.substr(kind.size());
		}
	}
	const std::string source = json_text(package, "sourceInfo");
	if (source.starts_with(kSourceInfoPrefix)) {
		const std::string_view rest = trim(std::string_view(source).substr(kSourceInfoPrefix.size()));
		const auto space = rest.find(' ');
		record.source_name = rest.substr(0, space);
		if (space != std::string_view::npos) {
			record.source_version = trim(rest.substr(space));
		}
	}
	record.layer_diff_id = first_attribution(package, "LayerDiffID");
	record.layer_digest = first_attribution(package, "LayerDigest");
	return record;
}

} // namespace

Result<ScanReport> read_spdx(element root, const std::string &path) {
	const std::string version = json_text(root, "spdxVersion");
	if (std::find(std::begin(kSpdxVersions), std::end(kSpdxVersions), version) == std::end(kSpdxVersions)) {
		return make_error(ErrorCode::unsupported,
		                  path + ": spdxVersion '" + version + "' is not read (SPDX-2.2 and SPDX-2.3 JSON are)");
	}
	SbomReportBuilder builder(path, "spdx");
	element packages;
	if (root["packages"].get(packages)) {
		return std::move(builder).finish();
	}
	simdjson::dom::array list;
	if (packages.get_array().get(list)) {
		return make_error(ErrorCode::malformed_json, path + ": SPDX 'packages' is not an array");
	}
	size_t index = 0;
	for (element package : list) {
		const std::string where = "packages[" + std::to_string(index++) + "]";
		if (!package.is_object()) {
			builder.skip(where, "not an object; skipped");
			continue;
		}
		// SPDX 2.3's JSON schema spells it OPERATING_SYSTEM, its text (and Trivy) OPERATING-SYSTEM.
		const std::string purpose = json_text(package, "primaryPackagePurpose");
		if (purpose == "OPERATING-SYSTEM" || purpose == "OPERATING_SYSTEM") {
			builder.set_os(json_text(package, "name"), json_text(package, "versionInfo"), "", "");
			continue;
		}
		if (purpose == "CONTAINER") {
			for (auto &diff_id : attributions(package, "DiffID")) {
				builder.add_layer(std::move(diff_id));
			}
			continue;
		}
		SbomRecord record = package_record(package, where);
		// Applications, files, sources, ... without a purl are not packages to match.
		const bool library = purpose.empty() || purpose == "LIBRARY" || purpose == "FRAMEWORK";
		if (!record.purl.empty() || library) {
			builder.add(record);
		}
	}
	return std::move(builder).finish();
}

} // namespace bulwark
