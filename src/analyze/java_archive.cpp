// Java archives (jar, war, ear, par): zip files read while the layer streams (inspect),
// never unpacked to disk and never executed. Within one archive:
//   - every META-INF/maven/<group>/<artifact>/pom.properties with groupId, artifactId and
//     version is a package (a fat or shaded jar carries one per bundled artifact);
//   - when none of them describes the archive itself, its META-INF/MANIFEST.MF main section
//     is read with Trivy's precedence: group = Implementation-Vendor-Id, else
//     Bundle-SymbolicName without its last dot-separated part
//     ("com.fasterxml.jackson.core.jackson-databind" -> "com.fasterxml.jackson.core"), else
//     Implementation-Vendor, else Specification-Vendor; artifact = Implementation-Title, else
//     Specification-Title, else Bundle-Name; version = Implementation-Version, else
//     Specification-Version, else Bundle-Version; all three are needed;
//   - failing that, the file name "name-1.2.3.jar" gives artifact "name", version "1.2.3" and
//     no group.
// A pom.properties describes the archive itself when the file name carries the same artifact
// and version (Trivy's rule); when the name carries no version (Debian's guava.jar), any
// pom.properties is taken to be the archive's own, since a manifest would only repeat it
// under guessed coordinates.
// Nested archives (WEB-INF/lib/*.jar, BOOT-INF/lib/*.jar, ...) are inflated in memory and
// read the same way, up to kMaxDepth levels and a total inflation budget per outer file.
// Their packages name their location Trivy/Syft style, db_path "app.war!/WEB-INF/lib/x.jar".
// Package names are "group:artifact" (report/purl.h makes the group the maven namespace);
// a package is reported once per outer file for each group:artifact:version.
#include <algorithm>
#include <set>
#include <string>
#include <tuple>

#include "analyze/analyzer.h"
#include "util/zip_reader.h"
#include "util/lines.h"

namespace bulwark {

namespace {

constexpr uint64_t kMaxArchiveBytes = 256ULL << 20;  // an outer archive inspected (the capture limit)
constexpr uint64_t kMaxNestedBytes = 64ULL << 20;    // one nested archive inflated into memory
constexpr uint64_t kMaxInflatedBytes = 256ULL << 20; // all nested archives of one outer file
constexpr uint64_t kMaxTextBytes = 1ULL << 20;       // a pom.properties or MANIFEST.MF
constexpr size_t kMaxEntries = 200'000;              // zip entries per archive
constexpr size_t kMaxDepth = 4;                      // nesting levels below the outer archive

struct Coordinates {
	std::string group;
	std::string artifact;
	std::string version;

	bool complete() const {
		return !artifact.empty() && !version.empty();
	}
};

char ascii_lower(char c) {
	return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
	return a.size() == b.size() &&
	       std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

bool is_java_archive_name(std::string_view name) {
	if (name.size() < 4 || name[name.size() - 4] != '.') {
		return false;
	}
	const std::string_view ext = name.substr(name.size() - 3);
	return iequals(ext, "jar") || iequals(ext, "war") || iequals(ext, "ear") || iequals(ext, "par");
}

std::string_view base_name(std::string_view path) {
	const auto slash = path.rfind('/');
	return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view trim(std::string_view text) {
	const auto first = text.find_first_not_of(" \t\r\n");
	if (first == std::string_view::npos) {
		return {};
	}
	return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

bool is_digit(char c) {
	return c >= '0' && c <= '9';
}

// "commons-lang3-3.12.0.jar" -> artifact "commons-lang3", version "3.12.0": the version starts
// at the last '-' followed by a digit, and runs to the extension without whitespace
// (Trivy's file name rule, whose greedy pattern picks the last such '-').
Coordinates coordinates_from_file_name(std::string_view path) {
	std::string_view name = base_name(path);
	if (!is_java_archive_name(name)) {
		return {};
	}
	name.remove_suffix(4);
	for (size_t dash = name.rfind('-'); dash != std::string_view::npos && dash > 0; dash = name.rfind('-', dash - 1)) {
		if (dash + 1 >= name.size() || !is_digit(name[dash + 1])) {
			continue;
		}
		const std::string_view version = name.substr(dash + 1);
		if (version.find_first_of(" \t") != std::string_view::npos) {
			return {};
		}
		return {"", std::string(name.substr(0, dash)), std::string(version)};
	}
	return {};
}

// pom.properties as maven-archiver writes it: "key=value" lines, '#' comments.
Coordinates parse_pom_properties(std::string_view text) {
	Coordinates found;
	LineReader lines(text);
	std::string_view line;
	while (lines.next(line)) {
		line = trim(line);
		const auto eq = line.find('=');
		if (line.empty() || line.front() == '#' || eq == std::string_view::npos) {
			continue;
		}
		const std::string_view key = trim(line.substr(0, eq));
		const std::string value(trim(line.substr(eq + 1)));
		if (key == "groupId") {
			found.group = value;
		} else if (key == "artifactId") {
			found.artifact = value;
		} else if (key == "version") {
			found.version = value;
		}
	}
	return found;
}

// The manifest's main section (up to the first blank line; later sections describe entries),
// continuation lines (one leading space) joined to the line before them.
class Manifest {
public:
	explicit Manifest(std::string_view text) {
		LineReader lines(text);
		std::string_view line;
		std::string attribute;
		while (lines.next(line) && !line.empty()) {
			if (line.front() == ' ') {
				attribute.append(line.substr(1));
				continue;
			}
			add(attribute);
			attribute.assign(line);
		}
		add(attribute);
	}

	Coordinates coordinates() const {
		Coordinates found;
		if (!vendor_id_.empty()) {
			found.group = vendor_id_;
		} else if (!symbolic_name_.empty()) {
			const auto dot = symbolic_name_.rfind('.');
			found.group = dot == std::string::npos || dot == 0 ? symbolic_name_ : symbolic_name_.substr(0, dot);
		} else if (!vendor_.empty()) {
			found.group = vendor_;
		} else {
			found.group = spec_vendor_;
		}
		found.artifact = first_of(title_, spec_title_, bundle_name_);
		found.version = first_of(version_, spec_version_, bundle_version_);
		if (found.group.empty() || !found.complete()) {
			return {};
		}
		return found;
	}

private:
	static const std::string &first_of(const std::string &a, const std::string &b, const std::string &c) {
		return !a.empty() ? a : !b.empty() ? b : c;
	}

	void add(std::string_view attribute) {
		const auto colon = attribute.find(':');
		if (colon == std::string_view::npos) {
			return;
		}
		const std::string_view key = attribute.substr(0, colon);
		const std::string_view value = trim(attribute.substr(colon + 1));
		// "%bundleName": a placeholder resolved from a properties file, not a value.
		if (value.empty() || value.front() == '%') {
			return;
		}
		static constexpr std::tuple<std::string_view, std::string Manifest::*> kFields[] = {
		    {"Implementation-Vendor-Id", &Manifest::vendor_id_}, {"Implementation-Vendor", &Manifest::vendor_},
		    {"Implementation-Title", &Manifest::title_},         {"Implementation-Version", &Manifest::version_},
		    {"Specification-Vendor", &Manifest::spec_vendor_},   {"Specification-Title", &Manifest::spec_title_},
		    {"Specification-Version", &Manifest::spec_version_}, {"Bundle-SymbolicName", &Manifest::symbolic_name_},
		    {"Bundle-Name", &Manifest::bundle_name_},            {"Bundle-Version", &Manifest::bundle_version_},
		};
		for (const auto &[name, field] : kFields) {
			if (iequals(key, name)) {
				// "org.foo.bar;singleton:=true": directives after ';' are not part of the name.
				const std::string_view plain = name == "Bundle-SymbolicName" ? trim(value.substr(0, value.find(';'))) : value;
				this->*field = std::string(plain);
				return;
			}
		}
	}

	std::string vendor_id_, vendor_, title_, version_;
	std::string spec_vendor_, spec_title_, spec_version_;
	std::string symbolic_name_, bundle_name_, bundle_version_;
};

bool is_pom_properties(std::string_view name) {
	return name.starts_with("META-INF/maven/") && base_name(name) == "pom.properties";
}

// One outer file being read: its findings and what is left of its budget.
class ArchiveScan {
public:
	explicit ArchiveScan(AnalysisResult &out) : out_(out) {
	}

	// Reads the archive at `location` ("app.war" or "app.war!/WEB-INF/lib/x.jar"), `depth`
	// levels below the outer file.
	void scan(std::string_view bytes, const std::string &location, size_t depth) {
		const Coordinates from_name = coordinates_from_file_name(location);
		ZipReader zip(bytes, kMaxEntries);
		bool own_pom = false;
		std::optional<Manifest> manifest;
		for (;;) {
			auto more = zip.next();
			if (!more) {
				warn(location, more.error());
				break;
			}
			if (!*more) {
				break;
			}
			const std::string &name = zip.name();
			if (is_pom_properties(name)) {
				auto text = zip.read(kMaxTextBytes);
				if (!text) {
					warn(location, text.error());
					continue;
				}
				Coordinates pom = parse_pom_properties(*text);
				if (pom.group.empty() || !pom.complete()) {
					warn(location, make_error(ErrorCode::corrupt, name + " lacks groupId, artifactId or version"));
					continue;
				}
				own_pom = own_pom || !from_name.complete() ||
				          (pom.artifact == from_name.artifact && pom.version == from_name.version);
				add(pom, location);
			} else if (iequals(name, "META-INF/MANIFEST.MF")) {
				auto text = zip.read(kMaxTextBytes);
				if (!text) {
					warn(location, text.error());
					continue;
				}
				manifest.emplace(*text);
			} else if (is_java_archive_name(name)) {
				scan_nested(zip, location + "!/" + name, depth + 1);
			}
		}
		if (own_pom) {
			return;
		}
		if (Coordinates from_manifest = manifest ? manifest->coordinates() : Coordinates {}; from_manifest.complete()) {
			add(from_manifest, location);
		} else if (from_name.complete()) {
			add(from_name, location);
		}
	}

private:
	void scan_nested(ZipReader &zip, const std::string &location, size_t depth) {
		if (depth > kMaxDepth) {
			out_.warnings.push_back({WarningKind::limit_reached,
			                         location + ": nested more than " + std::to_string(kMaxDepth) +
			                             " archives deep; not read"});
			return;
		}
		auto inner = zip.read(std::min(kMaxNestedBytes, inflated_left_));
		if (!inner) {
			warn(location, inner.error());
			return;
		}
		inflated_left_ -= inner->size();
		scan(*inner, location, depth);
	}

	void add(const Coordinates &found, const std::string &location) {
		std::string name = found.group.empty() ? found.artifact : found.group + ":" + found.artifact;
		if (!seen_.emplace(name, found.version).second) {
			return;
		}
		Package pkg;
		pkg.type = "maven";
		pkg.name = std::move(name);
		pkg.version = found.version;
		pkg.db_path = location;
		out_.packages.push_back(std::move(pkg));
	}

	void warn(const std::string &location, const Error &error) {
		const WarningKind kind = error.code == ErrorCode::limit_exceeded ? WarningKind::limit_reached : WarningKind::bad_record;
		out_.warnings.push_back({kind, location + ": " + error.describe()});
	}

	AnalysisResult &out_;
	uint64_t inflated_left_ = kMaxInflatedBytes;
	std::set<std::pair<std::string, std::string>> seen_;
};

class JavaArchiveAnalyzer final : public Analyzer {
public:
	std::string_view name() const override {
		return "java-archive";
	}
	bool wants(std::string_view) const override {
		return false;
	}
	void analyze(const FileView &, AnalysisResult &) const override {
	}
	bool inspects(const FileMeta &file) const override {
		return file.size <= kMaxArchiveBytes && is_java_archive_name(base_name(file.path));
	}
	void inspect(const FileMeta &file, std::string_view content, AnalysisResult &out) const override {
		ArchiveScan(out).scan(content, std::string(file.path), 0);
	}
};

} // namespace

std::unique_ptr<Analyzer> make_java_archive_analyzer() {
	return std::make_unique<JavaArchiveAnalyzer>();
}

} // namespace bulwark
