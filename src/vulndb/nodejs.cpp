// nodejs: the Node.js security working group's npm advisories
// (https://github.com/nodejs/security-wg, vuln/npm/<n>.json, frozen in 2020):
//   {id, module_name, cves[], title, overview, publish_date, updated_at, references[],
//    vulnerable_versions, patched_versions (node-semver ranges), cvss_vector, cvss_score}
// Each becomes advisory NSWG-ECO-<id> (the working group's own name for it) with its CVEs as
// aliases and one CONSTRAINTS range: affected when vulnerable_versions matches and
// patched_versions does not. Advisories about Node.js itself (vuln/core) are not npm
// packages and are not read when a repository root is given; index.json (all records in
// one file) is passed over.
#include <filesystem>

#include "util/json.h"
#include "vulndb/import_support.h"
#include "vulndb/importer.h"
#include "vulndb/package_names.h"

namespace bulwark::vulndb {

namespace {

namespace fs = std::filesystem;

std::string text_of(simdjson::dom::element record, std::string_view key) {
	return std::string(json_string(record, key).value_or(""));
}

class NodejsImporter final : public Importer {
public:
	std::string_view kind() const override {
		return "nodejs";
	}

	Result<ImportStats> import(const std::string &path, DbWriter &writer, const ImportLimits &limits) const override {
		ImportStats stats;
		BW_TRY(for_each_record_document(records_root(path, {"vuln/npm", "npm"}), {".json"}, limits, stats,
		                                [&](const fs::path &file, simdjson::dom::element record, const std::string &what) {
			                                // index.json holds every record again, in one object
			                                return file.filename() == "index.json"
			                                           ? Status()
			                                           : read_record(record, what, writer, limits, stats);
		                                }));
		return stats;
	}

private:
	static Status read_record(simdjson::dom::element record, const std::string &what, DbWriter &writer,
	                          const ImportLimits &limits, ImportStats &stats) {
		int64_t id = 0;
		const std::string module = text_of(record, "module_name");
		const std::string vulnerable = text_of(record, "vulnerable_versions");
		if ((record)["id"].get_int64().get(id) || module.empty() || vulnerable.empty()) {
			skip_record(stats, limits, what, "no id, module_name or vulnerable_versions");
			return {};
		}
		Advisory advisory;
		advisory.id = "NSWG-ECO-" + std::to_string(id);
		advisory.aliases = json_strings(json_array(record, "cves"));
		advisory.summary = text_of(record, "title");
		advisory.details = text_of(record, "overview");
		advisory.published = text_of(record, "publish_date");
		advisory.modified = text_of(record, "updated_at");
		advisory.references = json_strings(json_array(record, "references"));
		if (const std::string vector = text_of(record, "cvss_vector"); !vector.empty()) {
			advisory.cvss.push_back(CvssVector {"nswg", vector});
			double score = -1;
			if (!(record)["cvss_score"].get_double().get(score) && vector.rfind("CVSS:3", 0) == 0) {
				advisory.severity = cvss_rating(score, 3);
			}
		}
		const std::string patched = text_of(record, "patched_versions");
		AffectedPackage entry;
		entry.ecosystem = "npm";
		entry.name = normalize_package_name("npm", module);
		entry.ranges.push_back(constraints_range({vulnerable}, patched.empty() ? std::vector<std::string> {}
		                                                                        : std::vector<std::string> {patched}));
		advisory.affected.push_back(std::move(entry));
		BW_TRY(writer.add(advisory));
		++stats.records;
		return {};
	}
};

} // namespace

std::unique_ptr<Importer> make_nodejs_importer() {
	return std::make_unique<NodejsImporter>();
}

} // namespace bulwark::vulndb
