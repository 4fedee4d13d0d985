// apk: installed Alpine/Wolfi packages from `lib/apk/db/installed`, the text database that
// apk-tools 2 and 3 both write: one record per package, records separated by blank lines,
// each line "K:value" with a one-letter key. Keys read here: P name, V version, A arch,
// o origin (the source package), L licence expression, m maintainer, F directory and R
// file (R names a file in the directory of the F before it). installed_files lists the
// files only, as `apk info -L` does, as absolute paths.
#include <optional>

#include "analyze/analyzer.h"
#include "analyze/control_file.h"
#include "analyze/layer_origin.h"
#include "util/lines.h"

namespace bulwark {

namespace {

constexpr std::string_view kInstalledPath = "lib/apk/db/installed";

// One record being read.
struct ApkRecord {
	size_t line = 0;
	Package pkg;
	std::string directory;
	bool has_name = false;
	bool has_version = false;
};

void finish_record(std::optional<ApkRecord> &record, std::vector<Package> &packages, RecordWarnings &warnings) {
	if (!record) {
		return;
	}
	if (!record->has_name || record->pkg.name.empty()) {
		warnings.bad_record(record->line, "record without a package name (P:); skipped");
	} else if (!record->has_version || record->pkg.version.empty()) {
		warnings.bad_record(record->line, "package '" + record->pkg.name + "' has no version (V:); skipped");
	} else {
		packages.push_back(std::move(record->pkg));
	}
	record.reset();
}

void apply_line(ApkRecord &record, char key, std::string_view value) {
	Package &pkg = record.pkg;
	switch (key) {
	case 'P':
		pkg.name = std::string(value);
		record.has_name = true;
		break;
	case 'V':
		pkg.version = std::string(value);
		record.has_version = true;
		break;
	case 'A':
		pkg.arch = std::string(value);
		break;
	case 'o':
		pkg.source_name = std::string(value);
		break;
	case 'L':
		if (!value.empty()) {
			pkg.licenses.assign(1, std::string(value));
		}
		break;
	case 'm':
		pkg.maintainer = std::string(value);
		break;
	case 'F':
		record.directory = std::string(value);
		break;
	case 'R':
		pkg.installed_files.push_back(record.directory.empty() ? "/" + std::string(value)
		                                                        : "/" + record.directory + "/" + std::string(value));
		break;
	default:
		break; // checksums, sizes, dependencies, ACLs: not needed for an inventory
	}
}

std::vector<Package> parse_installed(std::string_view text, RecordWarnings &warnings) {
	std::vector<Package> packages;
	std::optional<ApkRecord> record;
	LineReader lines(text);
	std::string_view line;
	while (lines.next(line)) {
		const size_t line_no = lines.line_number();
		if (line.empty()) {
			finish_record(record, packages, warnings);
			continue;
		}
		if (!record) {
			record.emplace();
			record->line = line_no;
		}
		// apk-tools itself skips a line that is not "K:value" and reads on.
		if (line.size() < 2 || line[1] != ':') {
			warnings.bad_record(line_no, "not a 'K:value' line; ignored");
			continue;
		}
		apply_line(*record, line[0], line.substr(2));
	}
	finish_record(record, packages, warnings);
	for (auto &pkg : packages) {
		pkg.type = "apk";
		pkg.db_path = std::string(kInstalledPath);
		if (pkg.source_name.empty()) {
			pkg.source_name = pkg.name;
		}
		// An origin package builds all its subpackages at its own version.
		pkg.source_version = pkg.version;
	}
	return packages;
}

class ApkAnalyzer : public Analyzer {
public:
	std::string_view name() const override {
		return "apk";
	}

	bool wants(std::string_view path) const override {
		return path == kInstalledPath;
	}

	void analyze(const FileView &view, AnalysisResult &out) const override {
		const std::string *installed = view.read(kInstalledPath);
		if (!installed) {
			return;
		}
		std::string source(kInstalledPath);
		if (const FileEntry *entry = view.stat(kInstalledPath)) {
			source += " (layer " + std::to_string(entry->layer) + ")";
		}
		RecordWarnings warnings(out.warnings, source);
		auto packages = parse_installed(*installed, warnings);
		assign_layers_from_history(
		    view, kInstalledPath,
		    [](const std::string &content) {
			    std::vector<Warning> ignored;
			    RecordWarnings quiet(ignored, {}, 0);
			    return parse_installed(content, quiet);
		    },
		    packages);
		for (auto &pkg : packages) {
			out.packages.push_back(std::move(pkg));
		}
	}
};

} // namespace

std::unique_ptr<Analyzer> make_apk_analyzer() {
	return std::make_unique<ApkAnalyzer>();
}

} // namespace bulwark
