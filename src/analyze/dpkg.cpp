// dpkg: installed Debian packages from `var/lib/dpkg/status` and, in distroless images,
// one stanza file per package in `var/lib/dpkg/status.d/`. File lists come from
// `var/lib/dpkg/info/<name>[:<arch>].list` exactly as dpkg keeps them ("/." and directories
// included, as `dpkg-query -L` prints them); licences from machine-readable (DEP-5)
// `usr/share/doc/<name>/copyright` files.
#include <algorithm>
#include <cstdint>
#include <optional>

#include "analyze/analyzer.h"
#include "analyze/control_file.h"
#include "analyze/layer_origin.h"

namespace bulwark {

namespace {

constexpr std::string_view kStatusPath = "var/lib/dpkg/status";
constexpr std::string_view kStatusDir = "var/lib/dpkg/status.d/";
constexpr std::string_view kInfoDir = "var/lib/dpkg/info/";
constexpr std::string_view kDocDir = "usr/share/doc/";

// Files that distroless images keep next to each package's stanza in status.d/: the
// package's control members, named "<package>.<member>".
constexpr std::string_view kControlMemberSuffixes[] = {".md5sums", ".conffiles", ".preinst", ".postinst",
                                                       ".prerm",   ".postrm",    ".triggers", ".shlibs",
                                                       ".symbols", ".templates", ".config",  ".list"};

bool is_status_d_stanza_file(std::string_view path) {
	if (!path.starts_with(kStatusDir)) {
		return false;
	}
	auto name = path.substr(kStatusDir.size());
	if (name.empty() || name.find('/') != std::string_view::npos) {
		return false;
	}
	return std::none_of(std::begin(kControlMemberSuffixes), std::end(kControlMemberSuffixes),
	                    [&](std::string_view suffix) { return name.ends_with(suffix); });
}

bool is_copyright_path(std::string_view path) {
	if (!path.starts_with(kDocDir) || !path.ends_with("/copyright")) {
		return false;
	}
	auto package = path.substr(kDocDir.size(), path.size() - kDocDir.size() - std::string_view("/copyright").size());
	return !package.empty() && package.find('/') == std::string_view::npos;
}

bool is_digit(char c) {
	return c >= '0' && c <= '9';
}

bool is_alnum(char c) {
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// deb-version(7): [epoch:]upstream[-revision]; epoch a number, upstream starting with a
// digit (dpkg only warns when it does not) and made of alphanumerics and ".+~-" (':' only
// with an epoch), revision of alphanumerics and ".+~". Returns the reason it is invalid.
std::optional<std::string> check_version(std::string_view version, std::optional<uint32_t> &epoch) {
	if (version.empty()) {
		return "empty version";
	}
	auto colon = version.find(':');
	if (colon != std::string_view::npos) {
		auto digits = version.substr(0, colon);
		if (digits.empty() || !std::all_of(digits.begin(), digits.end(), is_digit) || digits.size() > 9) {
			return "epoch in version is not a number below 10^9";
		}
		epoch = static_cast<uint32_t>(std::stoul(std::string(digits)));
		version.remove_prefix(colon + 1);
	}
	auto dash = version.rfind('-');
	auto upstream = version.substr(0, dash);
	if (upstream.empty()) {
		return "version has an empty upstream part";
	}
	bool has_epoch = epoch.has_value();
	for (char c : upstream) {
		if (!is_alnum(c) && c != '.' && c != '+' && c != '~' && c != '-' && !(c == ':' && has_epoch)) {
			return "invalid character in version";
		}
	}
	if (dash != std::string_view::npos) {
		auto revision = version.substr(dash + 1);
		if (revision.empty()) {
			return "version has an empty revision";
		}
		for (char c : revision) {
			if (!is_alnum(c) && c != '.' && c != '+' && c != '~') {
				return "invalid character in version revision";
			}
		}
	}
	return std::nullopt;
}

// dpkg's package name rule: starts with an alphanumeric, then alphanumerics and "-+._".
bool valid_package_name(std::string_view name) {
	if (name.empty() || !is_alnum(name.front())) {
		return false;
	}
	return std::all_of(name.begin(), name.end(),
	                   [](char c) { return is_alnum(c) || c == '-' || c == '+' || c == '.' || c == '_'; });
}

// The third word of "want flag status" (e.g. "install ok installed", "hold ok installed").
std::optional<std::string_view> status_word(std::string_view status) {
	std::string_view words[3];
	size_t count = 0;
	size_t pos = 0;
	while (pos < status.size()) {
		while (pos < status.size() && (status[pos] == ' ' || status[pos] == '\t')) {
			++pos;
		}
		auto start = pos;
		while (pos < status.size() && status[pos] != ' ' && status[pos] != '\t') {
			++pos;
		}
		if (pos > start) {
			if (count == 3) {
				return std::nullopt;
			}
			words[count++] = status.substr(start, pos - start);
		}
	}
	if (count != 3) {
		return std::nullopt;
	}
	return words[2];
}

// One stanza as an installed package; nullopt when the package is not installed (skipped
// silently) or the stanza is unusable (skipped with a warning).
std::optional<Package> package_from_stanza(const ControlStanza &stanza, bool status_required,
                                           std::string_view db_path, RecordWarnings &warnings) {
	const std::string *name = stanza.find("Package");
	if (!name || name->empty()) {
		warnings.bad_record(stanza.line, "stanza without a Package name; skipped");
		return std::nullopt;
	}
	if (!valid_package_name(*name)) {
		warnings.bad_record(stanza.line, "invalid package name; skipped");
		return std::nullopt;
	}
	if (const std::string *status = stanza.find("Status")) {
		auto word = status_word(*status);
		if (!word) {
			warnings.bad_record(stanza.line, "package '" + *name + "': Status is not three words; skipped");
			return std::nullopt;
		}
		if (*word != "installed") {
			return std::nullopt;
		}
	} else if (status_required) {
		warnings.bad_record(stanza.line, "package '" + *name + "' has no Status; skipped");
		return std::nullopt;
	}
	const std::string *version = stanza.find("Version");
	if (!version) {
		warnings.bad_record(stanza.line, "package '" + *name + "' has no Version; skipped");
		return std::nullopt;
	}
	Package pkg;
	if (auto reason = check_version(*version, pkg.epoch)) {
		warnings.bad_record(stanza.line, "package '" + *name + "': " + *reason + "; skipped");
		return std::nullopt;
	}
	pkg.type = "deb";
	pkg.name = *name;
	pkg.version = *version;
	pkg.db_path = std::string(db_path);
	if (const std::string *arch = stanza.find("Architecture")) {
		pkg.arch = *arch;
	}
	if (const std::string *maintainer = stanza.find("Maintainer")) {
		pkg.maintainer = *maintainer;
	}
	// "Source: name" or "Source: name (version)"; absent means built from a source package
	// of the same name and version (dpkg-query's ${source:Package} / ${source:Version}).
	pkg.source_name = pkg.name;
	pkg.source_version = pkg.version;
	if (const std::string *source = stanza.find("Source"); source && !source->empty()) {
		std::string_view text = *source;
		auto space = text.find_first_of(" \t");
		pkg.source_name = std::string(text.substr(0, space));
		if (space != std::string_view::npos) {
			auto rest = trim_blanks(text.substr(space));
			if (rest.size() >= 2 && rest.front() == '(' && rest.back() == ')') {
				auto inner = trim_blanks(rest.substr(1, rest.size() - 2));
				if (!inner.empty()) {
					pkg.source_version = std::string(inner);
				}
			}
		}
	}
	return pkg;
}

std::vector<Package> parse_stanzas(std::string_view text, bool status_required, std::string_view db_path,
                                   RecordWarnings &warnings) {
	std::vector<Package> packages;
	for (const auto &stanza : parse_control_stanzas(text, warnings)) {
		if (auto pkg = package_from_stanza(stanza, status_required, db_path, warnings)) {
			packages.push_back(std::move(*pkg));
		}
	}
	return packages;
}

std::string describe_source(std::string_view path, const FileEntry *entry) {
	std::string text(path);
	if (entry) {
		text += " (layer " + std::to_string(entry->layer) + ")";
	}
	return text;
}

std::vector<std::string> read_file_list(const FileView &view, const Package &pkg) {
	const std::string *list = nullptr;
	if (!pkg.arch.empty()) {
		list = view.read(std::string(kInfoDir) + pkg.name + ":" + pkg.arch + ".list");
	}
	if (!list) {
		list = view.read(std::string(kInfoDir) + pkg.name + ".list");
	}
	std::vector<std::string> files;
	if (!list) {
		return files;
	}
	std::string_view text = *list;
	size_t pos = 0;
	while (pos < text.size()) {
		auto end = std::min(text.find('\n', pos), text.size());
		auto line = text.substr(pos, end - pos);
		if (!line.empty() && line.back() == '\r') {
			line.remove_suffix(1);
		}
		if (!line.empty()) {
			files.emplace_back(line);
		}
		pos = end + 1;
	}
	return files;
}

// The `License:` short names of a machine-readable copyright file (copyright-format 1.0,
// which starts with a Format: field), each expression once, in order of appearance. Other
// copyright files are free text and give no licence.
std::vector<std::string> read_licenses(const FileView &view, const Package &pkg) {
	std::vector<std::string> licenses;
	const std::string *copyright = view.read(std::string(kDocDir) + pkg.name + "/copyright");
	if (!copyright) {
		return licenses;
	}
	std::string_view text = *copyright;
	auto field_value = [](std::string_view line, std::string_view field) -> std::optional<std::string_view> {
		if (line.size() <= field.size() || line[field.size()] != ':') {
			return std::nullopt;
		}
		for (size_t i = 0; i < field.size(); ++i) {
			if ((line[i] | 0x20) != (field[i] | 0x20)) {
				return std::nullopt;
			}
		}
		return trim_blanks(line.substr(field.size() + 1));
	};
	size_t pos = 0;
	bool first_line = true;
	while (pos < text.size()) {
		auto end = std::min(text.find('\n', pos), text.size());
		auto line = text.substr(pos, end - pos);
		pos = end + 1;
		if (first_line) {
			if (trim_blanks(line).empty()) {
				continue;
			}
			if (!field_value(line, "Format")) {
				return licenses;
			}
			first_line = false;
			continue;
		}
		if (auto value = field_value(line, "License"); value && !value->empty()) {
			if (std::find(licenses.begin(), licenses.end(), *value) == licenses.end()) {
				licenses.emplace_back(*value);
			}
		}
	}
	return licenses;
}

class DpkgAnalyzer : public Analyzer {
public:
	std::string_view name() const override {
		return "dpkg";
	}

	bool wants(std::string_view path) const override {
		return path == kStatusPath || is_status_d_stanza_file(path) ||
		       (path.starts_with(kInfoDir) && path.ends_with(".list")) || is_copyright_path(path);
	}

	void analyze(const FileView &view, AnalysisResult &out) const override {
		std::vector<Package> found;
		if (const std::string *status = view.read(kStatusPath)) {
			RecordWarnings warnings(out.warnings, describe_source(kStatusPath, view.stat(kStatusPath)));
			auto packages = parse_stanzas(*status, true, kStatusPath, warnings);
			assign_layers_from_history(
			    view, kStatusPath,
			    [](const std::string &content) {
				    std::vector<Warning> ignored;
				    RecordWarnings quiet(ignored, {}, 0);
				    return parse_stanzas(content, true, kStatusPath, quiet);
			    },
			    packages);
			found = std::move(packages);
		}
		// Distroless: one file per package, written by the layer that added the package.
		std::vector<const FileEntry *> stanza_files;
		view.for_each([&](const FileEntry &entry) {
			if (entry.type == FileType::regular && is_status_d_stanza_file(entry.path)) {
				stanza_files.push_back(&entry);
			}
		});
		for (const FileEntry *entry : stanza_files) {
			const std::string *content = view.read(entry->path);
			if (!content) {
				continue;
			}
			RecordWarnings warnings(out.warnings, describe_source(entry->path, entry));
			for (auto &pkg : parse_stanzas(*content, false, entry->path, warnings)) {
				pkg.layer = entry->layer;
				found.push_back(std::move(pkg));
			}
		}
		for (auto &pkg : found) {
			pkg.installed_files = read_file_list(view, pkg);
			pkg.licenses = read_licenses(view, pkg);
			out.packages.push_back(std::move(pkg));
		}
	}
};

} // namespace

std::unique_ptr<Analyzer> make_dpkg_analyzer() {
	return std::make_unique<DpkgAnalyzer>();
}

} // namespace bulwark
