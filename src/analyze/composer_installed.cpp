// PHP: the packages Composer installed into a project, from `vendor/composer/installed.json`.
// Composer 1 writes a JSON array of package objects; Composer 2 an object whose "packages"
// holds that array and whose "dev-package-names" lists the require-dev ones. Names are
// "vendor/package"; versions are kept as Composer writes them, a tag's leading "v" included
// ("v3.1.0"), as `composer show` prints them and as Trivy reports them (it does not strip
// the "v" either).
#include <set>

#include "analyze/manifest_files.h"
#include "util/json.h"

namespace bulwark {

namespace {

constexpr std::string_view kInstalledJson = "vendor/composer/installed.json";
// Large applications install a few hundred packages, about 1 KiB of JSON each.
constexpr JsonLimits kInstalledJsonLimits {.max_bytes = 32u << 20, .max_depth = 64};
constexpr size_t kMaxLicenses = 16;

bool is_installed_json(std::string_view path) {
	return path == kInstalledJson ||
	       (path.ends_with(kInstalledJson) && path[path.size() - kInstalledJson.size() - 1] == '/');
}

// "license" is an array of SPDX identifiers; a plain string also occurs in old files.
std::vector<std::string> licenses_of(simdjson::dom::element package) {
	if (auto single = json_string(package, "license")) {
		return single->empty() ? std::vector<std::string> {} : std::vector<std::string> {std::string(*single)};
	}
	std::vector<std::string> licenses;
	if (auto list = json_array(package, "license")) {
		for (auto item : *list) {
			std::string_view license;
			if (!item.get_string().get(license) && !license.empty() && licenses.size() < kMaxLicenses) {
				licenses.emplace_back(license);
			}
		}
	}
	return licenses;
}

std::vector<Package> parse_installed_json(const std::string &content, const std::string &source,
                                          std::vector<Warning> &out) {
	simdjson::dom::parser parser;
	auto root = parse_json(parser, content, kInstalledJsonLimits, source);
	if (!root) {
		out.push_back(Warning {WarningKind::bad_record, root.error().describe()});
		return {};
	}
	simdjson::dom::array list;
	std::set<std::string_view> dev_names;
	if (root->get_array().get(list)) {
		auto packages = json_array(*root, "packages");
		if (!packages) {
			out.push_back(Warning {WarningKind::bad_record,
			                       source + ": neither a package array (Composer 1) nor an object with "
			                                "\"packages\" (Composer 2); skipped"});
			return {};
		}
		list = *packages;
		if (auto names = json_array(*root, "dev-package-names")) {
			for (auto name : *names) {
				std::string_view text;
				if (!name.get_string().get(text)) {
					dev_names.insert(text);
				}
			}
		}
	}
	std::vector<Package> found;
	SkippedRecords skipped;
	size_t index = 0;
	for (auto element : list) {
		const std::string where = "packages[" + std::to_string(index++) + "]";
		auto name = json_string(element, "name");
		auto version = json_string(element, "version");
		if (!name || name->empty()) {
			skipped.skip(where + " has no name");
			continue;
		}
		if (!version || version->empty()) {
			skipped.skip(where + " ('" + std::string(*name) + "') has no version");
			continue;
		}
		Package pkg;
		pkg.name = std::string(*name);
		pkg.version = std::string(*version);
		pkg.licenses = licenses_of(element);
		pkg.dev = dev_names.contains(*name);
		found.push_back(std::move(pkg));
	}
	skipped.report(source, out);
	return found;
}

class ComposerInstalledAnalyzer : public Analyzer {
public:
	std::string_view name() const override {
		return "composer-installed";
	}

	bool wants(std::string_view path) const override {
		return is_installed_json(path);
	}

	void analyze(const FileView &view, AnalysisResult &out) const override {
		analyze_manifest_files(view, is_installed_json, "composer", parse_installed_json, out);
	}
};

} // namespace

std::unique_ptr<Analyzer> make_composer_installed_analyzer() {
	return std::make_unique<ComposerInstalledAnalyzer>();
}

} // namespace bulwark
