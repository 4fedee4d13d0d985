// Cargo.lock (format versions 1 to 4) found in an image or a project: one package per
// `[[package]]` table, from its `name` and `version` keys, marked declared (a
// lockfile says what a build would use, not what is installed). Cargo writes these files
// in a fixed shape (one `key = "string"` per line, arrays of dependency strings spread over
// lines), so the shared TOML line reader suffices; version 1's `[metadata]` checksum table and any other
// table end the current package. Like Trivy, every package is listed, the workspace's own
// crates (no `source`) included.
#include "analyze/analyzer.h"
#include "analyze/toml_lines.h"

namespace bulwark {

namespace {

constexpr std::string_view kFileName = "Cargo.lock";
constexpr size_t kMaxFileSize = 16U << 20;
constexpr size_t kMaxPackages = 100000;

std::vector<Package> parse_lock(std::string_view text, RecordWarnings &warnings) {
	std::vector<Package> packages;
	for (const auto &table : toml_array_tables(text, "package", kMaxPackages, warnings)) {
		auto name = table.string("name");
		auto version = table.string("version");
		if (!name || name->empty() || !version || version->empty()) {
			warnings.bad_record(table.line, "[[package]] without a name and version string; skipped");
			continue;
		}
		Package pkg;
		pkg.type = "cargo";
		pkg.name = std::move(*name);
		pkg.version = std::move(*version);
		pkg.declared = true;
		packages.push_back(std::move(pkg));
	}
	return packages;
}

class CargoLockAnalyzer : public Analyzer {
public:
	std::string_view name() const override {
		return "cargo-lock";
	}

	bool wants(std::string_view path) const override {
		return path == kFileName ||
		       (path.size() > kFileName.size() && path.ends_with(kFileName) && path[path.size() - kFileName.size() - 1] == '/');
	}

	void analyze(const FileView &view, AnalysisResult &out) const override {
		view.for_each([&](const FileEntry &file) {
			if (!file.content || !wants(file.path)) {
				return;
			}
			const std::string source = file.path + " (layer " + std::to_string(file.layer) + ")";
			if (file.content->size() > kMaxFileSize) {
				out.warnings.push_back(Warning {WarningKind::limit_reached,
				                                source + ": larger than " + std::to_string(kMaxFileSize) + " bytes; not read"});
				return;
			}
			RecordWarnings warnings(out.warnings, source);
			for (auto &pkg : parse_lock(*file.content, warnings)) {
				pkg.db_path = file.path;
				pkg.layer = file.layer;
				out.packages.push_back(std::move(pkg));
			}
		});
	}
};

} // namespace

std::unique_ptr<Analyzer> make_cargo_lock_analyzer() {
	return std::make_unique<CargoLockAnalyzer>();
}

} // namespace bulwark
