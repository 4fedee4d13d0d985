// Python: installed distributions in any site-packages/dist-packages directory (Debian's
// /usr/lib/python3/dist-packages too), one package per metadata file: `*.dist-info/METADATA`
// (wheels, pip), `*.egg-info/PKG-INFO` (setuptools, directory form) and `*.egg-info` (the
// older single-file form). All three are core metadata (packaging.python.org "Core
// metadata specifications"): RFC 822 email headers, then a free-text body. Name is kept as
// written (PEP 503 folding belongs to the purl), Version as written, as importlib.metadata
// reports them.
#include <optional>
#include <strings.h>

#include "analyze/control_file.h"
#include "analyze/manifest_files.h"
#include "util/lines.h"

namespace bulwark {

namespace {

// A classifier list can be long, but no real distribution declares more licences than this.
constexpr size_t kMaxLicenses = 16;
// A one-line License: longer than this is a pasted licence text, not a licence name.
constexpr size_t kMaxLicenseNameBytes = 200;

bool is_python_metadata(std::string_view path) {
	if (!has_ancestor_dir(path, "site-packages") && !has_ancestor_dir(path, "dist-packages")) {
		return false;
	}
	return path.ends_with(".dist-info/METADATA") || path.ends_with(".egg-info/PKG-INFO") ||
	       path.ends_with(".egg-info");
}

// Header names compare case-insensitively (RFC 822). The literal side has no NUL, so
// strncasecmp stopping at one cannot make different names equal.
bool header_is(std::string_view key, std::string_view name) {
	return key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0;
}

// The header fields an inventory needs. Email headers may repeat; like email.message's
// msg["Name"], the first occurrence of a single-valued field counts.
struct CoreMetadata {
	std::optional<std::string> name;
	std::optional<std::string> version;
	std::optional<std::string> license_expression;
	std::optional<std::string> license;
	bool license_multiline = false;
	std::vector<std::string> classifier_licenses;
};

// "License :: OSI Approved :: MIT License" -> "MIT License".
void add_classifier_license(CoreMetadata &meta, std::string_view classifier) {
	constexpr std::string_view prefix = "License ::";
	if (!classifier.starts_with(prefix) || meta.classifier_licenses.size() >= kMaxLicenses) {
		return;
	}
	auto last = classifier.rfind("::");
	auto name = trim_blanks(classifier.substr(last + 2));
	if (!name.empty() && name != "OSI Approved") {
		meta.classifier_licenses.emplace_back(name);
	}
}

void set_once(std::optional<std::string> &field, std::string_view value) {
	if (!field) {
		field = std::string(value);
	}
}

void apply_field(CoreMetadata &meta, std::string_view key, std::string_view value) {
	if (header_is(key, "Name")) {
		set_once(meta.name, value);
	} else if (header_is(key, "Version")) {
		set_once(meta.version, value);
	} else if (header_is(key, "License-Expression")) {
		set_once(meta.license_expression, value);
	} else if (header_is(key, "License")) {
		set_once(meta.license, value);
	} else if (header_is(key, "Classifier")) {
		add_classifier_license(meta, value);
	}
}

// Reads the header block. Like Python's email parser, the headers end at the first empty
// line or at the first line that is neither "Key: value" nor a continuation; the body
// (the long description) is never read.
CoreMetadata read_headers(std::string_view text) {
	CoreMetadata meta;
	bool continuing_license = false;
	LineReader lines(text);
	std::string_view line;
	while (lines.next(line)) {
		if (line.empty()) {
			break;
		}
		if (line.front() == ' ' || line.front() == '\t') {
			// Folded value: only a licence text folds in practice, and then it is not a name.
			if (continuing_license && !trim_blanks(line).empty()) {
				meta.license_multiline = true;
			}
			continue;
		}
		auto colon = line.find(':');
		if (colon == std::string_view::npos || colon == 0 ||
		    line.substr(0, colon).find_first_of(" \t") != std::string_view::npos) {
			break;
		}
		auto key = line.substr(0, colon);
		continuing_license = header_is(key, "License") && !meta.license;
		apply_field(meta, key, trim_blanks(line.substr(colon + 1)));
	}
	return meta;
}

std::vector<std::string> licenses_of(const CoreMetadata &meta) {
	if (meta.license_expression && !meta.license_expression->empty()) {
		return {*meta.license_expression};
	}
	if (meta.license && !meta.license->empty() && *meta.license != "UNKNOWN" && !meta.license_multiline &&
	    meta.license->size() <= kMaxLicenseNameBytes) {
		return {*meta.license};
	}
	return meta.classifier_licenses;
}

std::vector<Package> parse_core_metadata(const std::string &text, const std::string &source, std::vector<Warning> &out) {
	RecordWarnings warnings(out, source);
	CoreMetadata meta = read_headers(text);
	if (!meta.name || meta.name->empty()) {
		warnings.bad_record(1, "no Name: header; not a core metadata file, skipped");
		return {};
	}
	if (!meta.version || meta.version->empty()) {
		warnings.bad_record(1, "distribution '" + *meta.name + "' has no Version: header; skipped");
		return {};
	}
	Package pkg;
	pkg.name = std::move(*meta.name);
	pkg.version = std::move(*meta.version);
	pkg.licenses = licenses_of(meta);
	return {std::move(pkg)};
}

class PythonPackagesAnalyzer : public Analyzer {
public:
	std::string_view name() const override {
		return "python-packages";
	}

	bool wants(std::string_view path) const override {
		return is_python_metadata(path);
	}

	void analyze(const FileView &view, AnalysisResult &out) const override {
		analyze_manifest_files(view, is_python_metadata, "pypi", parse_core_metadata, out);
	}
};

} // namespace

std::unique_ptr<Analyzer> make_python_packages_analyzer() {
	return std::make_unique<PythonPackagesAnalyzer>();
}

} // namespace bulwark
