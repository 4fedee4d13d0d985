// osv: records in the OSV schema 1.x (https://ossf.github.io/osv-schema/), as one JSON file
// (a record, or an array of records), a directory tree of .json/.yaml/.yml records (the
// PyPA advisory database is OSV in YAML), or a zip of <ID>.json files like the public
// per-ecosystem dumps (`<Ecosystem>/all.zip`), read entry by entry within the zip limits.
//
// Kept: ECOSYSTEM and SEMVER ranges and the explicit `versions` list, without the versions
// the ranges already hold (drop_versions_inside_ranges: PyPI and osv.dev records list every
// release inside their ranges; matching gives the same verdicts with a fraction of the
// comparisons and the database is smaller). GIT ranges are dropped
// (bulwark matches versions, not commits); an affected entry left with nothing is not stored,
// nor is a record left without entries. Ecosystems are mapped to PURL types (`Debian:12` →
// deb/bookworm, `Alpine:v3.19` → apk/v3.19); entries of other ecosystems are counted, not stored.
#include <algorithm>
#include <array>

#include "vulndb/affected_range.h"
#include "util/zip_reader.h"
#include "version/version.h"
#include "util/json.h"
#include "vulndb/import_support.h"
#include "vulndb/importer.h"
#include "vulndb/package_names.h"

namespace bulwark::vulndb {

namespace fs = std::filesystem;

namespace {

struct Target {
	std::string type;
	std::string release;
};

struct NamedEcosystem {
	std::string_view osv;
	std::string_view purl_type;
};

constexpr std::array<NamedEcosystem, 8> kLanguageEcosystems {{
    {"Go", "golang"},
    {"PyPI", "pypi"},
    {"npm", "npm"},
    {"crates.io", "cargo"},
    {"RubyGems", "gem"},
    {"Maven", "maven"},
    {"NuGet", "nuget"},
    {"Packagist", "composer"},
}};

// Release numbers as OSV names them → the codenames os-release and the trackers use.
constexpr std::array<NamedEcosystem, 8> kDebianReleases {{
    {"7", "wheezy"},
    {"8", "jessie"},
    {"9", "stretch"},
    {"10", "buster"},
    {"11", "bullseye"},
    {"12", "bookworm"},
    {"13", "trixie"},
    {"14", "forky"},
}};

constexpr std::array<NamedEcosystem, 12> kUbuntuReleases {{
    {"14.04", "trusty"},
    {"16.04", "xenial"},
    {"18.04", "bionic"},
    {"20.04", "focal"},
    {"22.04", "jammy"},
    {"23.04", "lunar"},
    {"23.10", "mantic"},
    {"24.04", "noble"},
    {"24.10", "oracular"},
    {"25.04", "plucky"},
    {"25.10", "questing"},
    {"26.04", "resolute"},
}};

template <size_t N>
std::optional<std::string_view> lookup_name(const std::array<NamedEcosystem, N> &table, std::string_view key) {
	for (const auto &entry : table) {
		if (entry.osv == key) {
			return entry.purl_type;
		}
	}
	return std::nullopt;
}

// "Ubuntu:22.04:LTS" and "Ubuntu:24.10" are the public archive; "Ubuntu:Pro:..." needs a
// subscription and is left out.
std::optional<Target> purl_target(std::string_view ecosystem) {
	if (auto type = lookup_name(kLanguageEcosystems, ecosystem)) {
		return Target {std::string(*type), ""};
	}
	const size_t colon = ecosystem.find(':');
	if (colon == std::string_view::npos) {
		return std::nullopt;
	}
	const std::string_view distro = ecosystem.substr(0, colon);
	std::string_view release = ecosystem.substr(colon + 1);
	if (distro == "Debian") {
		if (auto codename = lookup_name(kDebianReleases, release)) {
			return Target {"deb", std::string(*codename)};
		}
	} else if (distro == "Ubuntu") {
		release = release.substr(0, release.find(':'));
		if (auto codename = lookup_name(kUbuntuReleases, release)) {
			return Target {"deb", std::string(*codename)};
		}
	} else if (distro == "Alpine" && release.size() > 1 && release[0] == 'v') {
		return Target {"apk", std::string(release)};
	}
	return std::nullopt;
}

std::string string_or_empty(simdjson::dom::element object, std::string_view key) {
	return std::string(json_string(object, key).value_or(""));
}

enum class Outcome { stored, withdrawn, ignored, rejected };

struct ParsedRecord {
	Outcome outcome = Outcome::rejected;
	Advisory advisory;
	std::string why;                // rejected: the reason
	std::vector<std::string> notes; // kept, with a warning each
};

ParsedRecord rejected(std::string why) {
	ParsedRecord record;
	record.why = std::move(why);
	return record;
}

// The events of one ECOSYSTEM/SEMVER range; an empty optional for an event OSV does not define.
std::optional<std::vector<RangeEvent>> read_events(simdjson::dom::element range) {
	static constexpr std::array<std::pair<std::string_view, RangeEvent::Kind>, 4> kKinds {{
	    {"introduced", RangeEvent::Kind::introduced},
	    {"fixed", RangeEvent::Kind::fixed},
	    {"last_affected", RangeEvent::Kind::last_affected},
	    {"limit", RangeEvent::Kind::limit},
	}};
	std::vector<RangeEvent> events;
	auto list = json_array(range, "events");
	if (!list) {
		return events;
	}
	for (const auto item : *list) {
		simdjson::dom::object event;
		if (item.get_object().get(event)) {
			return std::nullopt;
		}
		for (const auto field : event) {
			const auto kind = std::find_if(kKinds.begin(), kKinds.end(),
			                               [&](const auto &known) { return known.first == field.key; });
			std::string_view version;
			if (kind == kKinds.end() || field.value.get_string().get(version)) {
				return std::nullopt;
			}
			events.push_back(RangeEvent {kind->second, std::string(version)});
		}
	}
	return events;
}

// One `affected` entry: nullopt when it has nothing bulwark can store; `why` set when the
// whole record must be rejected.
std::optional<AffectedPackage> read_affected(simdjson::dom::element item, ImportStats &stats, std::string &why) {
	auto package = json_member_object(item, "package");
	if (!package) {
		return std::nullopt; // GIT-only entries (OSS-Fuzz) name a repository, not a package
	}
	const std::string ecosystem = string_or_empty(*package, "ecosystem");
	const std::string name = string_or_empty(*package, "name");
	const auto target = purl_target(ecosystem);
	if (!target || name.empty()) {
		++stats.unknown_ecosystems[ecosystem];
		return std::nullopt;
	}
	AffectedPackage entry;
	entry.ecosystem = target->type;
	entry.release = target->release;
	entry.name = normalize_package_name(entry.ecosystem, name);
	if (auto ranges = json_array(item, "ranges")) {
		for (const auto range : *ranges) {
			const std::string type(json_string(range, "type").value_or(""));
			if (type == "GIT") {
				continue;
			}
			if (type != "ECOSYSTEM" && type != "SEMVER") {
				why = "unknown range type '" + type + "'";
				return std::nullopt;
			}
			auto events = read_events(range);
			if (!events) {
				why = "a range event that is not one of introduced/fixed/last_affected/limit with a version";
				return std::nullopt;
			}
			entry.ranges.push_back(AffectedRange {type, std::move(*events), {}, {}});
		}
	}
	entry.versions = json_strings(json_array(item, "versions"));
	// Records list every release inside their ranges; only the others change what matches.
	if (const auto *comparator = version::comparator_for(entry.ecosystem)) {
		drop_versions_inside_ranges(entry, *comparator);
	}
	for (const char *key : {"ecosystem_specific", "database_specific"}) {
		if (auto specific = json_member_object(item, key); specific && entry.severity.empty()) {
			entry.severity = string_or_empty(*specific, "severity");
		}
	}
	if (entry.ranges.empty() && entry.versions.empty()) {
		return std::nullopt;
	}
	return entry;
}

ParsedRecord read_record(simdjson::dom::element root, ImportStats &stats) {
	if (!root.is_object()) {
		return rejected("not an OSV record (not a JSON object)");
	}
	ParsedRecord record;
	Advisory &advisory = record.advisory;
	advisory.id = string_or_empty(root, "id");
	if (advisory.id.empty()) {
		return rejected("no id");
	}
	if (!string_or_empty(root, "withdrawn").empty()) {
		record.outcome = Outcome::withdrawn;
		return record;
	}
	for (auto &alias : json_strings(json_array(root, "aliases"))) {
		if (alias == advisory.id) {
			record.notes.push_back("lists itself as an alias; alias dropped");
		} else if (std::find(advisory.aliases.begin(), advisory.aliases.end(), alias) == advisory.aliases.end()) {
			advisory.aliases.push_back(std::move(alias));
		}
	}
	advisory.summary = string_or_empty(root, "summary");
	advisory.details = string_or_empty(root, "details");
	advisory.published = string_or_empty(root, "published");
	advisory.modified = string_or_empty(root, "modified");
	if (auto references = json_array(root, "references")) {
		for (const auto reference : *references) {
			if (auto url = json_string(reference, "url")) {
				advisory.references.emplace_back(*url);
			}
		}
	}
	if (auto severities = json_array(root, "severity")) {
		for (const auto severity : *severities) {
			const auto type = json_string(severity, "type").value_or("");
			if (type == "CVSS_V2" || type == "CVSS_V3" || type == "CVSS_V4") {
				advisory.cvss.push_back(CvssVector {"osv", string_or_empty(severity, "score")});
			}
		}
	} else {
		advisory.severity = string_or_empty(root, "severity"); // condensed GHSA exports
	}
	if (auto specific = json_member_object(root, "database_specific")) {
		if (auto severity = json_string(*specific, "severity")) {
			advisory.severity = std::string(*severity);
		}
	}
	if (auto affected = json_array(root, "affected")) {
		for (const auto item : *affected) {
			std::string why;
			auto entry = read_affected(item, stats, why);
			if (!why.empty()) {
				return rejected(why);
			}
			if (entry) {
				advisory.affected.push_back(std::move(*entry));
			}
		}
	}
	record.outcome = advisory.affected.empty() ? Outcome::ignored : Outcome::stored;
	return record;
}

class OsvImporter final : public Importer {
public:
	std::string_view kind() const override {
		return "osv";
	}

	Result<ImportStats> import(const std::string &path, DbWriter &writer, const ImportLimits &limits) const override {
		ImportStats stats;
		Session session(writer, limits, stats);
		std::error_code ec;
		if (fs::is_regular_file(path, ec) && is_zip(path)) {
			BW_TRY(session.read_zip(path));
			return stats;
		}
		BW_TRY(for_each_record_document(path, {".json", ".yaml", ".yml"}, limits, stats,
		                                [&](const fs::path &, simdjson::dom::element root, const std::string &what) {
			                                return session.store_document(root, what);
		                                }));
		return stats;
	}

private:
	static bool is_zip(const std::string &path) {
		char magic[4] = {};
		std::FILE *file = std::fopen(path.c_str(), "rb");
		if (file == nullptr) {
			return false;
		}
		const size_t n = std::fread(magic, 1, sizeof magic, file);
		std::fclose(file);
		return n == 4 && magic[0] == 'P' && magic[1] == 'K' &&
		       ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
	}

	struct Session {
		Session(DbWriter &to, const ImportLimits &bounds, ImportStats &counts)
		    : writer(to), limits(bounds), stats(counts) {
		}

		DbWriter &writer;
		const ImportLimits &limits;
		ImportStats &stats;
		simdjson::dom::parser parser;

		// A file holds one record, or an array of records (condensed exports).
		Status store_document(simdjson::dom::element root, const std::string &what) {
			if (simdjson::dom::array records; !root.get_array().get(records)) {
				size_t index = 0;
				for (const auto item : records) {
					BW_TRY(store(item, what + "[" + std::to_string(index++) + "]"));
				}
				return {};
			}
			return store(root, what);
		}

		Status store(simdjson::dom::element root, const std::string &what) {
			ParsedRecord record = read_record(root, stats);
			for (const auto &note : record.notes) {
				add_warning(stats, limits, what + ": " + note);
			}
			switch (record.outcome) {
			case Outcome::rejected:
				skip_record(stats, limits, what, record.why);
				return {};
			case Outcome::withdrawn:
				++stats.withdrawn;
				return {};
			case Outcome::ignored:
				++stats.ignored;
				return {};
			case Outcome::stored:
				break;
			}
			BW_TRY(writer.add(record.advisory));
			++stats.records;
			return {};
		}

		Status read_zip(const std::string &path) {
			ZipReader zip(ZipFile {path}, limits.max_zip_entries);
			const uint64_t entry_limit = std::min<uint64_t>(limits.max_zip_entry_bytes, limits.max_record_bytes);
			uint64_t total = 0;
			for (;;) {
				auto more = zip.next();
				if (!more.ok()) {
					return make_error(more.error().code, path + ": " + more.error().message);
				}
				if (!*more) {
					return {};
				}
				const std::string name = zip.name();
				if (name.size() < 6 || name.compare(name.size() - 5, 5, ".json") != 0) {
					continue;
				}
				auto bytes = zip.read(entry_limit);
				if (!bytes.ok()) {
					skip_record(stats, limits, name, bytes.error().message);
					continue;
				}
				total += bytes->size();
				if (total > limits.max_zip_total_bytes) {
					return make_error(ErrorCode::limit_exceeded,
					                  path + ": the zip expands to more than " +
					                      std::to_string(limits.max_zip_total_bytes) + " bytes; not imported");
				}
				auto root = parse_record(parser, *bytes, false, limits, name);
				if (!root.ok()) {
					skip_record(stats, limits, name, root.error().describe());
					continue;
				}
				BW_TRY(store_document(*root, name));
			}
		}
	};
};

} // namespace

std::unique_ptr<Importer> make_osv_importer() {
	return std::make_unique<OsvImporter>();
}

} // namespace bulwark::vulndb
