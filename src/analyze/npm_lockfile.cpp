// npm: packages declared by the lockfiles of JavaScript projects found in the image (or a
// source tree) — package-lock.json (npm 5/6 lockfileVersion 1, npm 7+ versions 2 and 3),
// yarn.lock (yarn 1 "classic" and yarn 2+ "berry") and pnpm-lock.yaml (pnpm 7, 8 and 9:
// lockfile versions 5.x, 6.0 and 9.0). A lockfile inside node_modules came with a published
// package and declares nothing about this image, so it is not read.
//
// An installed package.json wins over the lockfile (issue 3): a lockfile entry whose name
// and version are installed anywhere under the node_modules/ next to the lockfile is left
// to the installed-tree analyzer, so only lockfile-only packages are added here, marked
// declared.
//
// yarn.lock and pnpm-lock.yaml are read line by line for the few keys an inventory needs,
// never as general YAML: no recursion, so deep nesting cannot exhaust the stack.
#include <map>
#include <set>

#include "analyze/control_file.h"
#include "analyze/manifest_files.h"
#include "analyze/npm_package_json.h"
#include "util/json.h"
#include "util/lines.h"

namespace bulwark {

namespace {

// The largest real lockfiles (big monorepos) are a few tens of MiB.
constexpr size_t kMaxLockfileBytes = 64U << 20;
constexpr JsonLimits kPackageLockLimits {.max_bytes = kMaxLockfileBytes, .max_depth = 256};
// lockfileVersion 1 nests a package's own conflicting dependencies inside it; real trees
// are a few levels deep. Two JSON levels per tree level keep this below the JSON limit.
constexpr size_t kMaxDependencyTreeDepth = 100;

enum class LockfileKind { package_lock, yarn, pnpm };

std::pair<std::string_view, std::string_view> split_dir(std::string_view path) {
	auto slash = path.rfind('/');
	if (slash == std::string_view::npos) {
		return {{}, path};
	}
	return {path.substr(0, slash), path.substr(slash + 1)};
}

std::optional<LockfileKind> lockfile_kind(std::string_view path) {
	auto file = split_dir(path).second;
	std::optional<LockfileKind> kind;
	if (file == "package-lock.json") {
		kind = LockfileKind::package_lock;
	} else if (file == "yarn.lock") {
		kind = LockfileKind::yarn;
	} else if (file == "pnpm-lock.yaml") {
		kind = LockfileKind::pnpm;
	}
	if (kind && has_ancestor_dir(path, "node_modules")) {
		return std::nullopt;
	}
	return kind;
}

// The packages of one lockfile, each (name, version) once: a package-lock lists a version
// at every place it is installed. A package is dev-only when every occurrence is.
class LockedPackages {
public:
	void add(std::string_view name, std::string_view version, bool dev) {
		auto key = std::make_pair(std::string(name), std::string(version));
		auto [it, inserted] = index_.emplace(key, packages_.size());
		if (!inserted) {
			packages_[it->second].dev = packages_[it->second].dev && dev;
			return;
		}
		Package pkg;
		pkg.name = std::move(key.first);
		pkg.version = std::move(key.second);
		pkg.dev = dev;
		packages_.push_back(std::move(pkg));
	}
	std::vector<Package> take() {
		return std::move(packages_);
	}

private:
	std::vector<Package> packages_;
	std::map<std::pair<std::string, std::string>, size_t> index_;
};

bool json_true(simdjson::dom::element object, std::string_view key) {
	bool value = false;
	return !object[key].get_bool().get(value) && value;
}

// "npm:real-name@1.2.3" (an alias) -> real name and version; other protocols (file:, git+,
// https:) are not registry versions and have no advisories to match.
bool add_locked_version(LockedPackages &out, std::string_view name, std::string_view version, bool dev) {
	constexpr std::string_view kAlias = "npm:";
	if (version.starts_with(kAlias)) {
		auto spec = version.substr(kAlias.size());
		auto at = spec.find('@', 1);
		if (at == std::string_view::npos) {
			return false;
		}
		name = spec.substr(0, at);
		version = spec.substr(at + 1);
	}
	if (name.empty() || version.empty() || version.find_first_of(":/") != std::string_view::npos) {
		return false;
	}
	out.add(name, version, dev);
	return true;
}

// lockfileVersion 2 and 3: "packages" maps install paths ("node_modules/a/node_modules/@s/b")
// to entries; "" is the project itself, paths outside node_modules are workspace sources
// and `link: true` entries point at them.
void read_packages_map(simdjson::dom::object packages, LockedPackages &out, SkippedRecords &skipped) {
	constexpr std::string_view kNodeModules = "node_modules/";
	for (auto [key, value] : packages) {
		auto last = key.rfind(kNodeModules);
		if (key.empty() || last == std::string_view::npos) {
			continue;
		}
		if (!value.is_object()) {
			skipped.skip("entry '" + std::string(key) + "' is not an object");
			continue;
		}
		if (json_true(value, "link")) {
			continue;
		}
		auto name = json_string(value, "name").value_or(key.substr(last + kNodeModules.size()));
		auto version = json_string(value, "version");
		if (!version) {
			skipped.skip("entry '" + std::string(key) + "' has no version");
			continue;
		}
		add_locked_version(out, name, *version, json_true(value, "dev"));
	}
}

// lockfileVersion 1: "dependencies" maps names to entries that nest their own conflicting
// "dependencies".
void read_dependency_tree(simdjson::dom::object dependencies, size_t depth, LockedPackages &out,
                          SkippedRecords &skipped) {
	if (depth > kMaxDependencyTreeDepth) {
		skipped.skip("dependencies nested deeper than " + std::to_string(kMaxDependencyTreeDepth) + " levels");
		return;
	}
	for (auto [name, value] : dependencies) {
		auto version = value.is_object() ? json_string(value, "version") : std::nullopt;
		if (!version) {
			skipped.skip("dependency '" + std::string(name) + "' has no version");
			continue;
		}
		add_locked_version(out, name, *version, json_true(value, "dev"));
		if (auto nested = json_object(value, "dependencies")) {
			read_dependency_tree(*nested, depth + 1, out, skipped);
		}
	}
}

std::vector<Package> parse_package_lock(const std::string &content, const std::string &source,
                                        std::vector<Warning> &warnings) {
	LockedPackages out;
	simdjson::dom::parser parser;
	auto root = parse_json(parser, content, kPackageLockLimits, source);
	if (!root) {
		warnings.push_back({WarningKind::bad_record, root.error().describe() + "; skipped"});
		return {};
	}
	SkippedRecords skipped;
	if (auto packages = json_object(*root, "packages")) {
		read_packages_map(*packages, out, skipped);
	} else if (auto dependencies = json_object(*root, "dependencies")) {
		read_dependency_tree(*dependencies, 0, out, skipped);
	}
	skipped.report(source, warnings);
	return out.take();
}

std::string_view unquote(std::string_view text) {
	text = trim_blanks(text);
	if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') && text.back() == text.front()) {
		return text.substr(1, text.size() - 2);
	}
	return text;
}

size_t indent_of(std::string_view line) {
	return line.find_first_not_of(' ') == std::string_view::npos ? line.size() : line.find_first_not_of(' ');
}

// "@scope/name@range" -> "@scope/name": the '@' that ends a name is never its first byte.
std::string_view name_of_spec(std::string_view spec) {
	return spec.substr(0, spec.find('@', 1));
}

// One "key value" (classic: `version "1.2.3"`) or "key: value" (berry) field line.
std::pair<std::string_view, std::string_view> split_field(std::string_view text) {
	auto end = text.find_first_of(": ");
	if (end == std::string_view::npos) {
		return {text, {}};
	}
	auto value = text.substr(end + 1);
	return {text.substr(0, end), unquote(value)};
}

// One yarn.lock block: a header naming the ranges it resolves, then indented fields.
struct YarnBlock {
	size_t line = 0;
	std::string_view header;
	std::string_view version;
	std::string_view resolution; // berry only: "name@npm:1.2.3", "app@workspace:."
};

void finish_yarn_block(const std::optional<YarnBlock> &block, LockedPackages &out, RecordWarnings &warnings) {
	if (!block || block->header.starts_with("__metadata")) {
		return;
	}
	// The first range of `"a@^1", a@^1.1:` names the package (an alias names itself).
	auto first = unquote(block->header.substr(0, block->header.find(',')));
	auto name = name_of_spec(first);
	if (!block->resolution.empty()) {
		// berry: the resolution names the package fetched and its protocol.
		name = name_of_spec(block->resolution);
		auto protocol = block->resolution.substr(std::min(name.size() + 1, block->resolution.size()));
		if (protocol.starts_with("workspace:") || protocol.starts_with("link:") || protocol.starts_with("portal:")) {
			return; // the project's own workspaces and local links are not registry packages
		}
	}
	if (block->version.empty()) {
		warnings.bad_record(block->line, "entry '" + std::string(first) + "' has no version; skipped");
		return;
	}
	add_locked_version(out, name, block->version, false);
}

std::vector<Package> parse_yarn_lock(std::string_view content, RecordWarnings &warnings) {
	LockedPackages out;
	std::optional<YarnBlock> block;
	LineReader lines(content);
	std::string_view line;
	while (lines.next(line)) {
		auto text = trim_blanks(line);
		if (text.empty() || text.front() == '#') {
			continue;
		}
		size_t indent = indent_of(line);
		if (indent == 0) {
			finish_yarn_block(block, out, warnings);
			block.reset();
			if (!text.ends_with(':')) {
				warnings.bad_record(lines.line_number(), "not an entry header; ignored");
				continue;
			}
			block.emplace();
			block->line = lines.line_number();
			block->header = text.substr(0, text.size() - 1);
		} else if (block && indent == 2) {
			auto [key, value] = split_field(text);
			if (key == "version") {
				block->version = value;
			} else if (key == "resolution") {
				block->resolution = value;
			}
		}
	}
	finish_yarn_block(block, out, warnings);
	return out.take();
}

// One entry of pnpm-lock.yaml's "packages:" map.
struct PnpmEntry {
	size_t line = 0;
	std::string_view key;
	std::string_view name;    // pnpm 7 writes name and version for tarball and git entries
	std::string_view version;
	bool dev = false;
};

// The package a "packages:" key names: "/name/1.2.3_peer+x@1" (lockfile 5), "/name@1.2.3(peer@1)"
// (6), "name@1.2.3" (9); scoped names keep their "@scope/".
std::pair<std::string_view, std::string_view> pnpm_key_package(std::string_view key, int major_version) {
	if (key.starts_with('/')) {
		key.remove_prefix(1);
	}
	key = key.substr(0, key.find('('));
	if (major_version < 6) {
		auto [name, version] = split_dir(key);
		return {name, version.substr(0, version.find('_'))};
	}
	auto at = key.find('@', 1);
	if (at == std::string_view::npos) {
		return {key, {}};
	}
	return {key.substr(0, at), key.substr(at + 1)};
}

void finish_pnpm_entry(const std::optional<PnpmEntry> &entry, int major_version, LockedPackages &out,
                       RecordWarnings &warnings) {
	if (!entry) {
		return;
	}
	auto [name, version] = pnpm_key_package(entry->key, major_version);
	if (!entry->name.empty() && !entry->version.empty()) {
		name = entry->name;
		version = entry->version;
	}
	if (name.empty()) {
		warnings.bad_record(entry->line, "entry '" + std::string(entry->key) + "' names no package; skipped");
		return;
	}
	// file:, link: and git entries without a registry version are skipped quietly.
	add_locked_version(out, name, version, entry->dev);
}

// "lockfileVersion: 5.4" or "lockfileVersion: '9.0'" -> 5 or 9.
int pnpm_major_version(std::string_view value) {
	value = unquote(value);
	int major = 0;
	for (size_t i = 0; i < value.size() && value[i] >= '0' && value[i] <= '9' && major < 1000; ++i) {
		major = major * 10 + (value[i] - '0');
	}
	return major;
}

// "  /name/1.2.3:" or "  'name@1.2.3':" -> the key.
std::string_view pnpm_entry_key(std::string_view text) {
	if (!text.empty() && (text.front() == '\'' || text.front() == '"')) {
		auto close = text.find(text.front(), 1);
		return close == std::string_view::npos ? std::string_view {} : text.substr(1, close - 1);
	}
	auto colon = text.rfind(':');
	return colon == std::string_view::npos ? std::string_view {} : trim_blanks(text.substr(0, colon));
}

std::vector<Package> parse_pnpm_lock(std::string_view content, RecordWarnings &warnings) {
	LockedPackages out;
	int major_version = 0;
	bool in_packages = false;
	std::optional<PnpmEntry> entry;
	LineReader lines(content);
	std::string_view line;
	while (lines.next(line)) {
		auto text = trim_blanks(line);
		if (text.empty() || text.front() == '#') {
			continue;
		}
		size_t indent = indent_of(line);
		if (indent == 0) {
			finish_pnpm_entry(entry, major_version, out, warnings);
			entry.reset();
			auto [key, value] = split_field(text);
			in_packages = text == "packages:";
			if (key == "lockfileVersion") {
				major_version = pnpm_major_version(value);
			}
		} else if (in_packages && indent == 2) {
			finish_pnpm_entry(entry, major_version, out, warnings);
			entry.emplace();
			entry->line = lines.line_number();
			entry->key = pnpm_entry_key(text);
		} else if (entry && indent == 4) {
			auto [key, value] = split_field(text);
			if (key == "name") {
				entry->name = value;
			} else if (key == "version") {
				entry->version = value;
			} else if (key == "dev") {
				entry->dev = value == "true";
			}
		}
	}
	finish_pnpm_entry(entry, major_version, out, warnings);
	if (major_version == 0) {
		warnings.bad_record(1, "no lockfileVersion: not a pnpm lockfile; skipped");
		return {};
	}
	return out.take();
}

std::vector<Package> parse_lockfile(LockfileKind kind, const std::string &content, const std::string &source,
                                    std::vector<Warning> &warnings) {
	if (!within_size_limit(content, kMaxLockfileBytes, source, warnings)) {
		return {};
	}
	RecordWarnings records(warnings, source);
	switch (kind) {
	case LockfileKind::package_lock:
		return parse_package_lock(content, source, warnings);
	case LockfileKind::yarn:
		return parse_yarn_lock(content, records);
	case LockfileKind::pnpm:
		return parse_pnpm_lock(content, records);
	}
	return {};
}

// Every installed package.json of the view with its name and version, read once per scan
// and only when a lockfile is there to compare.
struct InstalledPackage {
	std::string_view path;
	std::string name;
	std::string version;
};

std::vector<InstalledPackage> installed_packages(const FileView &view) {
	std::vector<InstalledPackage> installed;
	view.for_each([&](const FileEntry &entry) {
		if (entry.type != FileType::regular || !entry.content || !is_installed_package_json(entry.path)) {
			return;
		}
		auto manifest = parse_package_json(*entry.content, entry.path);
		if (manifest && *manifest) {
			installed.push_back({entry.path, std::move((*manifest)->name), std::move((*manifest)->version)});
		}
	});
	return installed;
}

// (name, version) installed in the node_modules tree of the project in `project_dir`.
std::set<std::pair<std::string_view, std::string_view>> installed_in(const std::vector<InstalledPackage> &installed,
                                                                     std::string_view project_dir) {
	std::string prefix = project_dir.empty() ? "node_modules/" : std::string(project_dir) + "/node_modules/";
	std::set<std::pair<std::string_view, std::string_view>> found;
	for (const auto &pkg : installed) {
		if (pkg.path.starts_with(prefix)) {
			found.emplace(pkg.name, pkg.version);
		}
	}
	return found;
}

class NpmLockfileAnalyzer : public Analyzer {
public:
	std::string_view name() const override {
		return "npm-lockfile";
	}

	bool wants(std::string_view path) const override {
		return lockfile_kind(path).has_value();
	}

	void analyze(const FileView &view, AnalysisResult &out) const override {
		std::vector<const FileEntry *> lockfiles;
		view.for_each([&](const FileEntry &entry) {
			if (entry.type == FileType::regular && entry.content && lockfile_kind(entry.path)) {
				lockfiles.push_back(&entry);
			}
		});
		if (lockfiles.empty()) {
			return;
		}
		auto installed = installed_packages(view);
		for (const FileEntry *lockfile : lockfiles) {
			auto source = lockfile->path + " (layer " + std::to_string(lockfile->layer) + ")";
			auto packages = parse_lockfile(*lockfile_kind(lockfile->path), *lockfile->content, source, out.warnings);
			auto present = installed_in(installed, split_dir(lockfile->path).first);
			for (auto &pkg : packages) {
				if (present.contains({pkg.name, pkg.version})) {
					continue;
				}
				pkg.type = "npm";
				pkg.declared = true;
				pkg.db_path = lockfile->path;
				pkg.layer = lockfile->layer;
				out.packages.push_back(std::move(pkg));
			}
		}
	}
};

} // namespace

std::unique_ptr<Analyzer> make_npm_lockfile_analyzer() {
	return std::make_unique<NpmLockfileAnalyzer>();
}

} // namespace bulwark
