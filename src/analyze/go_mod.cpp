// Go modules a project declares: `go.mod` and, where no go.mod sits next to it, `go.sum`,
// found in a source tree or an image, marked declared. Names are module paths and versions
// are kept as Go writes them ("v1.2.3"), as for Go binaries.
//
// go.mod: every `require` (single-line and block form); `// indirect` requirements are kept
// like the others (a go.mod of Go 1.17 or later lists the whole build list, and Package has
// no direct/indirect flag). `replace` follows Trivy (pkg/dependency/parser/golang/mod): a
// replacement applies only to a required module (and only to the required version when the
// left side names one); a module replacement is reported under the new path and version,
// a local-directory replacement (no version on the right) drops the module, since a
// directory has no version to match advisories against. `exclude`, `retract` and the other
// directives are ignored; the main module itself is not a dependency and is not listed.
//
// go.sum: one package per module at the last version listed (go.sum is sorted, so the
// highest), read only when the directory has no go.mod: go.sum also hashes modules the
// build does not use, so beside a go.mod it would add noise.
//
// go.mod files under vendor/ or the module cache (.../pkg/mod/) belong to dependencies,
// not to this project, and are not read. Lines are tokenised without recursion.
#include <map>
#include <span>

#include "analyze/control_file.h"
#include "analyze/manifest_files.h"
#include "util/lines.h"

namespace bulwark {

namespace {

// Real go.mod and go.sum files are at most a few hundred KiB.
constexpr size_t kMaxFileBytes = 8U << 20;
constexpr size_t kMaxModules = 100000;

std::string_view dir_of(std::string_view path) {
	auto slash = path.rfind('/');
	return slash == std::string_view::npos ? std::string_view {} : path.substr(0, slash + 1);
}

bool is_project_file(std::string_view path, std::string_view file) {
	if (path != file && !(path.ends_with(file) && path[path.size() - file.size() - 1] == '/')) {
		return false;
	}
	return !has_ancestor_dir(path, "vendor") && !path.starts_with("pkg/mod/") &&
	       path.find("/pkg/mod/") == std::string_view::npos;
}

bool is_go_mod(std::string_view path) {
	return is_project_file(path, "go.mod");
}

bool is_go_sum(std::string_view path) {
	return is_project_file(path, "go.sum");
}

// The tokens of one go.mod line: words, quoted strings (unquoted), "(", ")" and "=>"; a
// `//` comment ends the line. False when a quoted string is not closed.
bool tokenize(std::string_view line, std::vector<std::string> &tokens) {
	tokens.clear();
	size_t i = 0;
	while (i < line.size()) {
		const char c = line[i];
		if (c == ' ' || c == '\t') {
			++i;
		} else if (line.substr(i, 2) == "//") {
			break;
		} else if (c == '(' || c == ')') {
			tokens.emplace_back(1, c);
			++i;
		} else if (line.substr(i, 2) == "=>") {
			tokens.emplace_back("=>");
			i += 2;
		} else if (c == '"' || c == '`') {
			std::string token;
			for (++i; i < line.size() && line[i] != c; ++i) {
				if (c == '"' && line[i] == '\\' && i + 1 < line.size()) {
					++i;
				}
				token += line[i];
			}
			if (i == line.size()) {
				return false;
			}
			tokens.push_back(std::move(token));
			++i;
		} else {
			size_t end = i;
			while (end < line.size() && line[end] != ' ' && line[end] != '\t' && line[end] != '(' &&
			       line[end] != ')' && line.substr(end, 2) != "//" && line.substr(end, 2) != "=>") {
				++end;
			}
			tokens.emplace_back(line.substr(i, end - i));
			i = end;
		}
	}
	return true;
}

struct Module {
	std::string path;
	std::string version;
};

struct Replacement {
	Module old_module; // version empty: every version
	Module new_module; // version empty: a local directory
};

class GoModParser {
public:
	explicit GoModParser(RecordWarnings &warnings) : warnings_(warnings) {
	}

	void directive(std::string_view verb, std::span<const std::string> args, size_t line) {
		if (verb == "require") {
			if (args.size() != 2) {
				warnings_.bad_record(line, "require needs a module path and a version; skipped");
			} else if (required_.size() < kMaxModules) {
				required_.push_back({args[0], args[1]});
			}
		} else if (verb == "replace") {
			replace(args, line);
		}
	}

	std::vector<Package> take() {
		for (const auto &rule : replacements_) {
			apply(rule);
		}
		std::vector<Package> packages;
		std::map<std::string_view, size_t> index;
		for (const auto &module : required_) {
			if (module.path.empty()) {
				continue; // dropped by a local replacement
			}
			Package pkg;
			pkg.name = module.path;
			pkg.version = module.version;
			pkg.declared = true;
			auto [it, inserted] = index.emplace(module.path, packages.size());
			if (inserted) {
				packages.push_back(std::move(pkg));
			} else {
				packages[it->second] = std::move(pkg); // two modules replaced by the same one
			}
		}
		return packages;
	}

private:
	// old [version] => new [version]
	void replace(std::span<const std::string> args, size_t line) {
		size_t arrow = 0;
		while (arrow < args.size() && args[arrow] != "=>") {
			++arrow;
		}
		const size_t right = args.size() - std::min(arrow + 1, args.size());
		if (arrow == 0 || arrow > 2 || right == 0 || right > 2) {
			warnings_.bad_record(line, "replace is not 'old [version] => new [version]'; skipped");
			return;
		}
		Replacement rule;
		rule.old_module.path = args[0];
		rule.old_module.version = arrow == 2 ? args[1] : std::string();
		rule.new_module.path = args[arrow + 1];
		rule.new_module.version = right == 2 ? args[arrow + 2] : std::string();
		if (replacements_.size() < kMaxModules) {
			replacements_.push_back(std::move(rule));
		}
	}

	void apply(const Replacement &rule) {
		for (auto &module : required_) {
			if (module.path != rule.old_module.path ||
			    (!rule.old_module.version.empty() && module.version != rule.old_module.version)) {
				continue;
			}
			if (rule.new_module.version.empty()) {
				module = {};
			} else {
				module = rule.new_module;
			}
		}
	}

	RecordWarnings &warnings_;
	std::vector<Module> required_;
	std::vector<Replacement> replacements_;
};

std::vector<Package> parse_go_mod(const std::string &content, const std::string &source, std::vector<Warning> &out) {
	if (!within_size_limit(content, kMaxFileBytes, source, out)) {
		return {};
	}
	RecordWarnings warnings(out, source);
	GoModParser parser(warnings);
	std::string block; // the verb of the open `verb (` block
	std::vector<std::string> tokens;
	LineReader lines(content);
	std::string_view line;
	while (lines.next(line)) {
		if (!tokenize(line, tokens)) {
			warnings.bad_record(lines.line_number(), "unterminated quoted string; line skipped");
			continue;
		}
		if (tokens.empty()) {
			continue;
		}
		if (!block.empty()) {
			if (tokens.size() == 1 && tokens[0] == ")") {
				block.clear();
			} else {
				parser.directive(block, tokens, lines.line_number());
			}
		} else if (tokens.size() == 2 && tokens[1] == "(") {
			block = tokens[0];
		} else {
			parser.directive(tokens[0], std::span<const std::string>(tokens).subspan(1), lines.line_number());
		}
	}
	return parser.take();
}

// "<module> <version>[/go.mod] <hash>" lines.
std::vector<Package> parse_go_sum(const std::string &content, const std::string &source, std::vector<Warning> &out) {
	if (!within_size_limit(content, kMaxFileBytes, source, out)) {
		return {};
	}
	RecordWarnings warnings(out, source);
	std::vector<Package> packages;
	std::map<std::string, size_t, std::less<>> index;
	std::vector<std::string> tokens;
	LineReader lines(content);
	std::string_view line;
	while (lines.next(line) && packages.size() < kMaxModules) {
		if (trim_blanks(line).empty()) {
			continue;
		}
		if (!tokenize(line, tokens) || tokens.size() != 3 || !tokens[1].starts_with('v')) {
			warnings.bad_record(lines.line_number(), "not '<module> <version> <hash>'; skipped");
			continue;
		}
		std::string_view version = tokens[1];
		if (version.ends_with("/go.mod")) {
			version.remove_suffix(std::string_view("/go.mod").size());
		}
		auto [it, inserted] = index.emplace(tokens[0], packages.size());
		if (inserted) {
			Package pkg;
			pkg.name = tokens[0];
			pkg.declared = true;
			packages.push_back(std::move(pkg));
		}
		packages[it->second].version = std::string(version);
	}
	return packages;
}

class GoModAnalyzer : public Analyzer {
public:
	std::string_view name() const override {
		return "go-mod";
	}

	bool wants(std::string_view path) const override {
		return is_go_mod(path) || is_go_sum(path);
	}

	void analyze(const FileView &view, AnalysisResult &out) const override {
		analyze_manifest_files(view, is_go_mod, "golang", parse_go_mod, out);
		auto lone_go_sum = [&view](std::string_view path) {
			if (!is_go_sum(path)) {
				return false;
			}
			const FileEntry *go_mod = view.lstat(std::string(dir_of(path)) + "go.mod");
			return go_mod == nullptr || go_mod->type != FileType::regular;
		};
		analyze_manifest_files(view, lone_go_sum, "golang", parse_go_sum, out);
	}
};

} // namespace

std::unique_ptr<Analyzer> make_go_mod_analyzer() {
	return std::make_unique<GoModAnalyzer>();
}

} // namespace bulwark
