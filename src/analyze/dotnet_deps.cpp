// .NET: the NuGet packages an application was built against, from the `<app>.deps.json`
// the .NET SDK writes next to it. "libraries" maps "Name/Version" to an object whose
// "type" is "package" for NuGet packages ("project" and "reference" entries are the
// application's own assemblies and are not packages).
#include "analyze/manifest_files.h"
#include "util/json.h"

namespace bulwark {

namespace {

constexpr JsonLimits kDepsJsonLimits {.max_bytes = 32u << 20, .max_depth = 64};

bool is_deps_json(std::string_view path) {
	return path.ends_with(".deps.json");
}

std::vector<Package> parse_deps_json(const std::string &content, const std::string &source,
                                     std::vector<Warning> &out) {
	simdjson::dom::parser parser;
	auto root = parse_json(parser, content, kDepsJsonLimits, source);
	if (!root) {
		out.push_back(Warning {WarningKind::bad_record, root.error().describe()});
		return {};
	}
	auto libraries = json_object(*root, "libraries");
	if (!libraries) {
		out.push_back(Warning {WarningKind::bad_record, source + ": no \"libraries\" object; skipped"});
		return {};
	}
	std::vector<Package> found;
	SkippedRecords skipped;
	for (auto [key, library] : *libraries) {
		if (json_string(library, "type") != std::optional<std::string_view>("package")) {
			continue;
		}
		auto slash = key.find('/');
		if (slash == 0 || slash == std::string_view::npos || slash + 1 == key.size()) {
			skipped.skip("library key '" + std::string(key) + "' is not \"Name/Version\"");
			continue;
		}
		Package pkg;
		pkg.name = std::string(key.substr(0, slash));
		pkg.version = std::string(key.substr(slash + 1));
		found.push_back(std::move(pkg));
	}
	skipped.report(source, out);
	return found;
}

class DotnetDepsAnalyzer : public Analyzer {
public:
	std::string_view name() const override {
		return "dotnet-deps";
	}

	bool wants(std::string_view path) const override {
		return is_deps_json(path);
	}

	void analyze(const FileView &view, AnalysisResult &out) const override {
		analyze_manifest_files(view, is_deps_json, "nuget", parse_deps_json, out);
	}
};

} // namespace

std::unique_ptr<Analyzer> make_dotnet_deps_analyzer() {
	return std::make_unique<DotnetDepsAnalyzer>();
}

} // namespace bulwark
