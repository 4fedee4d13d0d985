// rubysec: ruby-advisory-db (https://github.com/rubysec/ruby-advisory-db), one YAML file
// per advisory under gems/<gem>/:
//   gem, cve ("2019-1234"), ghsa ("xxxx-xxxx-xxxx"), osvdb, title, description, date, url,
//   related.url[], cvss_v2/cvss_v3/cvss_v4 (base scores), criticality?,
//   patched_versions[], unaffected_versions[]   (RubyGems requirements, "~> 1.2, >= 1.2.3")
// The id is CVE-<cve>, else GHSA-<ghsa>, else OSVDB-<osvdb>, else the file name; the other
// ids are aliases. The versions become one CONSTRAINTS range: every version is affected
// except those matching a patched or unaffected requirement. The advisory's severity is
// `criticality` when given, else the qualitative rating of the newest CVSS score given (the
// database states scores, not vectors). Ruby interpreter advisories (rubies/) are not gems
// and are not read when a database root is given.
#include <filesystem>

#include "util/json.h"
#include "vulndb/import_support.h"
#include "vulndb/importer.h"
#include "vulndb/package_names.h"

namespace bulwark::vulndb {

namespace {

namespace fs = std::filesystem;

// A scalar as written: YAML scores and ids arrive as strings (util/yaml.h keeps them so).
std::string text_of(simdjson::dom::element record, std::string_view key) {
	return std::string(json_string(record, key).value_or(""));
}

std::string severity_of(simdjson::dom::element record) {
	if (std::string criticality = text_of(record, "criticality"); !criticality.empty()) {
		return criticality;
	}
	for (const auto &[key, version] : {std::pair {"cvss_v4", 4}, std::pair {"cvss_v3", 3}, std::pair {"cvss_v2", 2}}) {
		const std::string score = text_of(record, key);
		char *end = nullptr;
		const double value = std::strtod(score.c_str(), &end);
		if (!score.empty() && end != nullptr && *end == '\0') {
			return cvss_rating(value, version);
		}
	}
	return {};
}

class RubysecImporter final : public Importer {
public:
	std::string_view kind() const override {
		return "rubysec";
	}

	Result<ImportStats> import(const std::string &path, DbWriter &writer, const ImportLimits &limits) const override {
		ImportStats stats;
		BW_TRY(for_each_record_document(records_root(path, {"gems"}), {".yml", ".yaml"}, limits, stats,
		                                [&](const fs::path &file, simdjson::dom::element record,
		                                    const std::string &what) { return read_record(file, record, what, writer, limits, stats); }));
		return stats;
	}

private:
	static Status read_record(const fs::path &file, simdjson::dom::element record, const std::string &what,
	                          DbWriter &writer, const ImportLimits &limits, ImportStats &stats) {
		Advisory advisory;
		const std::string gem = text_of(record, "gem");
		if (gem.empty()) {
			skip_record(stats, limits, what, "no gem");
			return {};
		}
		std::vector<std::string> ids;
		for (const auto &[key, prefix] : {std::pair {"cve", "CVE-"}, std::pair {"ghsa", "GHSA-"}, std::pair {"osvdb", "OSVDB-"}}) {
			if (const std::string id = text_of(record, key); !id.empty()) {
				ids.push_back(prefix + id);
			}
		}
		advisory.id = ids.empty() ? file.stem().string() : ids[0];
		advisory.aliases.assign(ids.begin() + (ids.empty() ? 0 : 1), ids.end());
		advisory.summary = text_of(record, "title");
		advisory.details = text_of(record, "description");
		advisory.published = text_of(record, "date");
		advisory.severity = severity_of(record);
		if (const std::string url = text_of(record, "url"); !url.empty()) {
			advisory.references.push_back(url);
		}
		if (auto related = json_member_object(record, "related")) {
			for (auto &url : json_strings(json_array(*related, "url"))) {
				advisory.references.push_back(std::move(url));
			}
		}
		std::vector<std::string> unaffected = json_strings(json_array(record, "patched_versions"));
		for (auto &requirement : json_strings(json_array(record, "unaffected_versions"))) {
			unaffected.push_back(std::move(requirement));
		}
		AffectedPackage entry;
		entry.ecosystem = "gem";
		entry.name = normalize_package_name("gem", gem);
		entry.ranges.push_back(constraints_range({}, std::move(unaffected)));
		advisory.affected.push_back(std::move(entry));
		BW_TRY(writer.add(advisory));
		++stats.records;
		return {};
	}
};

} // namespace

std::unique_ptr<Importer> make_rubysec_importer() {
	return std::make_unique<RubysecImporter>();
}

} // namespace bulwark::vulndb
