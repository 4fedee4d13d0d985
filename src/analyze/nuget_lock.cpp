// .NET: the NuGet packages a project locks in `packages.lock.json` (written by `dotnet
// restore` with RestorePackagesWithLockFile), found in a source tree or an image, marked
// declared. "dependencies" maps each target framework ("net8.0", "net8.0/linux-x64") to
// package names, each with a "type" (Direct, Transitive, CentralTransitive or Project) and
// the "resolved" version. Project entries are other projects of the same solution, not
// packages, and are skipped, as Trivy does. A package locked for several frameworks at the
// same version is listed once.
#include <set>

#include "analyze/manifest_files.h"
#include "util/json.h"

namespace bulwark {

namespace {

constexpr std::string_view kFileName = "packages.lock.json";
constexpr JsonLimits kLockLimits {.max_bytes = 32U << 20, .max_depth = 16};

bool is_nuget_lock(std::string_view path) {
	return path == kFileName ||
	       (path.ends_with(kFileName) && path[path.size() - kFileName.size() - 1] == '/');
}

std::vector<Package> parse_nuget_lock(const std::string &content, const std::string &source,
                                      std::vector<Warning> &out) {
	simdjson::dom::parser parser;
	auto root = parse_json(parser, content, kLockLimits, source);
	if (!root) {
		out.push_back(Warning {WarningKind::bad_record, root.error().describe() + "; skipped"});
		return {};
	}
	auto frameworks = json_object(*root, "dependencies");
	if (!frameworks) {
		out.push_back(Warning {WarningKind::bad_record, source + ": no \"dependencies\" object; skipped"});
		return {};
	}
	std::vector<Package> found;
	std::set<std::pair<std::string_view, std::string_view>> seen;
	SkippedRecords skipped;
	for (auto [framework, packages] : *frameworks) {
		simdjson::dom::object entries;
		if (packages.get_object().get(entries)) {
			skipped.skip("framework '" + std::string(framework) + "' is not an object");
			continue;
		}
		for (auto [name, entry] : entries) {
			if (json_string(entry, "type") == std::optional<std::string_view>("Project")) {
				continue;
			}
			auto version = json_string(entry, "resolved");
			if (name.empty() || !version || version->empty()) {
				skipped.skip("package '" + std::string(name) + "' has no resolved version");
				continue;
			}
			if (!seen.emplace(name, *version).second) {
				continue;
			}
			Package pkg;
			pkg.name = std::string(name);
			pkg.version = std::string(*version);
			pkg.declared = true;
			found.push_back(std::move(pkg));
		}
	}
	skipped.report(source, out);
	return found;
}

class NugetLockAnalyzer : public Analyzer {
public:
	std::string_view name() const override {
		return "nuget-lock";
	}

	bool wants(std::string_view path) const override {
		return is_nuget_lock(path);
	}

	void analyze(const FileView &view, AnalysisResult &out) const override {
		analyze_manifest_files(view, is_nuget_lock, "nuget", parse_nuget_lock, out);
	}
};

} // namespace

std::unique_ptr<Analyzer> make_nuget_lock_analyzer() {
	return std::make_unique<NugetLockAnalyzer>();
}

} // namespace bulwark
