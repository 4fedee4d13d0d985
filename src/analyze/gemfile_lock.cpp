// Ruby: the gems a Bundler lockfile (Gemfile.lock, gems.locked) declares, found in an image
// or a source tree, marked declared. Every source section (GEM, GIT, PATH, PLUGIN SOURCE)
// lists its gems under `specs:` as 4-space-indented `name (version)` lines, with their own
// dependencies 6 spaces in; like Bundler's LockfileParser, everything after the first '-'
// of the version is the platform (`nokogiri (1.15.4-x86_64-linux)` is 1.15.4), and a gem
// locked for several platforms is one package. The lockfile does not record Bundler groups,
// so no gem is marked dev. Lockfiles under a `gems/` directory were shipped inside an
// installed gem and say nothing about this project, so they are not read.
#include <set>

#include "analyze/control_file.h"
#include "analyze/manifest_files.h"
#include "util/lines.h"

namespace bulwark {

namespace {

constexpr size_t kMaxLockfileBytes = 16U << 20;
constexpr size_t kMaxGems = 100000;

bool is_gemfile_lock(std::string_view path) {
	auto file = path.substr(path.rfind('/') + 1);
	return (file == "Gemfile.lock" || file == "gems.locked") && !has_ancestor_dir(path, "gems");
}

size_t indent_of(std::string_view line) {
	auto first = line.find_first_not_of(' ');
	return first == std::string_view::npos ? line.size() : first;
}

// "    name (1.2.3-platform)" -> the package; nullopt when the line is not that shape.
std::optional<Package> read_spec(std::string_view text) {
	const auto open = text.find(" (");
	if (open == 0 || open == std::string_view::npos || !text.ends_with(')')) {
		return std::nullopt;
	}
	auto version = text.substr(open + 2, text.size() - open - 3);
	version = version.substr(0, version.find('-'));
	if (version.empty() || version.find_first_of(" ()") != std::string_view::npos) {
		return std::nullopt;
	}
	Package pkg;
	pkg.name = std::string(text.substr(0, open));
	pkg.version = std::string(version);
	pkg.declared = true;
	return pkg;
}

std::vector<Package> parse_gemfile_lock(const std::string &content, const std::string &source,
                                        std::vector<Warning> &warnings) {
	if (!within_size_limit(content, kMaxLockfileBytes, source, warnings)) {
		return {};
	}
	RecordWarnings records(warnings, source);
	std::vector<Package> gems;
	std::set<std::pair<std::string, std::string>> seen;
	bool in_source = false;
	bool in_specs = false;
	LineReader lines(content);
	std::string_view line;
	while (lines.next(line) && gems.size() < kMaxGems) {
		const auto indent = indent_of(line);
		const auto text = trim_blanks(line);
		if (text.empty()) {
			continue;
		}
		if (indent == 0) {
			in_source = text == "GEM" || text == "GIT" || text == "PATH" || text == "PLUGIN SOURCE";
			in_specs = false;
		} else if (indent == 2 && in_source) {
			in_specs = text == "specs:";
		} else if (indent == 4 && in_specs) {
			auto gem = read_spec(text);
			if (!gem) {
				records.bad_record(lines.line_number(), "'" + std::string(text) + "' is not a 'name (version)' spec; skipped");
			} else if (seen.emplace(gem->name, gem->version).second) {
				gems.push_back(std::move(*gem));
			}
		}
	}
	if (gems.size() >= kMaxGems) {
		records.bad_record(lines.line_number(), "more than " + std::to_string(kMaxGems) + " gems; the rest ignored");
	}
	return gems;
}

class GemfileLockAnalyzer : public Analyzer {
public:
	std::string_view name() const override {
		return "gemfile-lock";
	}

	bool wants(std::string_view path) const override {
		return is_gemfile_lock(path);
	}

	void analyze(const FileView &view, AnalysisResult &out) const override {
		analyze_manifest_files(view, is_gemfile_lock, "gem", parse_gemfile_lock, out);
	}
};

} // namespace

std::unique_ptr<Analyzer> make_gemfile_lock_analyzer() {
	return std::make_unique<GemfileLockAnalyzer>();
}

} // namespace bulwark
