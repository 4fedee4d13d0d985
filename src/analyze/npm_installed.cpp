// npm: packages installed in node_modules trees (npm, yarn's node-modules linker, pnpm's
// .pnpm store, nested and scoped), one per package.json at the top of a package directory,
// with the name and version written in it, as `npm ls` reports them; plus the project's own
// package.json next to them (the application itself, as Trivy lists it).
#include "analyze/manifest_files.h"
#include "analyze/npm_package_json.h"

namespace bulwark {

namespace {

std::vector<Package> parse_installed(const std::string &content, const std::string &source,
                                     std::vector<Warning> &warnings) {
	std::vector<Package> packages;
	auto manifest = parse_package_json(content, source);
	if (!manifest) {
		warnings.push_back({WarningKind::bad_record, manifest.error().describe() + "; skipped"});
	} else if (*manifest) {
		Package pkg;
		pkg.name = std::move((*manifest)->name);
		pkg.version = std::move((*manifest)->version);
		if (!(*manifest)->license.empty()) {
			pkg.licenses.push_back(std::move((*manifest)->license));
		}
		packages.push_back(std::move(pkg));
	}
	return packages;
}

class NpmInstalledAnalyzer : public Analyzer {
public:
	std::string_view name() const override {
		return "npm-installed";
	}

	bool wants(std::string_view path) const override {
		return path == "package.json" || path.ends_with("/package.json");
	}

	void analyze(const FileView &view, AnalysisResult &out) const override {
		analyze_manifest_files(
		    view,
		    [&view](std::string_view path) {
			    return is_installed_package_json(path) || is_project_package_json(view, path);
		    },
		    "npm", parse_installed, out);
	}
};

} // namespace

std::unique_ptr<Analyzer> make_npm_installed_analyzer() {
	return std::make_unique<NpmInstalledAnalyzer>();
}

} // namespace bulwark
