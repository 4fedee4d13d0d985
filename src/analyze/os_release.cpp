// OS identity: `etc/os-release`, else `usr/lib/os-release` (os-release(5)), else the
// older per-distribution files: `etc/alpine-release`, `etc/centos-release`,
// `etc/fedora-release`, `etc/redhat-release` ("<name> release <version> (<codename>)") and
// `etc/debian_version`. Also tells a distroless image (dpkg `status.d/` and no shell).
#include <algorithm>
#include <map>
#include <optional>

#include "analyze/analyzer.h"
#include "analyze/control_file.h"
#include "analyze/os_release.h"

namespace bulwark {

namespace {

constexpr std::string_view kOsReleasePaths[] = {"etc/os-release", "usr/lib/os-release"};
constexpr std::string_view kAlpineRelease = "etc/alpine-release";
constexpr std::string_view kDebianVersion = "etc/debian_version";
// centos-release and fedora-release come first: on those systems redhat-release is a
// link to them, and on RHEL proper it is the only one.
constexpr std::string_view kRedhatStyleReleases[] = {"etc/centos-release", "etc/fedora-release",
                                                     "etc/redhat-release"};

// os-release ID → OsInfo::family (the names vulnerability feeds are keyed by).
struct FamilyById {
	std::string_view id;
	std::string_view family;
};
constexpr FamilyById kFamilies[] = {
    {"debian", "debian"},
    {"ubuntu", "ubuntu"},
    {"alpine", "alpine"},
    {"rhel", "redhat"},
    {"centos", "centos"},
    {"rocky", "rocky"},
    {"almalinux", "almalinux"},
    {"fedora", "fedora"},
    {"amzn", "amzn"},
    {"ol", "ol"},
    {"opensuse", "opensuse"},
    {"opensuse-leap", "opensuse"},
    {"opensuse-tumbleweed", "opensuse-tumbleweed"},
    {"sles", "sles"},
    {"sles_sap", "sles"},
    {"photon", "photon"},
    {"wolfi", "wolfi"},
    {"chainguard", "chainguard"},
    {"mariner", "mariner"},
    {"azurelinux", "azurelinux"},
};

// "<name> release ..." lines of redhat-release and friends → family.
struct FamilyByName {
	std::string_view name_prefix;
	std::string_view family;
};
constexpr FamilyByName kReleaseNames[] = {
    {"Red Hat Enterprise Linux", "redhat"},
    {"CentOS", "centos"},
    {"Fedora", "fedora"},
    {"Rocky Linux", "rocky"},
    {"AlmaLinux", "almalinux"},
    {"Oracle Linux", "ol"},
};

// Debian major release → codename (debian_version holds only the number on stable releases).
struct DebianCodename {
	std::string_view major;
	std::string_view codename;
};
constexpr DebianCodename kDebianCodenames[] = {
    {"6", "squeeze"},  {"7", "wheezy"},    {"8", "jessie"}, {"9", "stretch"}, {"10", "buster"},
    {"11", "bullseye"}, {"12", "bookworm"}, {"13", "trixie"}, {"14", "forky"}, {"15", "duke"},
};

std::string lowercase(std::string_view text) {
	std::string out(text);
	for (char &c : out) {
		if (c >= 'A' && c <= 'Z') {
			c = static_cast<char>(c - 'A' + 'a');
		}
	}
	return out;
}

bool valid_key(std::string_view key) {
	if (key.empty() || (key.front() >= '0' && key.front() <= '9')) {
		return false;
	}
	return std::all_of(key.begin(), key.end(), [](char c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
	});
}

// Shell-style value as os-release(5) and systemd's reader take it: '...' literal, "..."
// with \" \\ \$ \` escapes, unquoted text with '\' escaping any character; quoted and
// unquoted pieces concatenate. Trailing unquoted blanks are dropped.
std::optional<std::string> unquote(std::string_view raw) {
	enum class State { plain, single, dbl } state = State::plain;
	std::string out;
	size_t plain_end = 0; // out's length up to the last non-blank unquoted character
	for (size_t i = 0; i < raw.size(); ++i) {
		char c = raw[i];
		switch (state) {
		case State::plain:
			if (c == '\'') {
				state = State::single;
			} else if (c == '"') {
				state = State::dbl;
			} else if (c == '\\') {
				if (i + 1 < raw.size()) {
					out += raw[++i];
				}
			} else {
				out += c;
				if (c == ' ' || c == '\t') {
					continue;
				}
			}
			plain_end = out.size();
			break;
		case State::single:
			if (c == '\'') {
				state = State::plain;
			} else {
				out += c;
			}
			plain_end = out.size();
			break;
		case State::dbl:
			if (c == '"') {
				state = State::plain;
			} else if (c == '\\' && i + 1 < raw.size() &&
			           (raw[i + 1] == '"' || raw[i + 1] == '\\' || raw[i + 1] == '$' || raw[i + 1] == '`')) {
				out += raw[++i];
			} else {
				out += c;
			}
			plain_end = out.size();
			break;
		}
	}
	if (state != State::plain) {
		return std::nullopt;
	}
	out.resize(plain_end);
	return out;
}

std::map<std::string, std::string> parse_os_release(std::string_view text, RecordWarnings &warnings) {
	std::map<std::string, std::string> fields;
	size_t line_no = 0;
	size_t pos = 0;
	while (pos < text.size()) {
		auto newline = text.find('\n', pos);
		auto end = newline == std::string_view::npos ? text.size() : newline;
		auto line = trim_blanks(text.substr(pos, end - pos));
		pos = end + 1;
		++line_no;
		if (line.empty() || line.front() == '#') {
			continue;
		}
		auto equals = line.find('=');
		if (equals == std::string_view::npos) {
			warnings.bad_record(line_no, "not a KEY=value line; ignored");
			continue;
		}
		auto key = trim_blanks(line.substr(0, equals));
		if (!valid_key(key)) {
			warnings.bad_record(line_no, "invalid variable name; ignored");
			continue;
		}
		auto value = unquote(trim_blanks(line.substr(equals + 1)));
		if (!value) {
			warnings.bad_record(line_no, "unterminated quote; ignored");
			continue;
		}
		fields[std::string(key)] = std::move(*value);
	}
	return fields;
}

std::string get(const std::map<std::string, std::string> &fields, const std::string &key) {
	auto it = fields.find(key);
	return it == fields.end() ? std::string() : it->second;
}

std::string first_line(const std::string &content) {
	return std::string(trim_blanks(std::string_view(content).substr(0, content.find('\n'))));
}

// debian_version: "12.5" (a stable release) or "bookworm/sid" (testing/unstable).
void apply_debian_version(std::string_view text, OsInfo &os) {
	auto slash = text.find('/');
	if (slash != std::string_view::npos) {
		if (os.codename.empty()) {
			os.codename = std::string(text.substr(0, slash));
		}
		return;
	}
	auto major = text.substr(0, text.find('.'));
	if (major.empty() || !std::all_of(major.begin(), major.end(), [](char c) { return c >= '0' && c <= '9'; })) {
		return;
	}
	if (os.version_id.empty()) {
		os.version_id = std::string(major);
	}
	if (os.codename.empty()) {
		os.codename = debian_codename(major);
	}
}

std::optional<OsInfo> from_os_release(const FileView &view, std::vector<Warning> &warnings) {
	for (auto path : kOsReleasePaths) {
		const std::string *content = view.read(path);
		if (!content) {
			if (view.lstat(path) && !view.resolve(path)) {
				warnings.push_back({WarningKind::link_loop, std::string(path) + ": symlink chain does not end "
				                                                                "(a loop or more than 40 links); ignored"});
			}
			continue;
		}
		RecordWarnings record_warnings(warnings, std::string(path));
		auto fields = parse_os_release(*content, record_warnings);
		OsInfo os;
		os.family = os_family_of_id(lowercase(get(fields, "ID")));
		os.name = get(fields, "NAME");
		os.version_id = get(fields, "VERSION_ID");
		os.codename = get(fields, "VERSION_CODENAME");
		if (os.codename.empty()) {
			os.codename = get(fields, "UBUNTU_CODENAME");
		}
		os.pretty_name = get(fields, "PRETTY_NAME");
		os.source_file = std::string(path);
		if (os.family.empty() && os.name.empty() && os.version_id.empty()) {
			continue; // nothing usable; try the next file
		}
		// Debian testing/unstable leave VERSION_ID out; debian_version still has it on stable.
		if (os.family == "debian" && (os.version_id.empty() || os.codename.empty())) {
			if (const std::string *debian = view.read(kDebianVersion)) {
				apply_debian_version(first_line(*debian), os);
			}
		}
		return os;
	}
	return std::nullopt;
}

std::optional<OsInfo> from_release_files(const FileView &view) {
	if (const std::string *alpine = view.read(kAlpineRelease)) {
		auto version = first_line(*alpine);
		if (!version.empty()) {
			return OsInfo {"alpine", "Alpine Linux", version, "", "Alpine Linux v" + version, false,
			               std::string(kAlpineRelease)};
		}
	}
	for (auto path : kRedhatStyleReleases) {
		const std::string *content = view.read(path);
		if (!content) {
			continue;
		}
		// "CentOS Linux release 7.9.2009 (Core)", "Fedora release 39 (Thirty Nine)"
		auto line = first_line(*content);
		auto at = line.find(" release ");
		if (at == std::string::npos) {
			continue;
		}
		OsInfo os;
		os.name = line.substr(0, at);
		std::string_view rest = std::string_view(line).substr(at + std::string_view(" release ").size());
		auto open = rest.find('(');
		os.version_id = std::string(trim_blanks(rest.substr(0, open)));
		if (open != std::string_view::npos) {
			auto close = rest.find(')', open);
			if (close != std::string_view::npos) {
				os.codename = std::string(trim_blanks(rest.substr(open + 1, close - open - 1)));
			}
		}
		for (const auto &entry : kReleaseNames) {
			if (std::string_view(os.name).starts_with(entry.name_prefix)) {
				os.family = std::string(entry.family);
				break;
			}
		}
		os.pretty_name = line;
		os.source_file = std::string(path);
		return os;
	}
	if (const std::string *debian = view.read(kDebianVersion)) {
		OsInfo os;
		apply_debian_version(first_line(*debian), os);
		if (!os.version_id.empty() || !os.codename.empty()) {
			os.family = "debian";
			os.name = "Debian GNU/Linux";
			os.source_file = std::string(kDebianVersion);
			return os;
		}
	}
	return std::nullopt;
}

// gcr.io/distroless style: dpkg's per-package status.d/ instead of a status file, and no
// shell to run anything with.
bool is_distroless(const FileView &view) {
	constexpr std::string_view status_d = "var/lib/dpkg/status.d";
	bool has_status_d = view.lstat(status_d) != nullptr;
	if (!has_status_d) {
		// Some image builders write no directory entries; a file inside is enough.
		view.for_each([&](const FileEntry &entry) {
			has_status_d = has_status_d ||
			               (entry.path.size() > status_d.size() && std::string_view(entry.path).starts_with(status_d) &&
			                entry.path[status_d.size()] == '/');
		});
	}
	return has_status_d && view.stat("bin/sh") == nullptr;
}

class OsReleaseAnalyzer : public Analyzer {
public:
	std::string_view name() const override {
		return "os-release";
	}

	bool wants(std::string_view path) const override {
		auto in = [&](const auto &list) { return std::find(std::begin(list), std::end(list), path) != std::end(list); };
		return in(kOsReleasePaths) || in(kRedhatStyleReleases) || path == kAlpineRelease || path == kDebianVersion;
	}

	void analyze(const FileView &view, AnalysisResult &out) const override {
		auto os = from_os_release(view, out.warnings);
		if (!os) {
			os = from_release_files(view);
		}
		bool distroless = is_distroless(view);
		if (!os && !distroless) {
			return;
		}
		if (!os) {
			os.emplace();
		}
		os->distroless = distroless;
		out.os = std::move(*os);
	}
};

} // namespace

std::string os_family_of_id(std::string_view id) {
	for (const auto &entry : kFamilies) {
		if (entry.id == id) {
			return std::string(entry.family);
		}
	}
	return {};
}

std::string debian_codename(std::string_view version) {
	const auto major = version.substr(0, version.find('.'));
	for (const auto &entry : kDebianCodenames) {
		if (entry.major == major) {
			return std::string(entry.codename);
		}
	}
	return {};
}

std::unique_ptr<Analyzer> make_os_release_analyzer() {
	return std::make_unique<OsReleaseAnalyzer>();
}

} // namespace bulwark
