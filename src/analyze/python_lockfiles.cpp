// Python: the packages a project's lockfiles declare, found in an image or a source tree,
// marked declared (they say what an install would use, not what is installed):
//  - requirements*.txt (pip): only pinned `name==version` requirements count. Comments,
//    `\` continuations, extras (`name[x]==1`), environment markers (`; python_version<...`)
//    and per-requirement options (`--hash=...`) are understood as pip reads them; option
//    lines (`-r`/`-c` includes, `-e`, `--index-url`) are skipped and includes are NOT
//    followed: the included file is read on its own when its name matches.
//  - Pipfile.lock (pipenv, JSON): "default" and "develop" (dev) map names to {"version":
//    "==1.2.3"}; entries without a `==` version (git, path, editable) are skipped.
//  - poetry.lock: `[[package]]` name/version; dev from `category = "dev"` (lock 1.x/2.0)
//    or `groups` without "main" (lock 2.1). Lock 2.0 files written by Poetry 1.5+ carry
//    neither, so their packages are all non-dev.
//  - uv.lock: `[[package]]` name/version; the project itself (source editable or virtual
//    ".") is not a dependency and is skipped. uv records dev-ness only in the dependency
//    graph, which is not walked: every package is non-dev.
// Lockfiles inside site-packages/dist-packages came with an installed distribution and say
// nothing about this project, so they are not read. Names and versions are kept as written.
#include <algorithm>
#include <optional>
#include <set>

#include "analyze/manifest_files.h"
#include "analyze/toml_lines.h"
#include "util/json.h"
#include "util/lines.h"

namespace bulwark {

namespace {

// Real lockfiles of large applications stay well below this.
constexpr size_t kMaxLockfileBytes = 16U << 20;
constexpr JsonLimits kPipfileLockLimits {.max_bytes = kMaxLockfileBytes, .max_depth = 32};
constexpr size_t kMaxPackages = 100000;
// pip joins `\` continuations; a logical line longer than this is not a requirement.
constexpr size_t kMaxLogicalLine = 1U << 20;

std::string_view file_name(std::string_view path) {
	return path.substr(path.rfind('/') + 1);
}

bool in_installed_tree(std::string_view path) {
	return has_ancestor_dir(path, "site-packages") || has_ancestor_dir(path, "dist-packages");
}

bool is_requirements(std::string_view path) {
	auto file = file_name(path);
	return file.starts_with("requirements") && file.ends_with(".txt") && !in_installed_tree(path);
}

bool is_pipfile_lock(std::string_view path) {
	return file_name(path) == "Pipfile.lock" && !in_installed_tree(path);
}

bool is_poetry_lock(std::string_view path) {
	return file_name(path) == "poetry.lock" && !in_installed_tree(path);
}

bool is_uv_lock(std::string_view path) {
	return file_name(path) == "uv.lock" && !in_installed_tree(path);
}

Package declared_package(std::string name, std::string version, bool dev) {
	Package pkg;
	pkg.name = std::move(name);
	pkg.version = std::move(version);
	pkg.dev = dev;
	pkg.declared = true;
	return pkg;
}

bool is_alnum(char c) {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// PEP 508 names: letters and digits, with '.', '_' and '-' inside.
size_t name_length(std::string_view text) {
	size_t end = 0;
	while (end < text.size() && (is_alnum(text[end]) || text[end] == '.' || text[end] == '_' || text[end] == '-')) {
		++end;
	}
	while (end > 0 && !is_alnum(text[end - 1])) {
		--end;
	}
	return is_alnum(text.empty() ? ' ' : text[0]) ? end : 0;
}

// PEP 440 public and local versions use only these characters.
bool is_version_text(std::string_view text) {
	if (text.empty()) {
		return false;
	}
	for (char c : text) {
		if (!is_alnum(c) && c != '.' && c != '!' && c != '+' && c != '_' && c != '-') {
			return false;
		}
	}
	return true;
}

// pip's comment rule: '#' at the start of a line or after a blank begins a comment.
std::string_view strip_comment(std::string_view line) {
	for (size_t i = 0; i < line.size(); ++i) {
		if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
			return line.substr(0, i);
		}
	}
	return line;
}

// One logical requirement line, comment already removed.
void read_requirement(std::string_view line, size_t line_number, std::vector<Package> &out, RecordWarnings &warnings) {
	line = trim_blanks(line);
	if (line.empty() || line.front() == '-') {
		return; // an option line: -r/-c includes (not followed), -e, --index-url, ...
	}
	// Per-requirement options (--hash=..., --global-option) start at the first " -" token.
	for (size_t i = 1; i < line.size(); ++i) {
		if (line[i] == '-' && (line[i - 1] == ' ' || line[i - 1] == '\t')) {
			line = trim_blanks(line.substr(0, i));
			break;
		}
	}
	line = trim_blanks(line.substr(0, line.find(';'))); // environment markers
	const auto pin = line.find("==");
	if (pin == std::string_view::npos || line.find('@') != std::string_view::npos) {
		return; // not pinned, or a URL requirement: nothing a lockfile pins
	}
	const auto name_end = name_length(line);
	auto rest = trim_blanks(line.substr(name_end));
	if (rest.starts_with('[')) { // extras
		const auto close = rest.find(']');
		rest = close == std::string_view::npos ? std::string_view {} : trim_blanks(rest.substr(close + 1));
	}
	if (name_end == 0 || !rest.starts_with("==")) {
		warnings.bad_record(line_number, "'" + std::string(line) + "' is not a name==version requirement; skipped");
		return;
	}
	auto version = trim_blanks(rest.substr(2));
	if (version.starts_with('=') || version.find_first_of(",*<>!~") != std::string_view::npos) {
		return; // "===" arbitrary equality, wildcards and ranges pin no single release
	}
	if (!is_version_text(version)) {
		warnings.bad_record(line_number, "'" + std::string(line) + "' has no valid version; skipped");
		return;
	}
	out.push_back(declared_package(std::string(line.substr(0, name_end)), std::string(version), false));
}

std::vector<Package> parse_requirements(const std::string &content, const std::string &source,
                                        std::vector<Warning> &warnings) {
	if (!within_size_limit(content, kMaxLockfileBytes, source, warnings)) {
		return {};
	}
	RecordWarnings records(warnings, source);
	std::vector<Package> packages;
	std::string logical;
	size_t first_line = 0;
	LineReader lines(content);
	std::string_view line;
	while (lines.next(line) && packages.size() < kMaxPackages) {
		if (logical.empty()) {
			first_line = lines.line_number();
		}
		// pip joins a line ending in '\' with the next, unless the line is a comment.
		const bool comment = trim_blanks(line).starts_with('#');
		if (!comment && line.ends_with('\\') && logical.size() < kMaxLogicalLine) {
			logical.append(line.substr(0, line.size() - 1));
			continue;
		}
		logical.append(line);
		read_requirement(strip_comment(logical), first_line, packages, records);
		logical.clear();
	}
	read_requirement(strip_comment(logical), first_line, packages, records);
	if (packages.size() >= kMaxPackages) {
		records.bad_record(lines.line_number(), "more than " + std::to_string(kMaxPackages) + " requirements; the rest ignored");
	}
	return packages;
}

// One "default"/"develop" section of a Pipfile.lock.
void read_pipfile_section(simdjson::dom::object section, bool dev, const std::set<std::string_view> &skip,
                          std::vector<Package> &out, SkippedRecords &skipped) {
	for (auto [name, entry] : section) {
		if (skip.contains(name)) {
			continue; // in "default" too: a runtime dependency
		}
		if (!entry.is_object()) {
			skipped.skip("entry '" + std::string(name) + "' is not an object");
			continue;
		}
		auto version = json_string(entry, "version");
		if (!version) {
			continue; // git, path and editable entries have no release version
		}
		if (!version->starts_with("==") || !is_version_text(version->substr(2)) || name.empty()) {
			skipped.skip("entry '" + std::string(name) + "' has version '" + std::string(*version) + "'");
			continue;
		}
		out.push_back(declared_package(std::string(name), std::string(version->substr(2)), dev));
	}
}

std::vector<Package> parse_pipfile_lock(const std::string &content, const std::string &source,
                                        std::vector<Warning> &warnings) {
	simdjson::dom::parser parser;
	auto root = parse_json(parser, content, kPipfileLockLimits, source);
	if (!root) {
		warnings.push_back({WarningKind::bad_record, root.error().describe() + "; skipped"});
		return {};
	}
	std::vector<Package> packages;
	SkippedRecords skipped;
	std::set<std::string_view> runtime;
	if (auto section = json_object(*root, "default")) {
		read_pipfile_section(*section, false, {}, packages, skipped);
		for (auto [name, entry] : *section) {
			runtime.insert(name);
		}
	}
	if (auto section = json_object(*root, "develop")) {
		read_pipfile_section(*section, true, runtime, packages, skipped);
	}
	skipped.report(source, warnings);
	return packages;
}

// Poetry: `category = "dev"` (lock 1.x and 2.0 before Poetry 1.5), or `groups = [...]`
// without "main" (lock 2.1).
bool poetry_dev(const TomlTable &table) {
	if (auto category = table.string("category")) {
		return *category == "dev";
	}
	auto groups = table.values.find("groups");
	if (groups == table.values.end()) {
		return false;
	}
	auto list = toml_string_array(groups->second);
	return list && !list->empty() && std::find(list->begin(), list->end(), "main") == list->end();
}

// uv: the project and workspace members are `source = { editable = "." }` or `{ virtual = "." }`.
bool uv_project_root(const TomlTable &table) {
	auto source = table.values.find("source");
	if (source == table.values.end()) {
		return false;
	}
	return toml_inline_string(source->second, "editable") == "." || toml_inline_string(source->second, "virtual") == ".";
}

enum class TomlLock { poetry, uv };

std::vector<Package> parse_toml_lock(TomlLock kind, const std::string &content, const std::string &source,
                                     std::vector<Warning> &warnings) {
	if (!within_size_limit(content, kMaxLockfileBytes, source, warnings)) {
		return {};
	}
	RecordWarnings records(warnings, source);
	std::vector<Package> packages;
	for (const auto &table : toml_array_tables(content, "package", kMaxPackages, records)) {
		if (kind == TomlLock::uv && uv_project_root(table)) {
			continue;
		}
		auto name = table.string("name");
		auto version = table.string("version");
		if (!name || name->empty() || !version || version->empty()) {
			records.bad_record(table.line, "[[package]] without a name and version string; skipped");
			continue;
		}
		packages.push_back(
		    declared_package(std::move(*name), std::move(*version), kind == TomlLock::poetry && poetry_dev(table)));
	}
	return packages;
}

std::vector<Package> parse_poetry_lock(const std::string &content, const std::string &source,
                                       std::vector<Warning> &warnings) {
	return parse_toml_lock(TomlLock::poetry, content, source, warnings);
}

std::vector<Package> parse_uv_lock(const std::string &content, const std::string &source,
                                   std::vector<Warning> &warnings) {
	return parse_toml_lock(TomlLock::uv, content, source, warnings);
}

class PythonLockfilesAnalyzer : public Analyzer {
public:
	std::string_view name() const override {
		return "python-lockfiles";
	}

	bool wants(std::string_view path) const override {
		return is_requirements(path) || is_pipfile_lock(path) || is_poetry_lock(path) || is_uv_lock(path);
	}

	void analyze(const FileView &view, AnalysisResult &out) const override {
		analyze_manifest_files(view, is_requirements, "pypi", parse_requirements, out);
		analyze_manifest_files(view, is_pipfile_lock, "pypi", parse_pipfile_lock, out);
		analyze_manifest_files(view, is_poetry_lock, "pypi", parse_poetry_lock, out);
		analyze_manifest_files(view, is_uv_lock, "pypi", parse_uv_lock, out);
	}
};

} // namespace

std::unique_ptr<Analyzer> make_python_lockfiles_analyzer() {
	return std::make_unique<PythonLockfilesAnalyzer>();
}

} // namespace bulwark
