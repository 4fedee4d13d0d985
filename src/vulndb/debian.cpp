// debian: the Debian security tracker's JSON export
// (https://security-tracker.debian.org/tracker/data/json):
//   {srcpkg: {CVE-ID: {description?, scope?, debianbug?,
//                      releases: {codename: {status, fixed_version?, urgency, repositories}}}}}
// The ~60 MB document is read one source package at a time (json_members.h).
//
// Per release: `resolved` with fixed_version "0" means never affected (nothing stored);
// `resolved` with a version is affected before it (range introduced 0, fixed V); `open` is
// affected with no fix (AffectedPackage::open). `undetermined` (the tracker has not decided
// whether the release is affected) is stored as open too: a scanner that stays silent about
// an unknown is wrong more often than one that says "not fixed", and the urgency is kept
// so that a report can tell the two apart ("unimportant", "end-of-life", ...). The urgency
// goes to AffectedPackage::severity without the tracker's `*`/`**` marks (which say the
// urgency was not set by Debian's security team).
#include <fstream>

#include "util/json.h"
#include "vulndb/import_support.h"
#include "vulndb/importer.h"
#include "vulndb/json_members.h"

namespace bulwark::vulndb {

namespace {

std::string urgency_of(simdjson::dom::element release) {
	std::string urgency(json_string(release, "urgency").value_or(""));
	while (!urgency.empty() && urgency.back() == '*') {
		urgency.pop_back();
	}
	return urgency;
}

// The entry for one release of one CVE; nullopt when the release is not affected or its
// status is one this reader does not know (then `warning` says so).
std::optional<AffectedPackage> read_release(std::string_view codename, simdjson::dom::element release,
                                            std::string &warning) {
	const std::string_view status = json_string(release, "status").value_or("");
	AffectedPackage entry;
	entry.ecosystem = "deb";
	entry.release = std::string(codename);
	entry.severity = urgency_of(release);
	if (status == "resolved") {
		const std::string_view fixed = json_string(release, "fixed_version").value_or("");
		if (fixed.empty()) {
			warning = "release " + std::string(codename) + " is resolved without a fixed_version; left out";
			return std::nullopt;
		}
		if (fixed == "0") {
			return std::nullopt;
		}
		entry.ranges.push_back(AffectedRange {
		    "ECOSYSTEM", {{RangeEvent::Kind::introduced, "0"}, {RangeEvent::Kind::fixed, std::string(fixed)}}, {}, {}});
		return entry;
	}
	if (status == "open" || status == "undetermined") {
		entry.open = true;
		return entry;
	}
	warning = "release " + std::string(codename) + " has unknown status '" + std::string(status) + "'; left out";
	return std::nullopt;
}

class DebianImporter final : public Importer {
public:
	std::string_view kind() const override {
		return "debian";
	}

	Result<ImportStats> import(const std::string &path, DbWriter &writer, const ImportLimits &limits) const override {
		std::ifstream in(path, std::ios::binary);
		if (!in) {
			return make_error(ErrorCode::io, "cannot read " + path);
		}
		ImportLimits member_limits = limits;
		member_limits.max_record_bytes = limits.max_member_bytes;
		ImportStats stats;
		JsonMemberReader members(in, limits.max_member_bytes);
		simdjson::dom::parser parser;
		std::string package;
		std::string json;
		for (;;) {
			auto more = members.next(package, json);
			if (!more.ok()) {
				return make_error(more.error().code, path + ": " + more.error().message);
			}
			if (!*more) {
				return stats;
			}
			if (members.oversized()) {
				skip_record(stats, limits, "source package " + package,
				            "more than " + std::to_string(limits.max_member_bytes) + " bytes");
				continue;
			}
			auto cves = parse_record(parser, json, false, member_limits, "source package " + package);
			if (!cves.ok()) {
				skip_record(stats, limits, "source package " + package, cves.error().message);
				continue;
			}
			BW_TRY(read_package(package, *cves, writer, limits, stats));
		}
	}

private:
	static Status read_package(const std::string &package, simdjson::dom::element cves, DbWriter &writer,
	                           const ImportLimits &limits, ImportStats &stats) {
		simdjson::dom::object by_id;
		if (cves.get_object().get(by_id)) {
			skip_record(stats, limits, "source package " + package, "not an object of CVEs");
			return {};
		}
		for (const auto field : by_id) {
			const std::string what = package + " " + std::string(field.key);
			if (!field.value.is_object()) {
				skip_record(stats, limits, what, "not an object");
				continue;
			}
			Advisory advisory;
			advisory.id = std::string(field.key);
			advisory.details = std::string(json_string(field.value, "description").value_or(""));
			simdjson::dom::object releases;
			if (!field.value["releases"].get_object().get(releases)) {
				for (const auto release : releases) {
					std::string warning;
					auto entry = read_release(release.key, release.value, warning);
					if (!warning.empty()) {
						add_warning(stats, limits, what + ": " + warning);
					}
					if (entry) {
						entry->name = package;
						advisory.affected.push_back(std::move(*entry));
					}
				}
			}
			if (advisory.id.empty() || advisory.affected.empty()) {
				++stats.ignored;
				continue;
			}
			BW_TRY(writer.add(advisory));
			++stats.records;
		}
		return {};
	}
};

} // namespace

std::unique_ptr<Importer> make_debian_importer() {
	return std::make_unique<DebianImporter>();
}

} // namespace bulwark::vulndb
