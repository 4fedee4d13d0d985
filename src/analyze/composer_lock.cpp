// PHP: the packages a project's composer.lock declares, found in an image or a source tree,
// marked declared: "packages" (require) and "packages-dev" (require-dev, marked dev), each
// an array of objects with "name" and "version". Versions are kept as Composer writes them,
// a tag's leading "v" included, as for installed.json. A composer.lock under vendor/ was
// shipped inside an installed package and says nothing about this project, so it is not
// read.
#include "analyze/manifest_files.h"
#include "util/json.h"

namespace bulwark {

namespace {

// Large applications lock a few hundred packages, a few KiB of JSON each.
constexpr JsonLimits kComposerLockLimits {.max_bytes = 32u << 20, .max_depth = 64};

bool is_composer_lock(std::string_view path) {
	return path.substr(path.rfind('/') + 1) == "composer.lock" && !has_ancestor_dir(path, "vendor");
}

void read_locked(simdjson::dom::element root, std::string_view key, bool dev, std::vector<Package> &out,
                 SkippedRecords &skipped) {
	auto list = json_array(root, key);
	if (!list) {
		return;
	}
	size_t index = 0;
	for (auto element : *list) {
		auto name = json_string(element, "name");
		auto version = json_string(element, "version");
		const std::string where = std::string(key) + "[" + std::to_string(index++) + "]";
		if (!name || name->empty() || !version || version->empty()) {
			skipped.skip(where + " has no name and version");
			continue;
		}
		Package pkg;
		pkg.name = std::string(*name);
		pkg.version = std::string(*version);
		pkg.dev = dev;
		pkg.declared = true;
		out.push_back(std::move(pkg));
	}
}

std::vector<Package> parse_composer_lock(const std::string &content, const std::string &source,
                                         std::vector<Warning> &warnings) {
	simdjson::dom::parser parser;
	auto root = parse_json(parser, content, kComposerLockLimits, source);
	if (!root) {
		warnings.push_back({WarningKind::bad_record, root.error().describe() + "; skipped"});
		return {};
	}
	if (!root->is_object()) {
		warnings.push_back({WarningKind::bad_record, source + ": not a JSON object; skipped"});
		return {};
	}
	std::vector<Package> packages;
	SkippedRecords skipped;
	read_locked(*root, "packages", false, packages, skipped);
	read_locked(*root, "packages-dev", true, packages, skipped);
	skipped.report(source, warnings);
	return packages;
}

class ComposerLockAnalyzer : public Analyzer {
public:
	std::string_view name() const override {
		return "composer-lock";
	}

	bool wants(std::string_view path) const override {
		return is_composer_lock(path);
	}

	void analyze(const FileView &view, AnalysisResult &out) const override {
		analyze_manifest_files(view, is_composer_lock, "composer", parse_composer_lock, out);
	}
};

} // namespace

std::unique_ptr<Analyzer> make_composer_lock_analyzer() {
	return std::make_unique<ComposerLockAnalyzer>();
}

} // namespace bulwark
