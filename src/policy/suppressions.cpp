#include "policy/suppressions.h"

#include <algorithm>
#include <fnmatch.h>
#include <sstream>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "image/byte_source.h"

namespace bulwark {

namespace {

constexpr size_t kMaxPolicyBytes = 16u << 20;

Result<std::string> read_policy_file(const std::string &path) {
	auto file = open_file_source(path);
	if (!file.ok()) {
		return file.error();
	}
	return read_all(**file, kMaxPolicyBytes, path);
}

std::vector<std::string> string_list(const YAML::Node &node) {
	std::vector<std::string> out;
	if (!node) {
		return out;
	}
	if (node.IsScalar()) {
		out.push_back(node.as<std::string>());
	} else if (node.IsSequence()) {
		for (const auto &item : node) {
			out.push_back(item.as<std::string>());
		}
	}
	return out;
}

std::vector<IgnoreEntry> yaml_entries(const YAML::Node &list) {
	std::vector<IgnoreEntry> entries;
	if (!list) {
		return entries;
	}
	if (!list.IsSequence()) {
		throw YAML::Exception(list.Mark(), "expected a list of entries");
	}
	for (const auto &node : list) {
		if (node.IsScalar()) {
			entries.push_back(IgnoreEntry {node.as<std::string>(), {}, {}, {}, {}});
			continue;
		}
		IgnoreEntry e;
		if (!node.IsMap()) {
			throw YAML::Exception(node.Mark(), "an entry must be an id or a mapping");
		}
		if (node["id"]) {
			e.id = node["id"].as<std::string>();
		}
		e.purls = string_list(node["purls"]);
		e.paths = string_list(node["paths"]);
		if (node["expires"]) {
			e.expires = node["expires"].as<std::string>();
		}
		if (node["reason"]) {
			e.reason = node["reason"].as<std::string>();
		}
		entries.push_back(std::move(e));
	}
	return entries;
}

// Trivy's .trivyignore: "CVE-2023-1 exp:2024-01-31", comments after '#'.
IgnoreFile plain_ignore_file(const std::string &text, const std::string &path) {
	IgnoreFile file;
	file.path = path;
	std::istringstream lines(text);
	std::string line;
	while (std::getline(lines, line)) {
		line = line.substr(0, line.find('#'));
		std::istringstream words(line);
		IgnoreEntry e;
		std::string word;
		while (words >> word) {
			if (word.starts_with("exp:")) {
				e.expires = word.substr(4);
			} else if (e.id.empty()) {
				e.id = word;
			}
		}
		if (!e.id.empty()) {
			file.vulnerabilities.push_back(e);
			file.secrets.push_back(std::move(e));
		}
	}
	return file;
}

bool valid_date(std::string_view d) {
	if (d.size() != 10 || d[4] != '-' || d[7] != '-') {
		return false;
	}
	return std::all_of(d.begin(), d.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
}

// "pkg:type/ns/name@version?qualifiers#subpath" without qualifiers and subpath.
std::string_view purl_core(std::string_view purl) {
	return purl.substr(0, std::min(purl.find('?'), purl.find('#')));
}

// An entry without a version matches every version of the package.
bool purl_matches(std::string_view wanted, std::string_view actual) {
	wanted = purl_core(wanted);
	actual = purl_core(actual);
	if (wanted.find('@') != std::string_view::npos) {
		return wanted == actual;
	}
	return actual.substr(0, actual.find('@')) == wanted;
}

bool glob_matches(const std::string &pattern, const std::string &path) {
	std::string p = path.starts_with('/') ? path.substr(1) : path;
	std::string g = pattern.starts_with('/') ? pattern.substr(1) : pattern;
	return ::fnmatch(g.c_str(), p.c_str(), 0) == 0;
}

bool entry_applies(const IgnoreEntry &e, const std::vector<std::string> &ids, const std::string &purl,
                   const std::string &path) {
	if (!e.id.empty() && std::find(ids.begin(), ids.end(), e.id) == ids.end()) {
		return false;
	}
	if (!e.purls.empty() &&
	    std::none_of(e.purls.begin(), e.purls.end(), [&](const std::string &p) { return purl_matches(p, purl); })) {
		return false;
	}
	if (!e.paths.empty() &&
	    std::none_of(e.paths.begin(), e.paths.end(), [&](const std::string &g) { return glob_matches(g, path); })) {
		return false;
	}
	return true;
}

std::string json_string(const nlohmann::json &node, const char *key) {
	auto it = node.find(key);
	return it != node.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void add_product_ids(const nlohmann::json &product, std::vector<std::string> &out) {
	if (product.is_string()) {
		out.push_back(product.get<std::string>());
		return;
	}
	if (!product.is_object()) {
		return;
	}
	if (auto id = json_string(product, "@id"); !id.empty()) {
		out.push_back(id);
	}
	if (auto it = product.find("identifiers"); it != product.end() && it->is_object()) {
		if (auto purl = json_string(*it, "purl"); !purl.empty()) {
			out.push_back(purl);
		}
	}
	if (auto it = product.find("subcomponents"); it != product.end() && it->is_array()) {
		for (const auto &sub : *it) {
			add_product_ids(sub, out);
		}
	}
}

std::vector<std::string> finding_ids(const VulnFinding &f) {
	std::vector<std::string> ids {f.id};
	ids.insert(ids.end(), f.aliases.begin(), f.aliases.end());
	return ids;
}

bool vex_applies(const VexStatement &s, const VulnFinding &f, const Package &package) {
	auto ids = finding_ids(f);
	bool named = std::find(ids.begin(), ids.end(), s.vulnerability) != ids.end() ||
	             std::any_of(s.aliases.begin(), s.aliases.end(),
	                         [&](const std::string &a) { return std::find(ids.begin(), ids.end(), a) != ids.end(); });
	if (!named) {
		return false;
	}
	// A statement about the image as a whole (products that are not package purls, e.g. the
	// image's oci purl without subcomponents) is not enough to silence one package: VEX
	// statements name the vulnerable component.
	return std::any_of(s.products.begin(), s.products.end(),
	                   [&](const std::string &p) { return p.starts_with("pkg:") && purl_matches(p, package.purl); });
}

} // namespace

Result<IgnoreFile> load_ignore_file(const std::string &path) {
	auto text = read_policy_file(path);
	if (!text.ok()) {
		return text.error();
	}
	try {
		YAML::Node root = YAML::Load(*text);
		if (!root.IsMap()) {
			return plain_ignore_file(*text, path);
		}
		IgnoreFile file;
		file.path = path;
		file.vulnerabilities = yaml_entries(root["vulnerabilities"]);
		file.secrets = yaml_entries(root["secrets"]);
		for (const auto *list : {&file.vulnerabilities, &file.secrets}) {
			for (const auto &e : *list) {
				if (!e.expires.empty() && !valid_date(e.expires)) {
					return make_error(ErrorCode::invalid_argument,
					                  path + ": expires '" + e.expires + "' is not a YYYY-MM-DD date");
				}
			}
		}
		return file;
	} catch (const YAML::Exception &e) {
		// A plain .trivyignore is not always valid YAML ("CVE-1 exp:..." lines are); try it.
		if (text->find(':') == std::string::npos || text->find("exp:") != std::string::npos) {
			return plain_ignore_file(*text, path);
		}
		return make_error(ErrorCode::invalid_argument, path + ": " + e.what());
	}
}

Result<std::vector<VexStatement>> load_openvex(const std::string &path) {
	auto text = read_policy_file(path);
	if (!text.ok()) {
		return text.error();
	}
	nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
	if (doc.is_discarded() || !doc.is_object()) {
		return make_error(ErrorCode::malformed_json, path + ": not a JSON object");
	}
	if (json_string(doc, "@context").find("openvex") == std::string::npos) {
		return make_error(ErrorCode::unsupported, path + ": not an OpenVEX document (@context)");
	}
	auto statements = doc.find("statements");
	if (statements == doc.end() || !statements->is_array()) {
		return make_error(ErrorCode::malformed_json, path + ": no statements[]");
	}
	std::vector<VexStatement> out;
	for (const auto &node : *statements) {
		if (!node.is_object()) {
			return make_error(ErrorCode::malformed_json, path + ": a statement is not an object");
		}
		VexStatement s;
		s.source = path;
		auto vuln = node.find("vulnerability");
		if (vuln != node.end() && vuln->is_string()) {
			s.vulnerability = vuln->get<std::string>();
		} else if (vuln != node.end() && vuln->is_object()) {
			s.vulnerability = json_string(*vuln, "name");
			if (auto id = json_string(*vuln, "@id"); !id.empty()) {
				s.aliases.push_back(id);
			}
			if (auto aliases = vuln->find("aliases"); aliases != vuln->end() && aliases->is_array()) {
				for (const auto &a : *aliases) {
					if (a.is_string()) {
						s.aliases.push_back(a.get<std::string>());
					}
				}
			}
		}
		if (auto products = node.find("products"); products != node.end() && products->is_array()) {
			for (const auto &p : *products) {
				add_product_ids(p, s.products);
			}
		}
		s.status = json_string(node, "status");
		s.justification = json_string(node, "justification");
		s.impact_statement = json_string(node, "impact_statement");
		if (s.vulnerability.empty() || s.status.empty()) {
			return make_error(ErrorCode::malformed_json, path + ": a statement lacks vulnerability or status");
		}
		out.push_back(std::move(s));
	}
	return out;
}

void apply_suppressions(ScanReport &report, const IgnoreFile *ignore, const std::vector<VexStatement> &vex,
                        const std::string &today) {
	auto active = [&](const IgnoreEntry &e) { return e.expires.empty() || e.expires >= today; };
	if (ignore != nullptr) {
		for (const auto *list : {&ignore->vulnerabilities, &ignore->secrets}) {
			for (const auto &e : *list) {
				if (!active(e)) {
					report.warnings.push_back({WarningKind::other, ignore->path + ": the entry for '" + e.id +
					                                                   "' expired on " + e.expires + "; not applied"});
				}
			}
		}
	}
	for (auto &finding : report.vulnerabilities) {
		const Package &package = report.packages.at(finding.package);
		for (const auto &s : vex) {
			if ((s.status == "not_affected" || s.status == "fixed") && vex_applies(s, finding, package)) {
				std::string why = s.justification;
				if (!s.impact_statement.empty()) {
					why += (why.empty() ? "" : ": ") + s.impact_statement;
				}
				finding.suppression = Suppression {"vex", s.status, why, s.source};
				break;
			}
		}
		if (finding.suppression || ignore == nullptr) {
			continue;
		}
		for (const auto &e : ignore->vulnerabilities) {
			if (active(e) && entry_applies(e, finding_ids(finding), package.purl, package.db_path)) {
				finding.suppression = Suppression {"ignore-file", "ignored", e.reason, ignore->path};
				break;
			}
		}
	}
	if (ignore == nullptr) {
		return;
	}
	for (auto &secret : report.secrets) {
		for (const auto &e : ignore->secrets) {
			if (active(e) && entry_applies(e, {secret.rule_id}, "", secret.path)) {
				secret.suppression = Suppression {"ignore-file", "ignored", e.reason, ignore->path};
				break;
			}
		}
	}
}

void apply_filter(ScanReport &report, const FindingFilter &filter) {
	auto unwanted = [&](Severity s) {
		return !filter.severities.empty() &&
		       std::find(filter.severities.begin(), filter.severities.end(), s) == filter.severities.end();
	};
	std::erase_if(report.vulnerabilities, [&](const VulnFinding &f) {
		return unwanted(f.severity) || (filter.ignore_unfixed && f.status != VulnStatus::fixed);
	});
	std::erase_if(report.secrets, [&](const SecretFinding &f) { return unwanted(f.severity); });
}

size_t unsuppressed_findings(const ScanReport &report) {
	auto count = [](const auto &list) {
		return static_cast<size_t>(std::count_if(list.begin(), list.end(), [](const auto &f) { return !f.suppression; }));
	};
	return count(report.vulnerabilities) + count(report.secrets);
}

} // namespace bulwark
