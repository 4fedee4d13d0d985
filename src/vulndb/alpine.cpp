// alpine: Alpine's secdb (https://secdb.alpinelinux.org/<branch>/<repo>.json, and the YAML
// of the older alpine-secdb repository), one file per branch and repository:
//   {distroversion: "v3.19", reponame: "main",
//    packages: [{pkg: {name, secfixes: {"1.2.3-r0": ["CVE-2023-1 XSA-1", ...]}}}]}
// A path is one such file or a directory of them. Each listed id is fixed in the version it
// is listed under: affected before it (range introduced 0, fixed V) on that branch; the
// version "0" means the branch never had the flaw (nothing stored).
// An entry is free text (alpine-secdb v3.3-v3.11): "CVE-2016-9932 XSA-200", annotations
// ("CVE-2018-14881 (BGP)", "... XSA-254 XPTI"), placeholders ("CVE-????-?????  XSA-284"),
// "CVE_2019-2426". Its ids are the words before the first "(" that start with a letter and
// hold a dash, made of letters, digits and ".-_" ("CVE_" read as "CVE-"). Each CVE among
// them is one advisory, without aliases; an entry without a CVE is one advisory named by
// its first id, the other ids its aliases. The other ids beside a CVE are not aliases: one
// XSA covers several CVEs ("CVE-2018-12126  XSA-297", "CVE-2018-12127  XSA-297" ...), and
// the matcher, which joins advisories sharing an id, would report them as one finding. Trivy's
// alpine source keeps the CVEs too.
#include <algorithm>
#include <cctype>
#include <sstream>

#include "util/json.h"
#include "vulndb/import_support.h"
#include "vulndb/importer.h"

namespace bulwark::vulndb {

namespace {

namespace fs = std::filesystem;

bool is_id(std::string_view word) {
	auto id_char = [](char c) {
		return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
	};
	return !word.empty() && std::isalpha(static_cast<unsigned char>(word.front())) &&
	       word.find('-') != std::string_view::npos && std::all_of(word.begin(), word.end(), id_char);
}

// The advisories one secfixes entry names, each as its id followed by its aliases.
std::vector<std::vector<std::string>> advisories_named(std::string_view text) {
	std::istringstream in {std::string(text.substr(0, text.find('(')))};
	std::vector<std::string> ids;
	std::vector<std::vector<std::string>> cves;
	for (std::string word; in >> word;) {
		if (word.starts_with("CVE_")) {
			word[3] = '-';
		}
		if (is_id(word)) {
			if (word.starts_with("CVE-")) {
				cves.push_back({word});
			}
			ids.push_back(std::move(word));
		}
	}
	if (cves.empty() && !ids.empty()) {
		cves.push_back(std::move(ids));
	}
	return cves;
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
					if (id.get_string().get(text) || text.find_first_not_of(" \t") == std::string_view::npos) {
						skip_record(stats, limits, where + " " + std::string(fix.key), "an empty or non-text id");
						continue;
					}
					const auto named = advisories_named(text);
					if (fix.key == "0" || named.empty()) {
						++stats.ignored; // never affected, or a note without an id ("CVE 2018-16859")
						continue;
					}
					for (const auto &names : named) {
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
		}
		return {};
	}
};

} // namespace

std::unique_ptr<Importer> make_alpine_importer() {
	return std::make_unique<AlpineImporter>();
}

} // namespace bulwark::vulndb
