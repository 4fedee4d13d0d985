// alpine: Alpine's secdb (https://secdb.alpinelinux.org/<branch>/<repo>.json, and the YAML
// of the older alpine-secdb repository), one file per branch and repository:
//   {distroversion: "v3.19", reponame: "main",
//    packages: [{pkg: {name, secfixes: {"1.2.3-r0": ["CVE-2023-1 XSA-1", ...]}}}]}
// A path is one such file or a directory of them. Each listed id is fixed in the version it
// is listed under: affected before it (range introduced 0, fixed V) on that branch; the
// version "0" means the branch never had the flaw (nothing stored). An entry can name more
// than one id ("CVE-2016-9932 XSA-200"): the first is the advisory, the rest its aliases.
#include <sstream>

#include "util/json.h"
#include "vulndb/import_support.h"
#include "vulndb/importer.h"

namespace bulwark::vulndb {

namespace {

namespace fs = std::filesystem;

std::vector<std::string> words(std::string_view text) {
	std::istringstream in {std::string(text)};
	std::vector<std::string> out;
	for (std::string word; in >> word;) {
		out.push_back(word);
	}
	return out;
}

class AlpineImporter final : public Importer {
public:
	std::string_view kind() const override {
		return "alpine";
	}

	Result<ImportStats> import(const std::string &path, DbWriter &writer, const ImportLimits &limits) const override {
		ImportStats stats;
		BW_TRY(for_each_record_document(path, {".json", ".yaml", ".yml"}, limits, stats,
		                                [&](const fs::path &, simdjson::dom::element root, const std::string &what) {
			                                return read_branch(root, what, writer, limits, stats);
		                                }));
		return stats;
	}

private:
	static Status read_branch(simdjson::dom::element root, const std::string &what, DbWriter &writer,
	                          const ImportLimits &limits, ImportStats &stats) {
		const std::string branch(json_string(root, "distroversion").value_or(""));
		if (branch.empty()) {
			skip_record(stats, limits, what, "not an Alpine secdb file (no distroversion)");
			return {};
		}
		auto packages = json_array(root, "packages");
		if (!packages) {
			return {}; // a branch with no fixes lists no packages
		}
		size_t index = 0;
		for (const auto item : *packages) {
			const std::string where = what + " packages[" + std::to_string(index++) + "]";
			simdjson::dom::element pkg;
			simdjson::dom::object secfixes;
			const std::string_view name =
			    item["pkg"].get(pkg) ? std::string_view() : json_string(pkg, "name").value_or("");
			if (name.empty()) {
				skip_record(stats, limits, where, "no pkg.name");
				continue;
			}
			if (pkg["secfixes"].get_object().get(secfixes)) {
				continue; // a package without fixes is listed for completeness
			}
			for (const auto fix : secfixes) {
				simdjson::dom::array ids;
				if (fix.value.is_null()) {
					continue; // a version listed with no ids
				}
				if (fix.value.get_array().get(ids)) {
					skip_record(stats, limits, where + " " + std::string(fix.key), "fixes are not a list of ids");
					continue;
				}
				for (const auto id : ids) {
					std::string_view text;
					auto names = id.get_string().get(text) ? std::vector<std::string>() : words(text);
					if (names.empty()) {
						skip_record(stats, limits, where + " " + std::string(fix.key), "an empty or non-text id");
						continue;
					}
					if (fix.key == "0") {
						++stats.ignored;
						continue;
					}
					Advisory advisory;
					advisory.id = names[0];
					advisory.aliases.assign(names.begin() + 1, names.end());
					AffectedPackage entry;
					entry.ecosystem = "apk";
					entry.release = branch;
					entry.name = std::string(name);
					entry.ranges.push_back(AffectedRange {"ECOSYSTEM",
					                                      {{RangeEvent::Kind::introduced, "0"},
					                                       {RangeEvent::Kind::fixed, std::string(fix.key)}},
					                                      {},
					                                      {}});
					advisory.affected.push_back(std::move(entry));
					BW_TRY(writer.add(advisory));
					++stats.records;
				}
			}
		}
		return {};
	}
};

} // namespace

std::unique_ptr<Importer> make_alpine_importer() {
	return std::make_unique<AlpineImporter>();
}

} // namespace bulwark::vulndb
