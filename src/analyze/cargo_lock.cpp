// Cargo.lock (format versions 1 to 4) found in an image or a project: one package per
// `[[package]]` table, from its `name` and `version` keys, marked declared (a
// lockfile says what a build would use, not what is installed). Cargo writes these files
// in a fixed shape (one `key = "string"` per line, arrays of dependency strings spread over
// lines), so a line reader suffices; version 1's `[metadata]` checksum table and any other
// table end the current package. Like Trivy, every package is listed, the workspace's own
// crates (no `source`) included.
#include <optional>

#include "analyze/analyzer.h"
#include "analyze/control_file.h"
#include "util/lines.h"

namespace bulwark {

namespace {

constexpr std::string_view kFileName = "Cargo.lock";
constexpr size_t kMaxFileSize = 16U << 20;
constexpr size_t kMaxPackages = 100000;

struct LockEntry {
	size_t line = 0;
	std::optional<std::string> name;
	std::optional<std::string> version;
};

std::string_view trim(std::string_view text) {
	const auto begin = text.find_first_not_of(" \t");
	if (begin == std::string_view::npos) {
		return {};
	}
	return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

// The value of a TOML basic string `"..."` (escapes \" \\ \t \n resolved); nullopt if the
// value is not one.
std::optional<std::string> basic_string(std::string_view value) {
	if (value.size() < 2 || value.front() != '"') {
		return std::nullopt;
	}
	std::string out;
	for (size_t i = 1; i < value.size(); ++i) {
		const char c = value[i];
		if (c == '"') {
			return out;
		}
		if (c != '\\') {
			out += c;
			continue;
		}
		if (++i == value.size()) {
			return std::nullopt;
		}
		switch (value[i]) {
		case 't':
			out += '\t';
			break;
		case 'n':
			out += '\n';
			break;
		default:
			out += value[i];
			break;
		}
	}
	return std::nullopt; // unterminated
}

void finish_entry(std::optional<LockEntry> &entry, std::vector<Package> &packages, RecordWarnings &warnings) {
	if (!entry) {
		return;
	}
	if (!entry->name || entry->name->empty() || !entry->version || entry->version->empty()) {
		warnings.bad_record(entry->line, "[[package]] without a name and version string; skipped");
	} else {
		Package pkg;
		pkg.type = "cargo";
		pkg.name = std::move(*entry->name);
		pkg.version = std::move(*entry->version);
		pkg.declared = true;
		packages.push_back(std::move(pkg));
	}
	entry.reset();
}

std::vector<Package> parse_lock(std::string_view text, RecordWarnings &warnings) {
	std::vector<Package> packages;
	std::optional<LockEntry> entry;
	LineReader lines(text);
	std::string_view raw;
	while (lines.next(raw) && packages.size() < kMaxPackages) {
		const std::string_view line = trim(raw);
		if (line.empty() || line.front() == '#') {
			continue;
		}
		if (line.front() == '[' && raw.front() == '[') { // a table header starts in column 0
			finish_entry(entry, packages, warnings);
			if (line == "[[package]]") {
				entry.emplace();
				entry->line = lines.line_number();
			}
			continue;
		}
		const auto equals = line.find('=');
		if (!entry || equals == std::string_view::npos) {
			continue; // other tables' keys, dependency array items
		}
		const std::string_view key = trim(line.substr(0, equals));
		const std::string_view value = trim(line.substr(equals + 1));
		if (key == "name") {
			entry->name = basic_string(value);
		} else if (key == "version") {
			entry->version = basic_string(value);
		}
	}
	finish_entry(entry, packages, warnings);
	if (packages.size() >= kMaxPackages) {
		warnings.bad_record(lines.line_number(), "more than " + std::to_string(kMaxPackages) + " packages; the rest ignored");
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
