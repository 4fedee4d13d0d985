#include "secret/rules.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>
#include <yaml-cpp/yaml.h>

#include "image/byte_source.h"
#include "secret/builtin_rules.h"

namespace bulwark::secret {

namespace {

constexpr uint64_t max_config_bytes = 4ULL << 20;

// `target = *expr`, or return expr's error (the field readers below chain many of these).
#define ASSIGN_OR_RETURN(target, expr)                                                                                 \
	do {                                                                                                               \
		auto assigned_ = (expr);                                                                                       \
		if (!assigned_.ok()) {                                                                                         \
			return assigned_.error();                                                                                  \
		}                                                                                                              \
		target = std::move(*assigned_);                                                                                \
	} while (0)

// Reads one YAML document into rules, naming the file, line and column of anything wrong.
// yaml-cpp reports problems by exception; they stop at this boundary (docs/errors.md).
class YamlReader {
public:
	YamlReader(const std::string &source, ErrorCode code) : source_(source), code_(code) {
	}

	Error error_at(const YAML::Node &node, const std::string &message) const {
		const YAML::Mark mark = node.Mark();
		std::string where = source_;
		if (mark.line >= 0) {
			where += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
		}
		return make_error(code_, where + ": " + message);
	}

	Result<std::string> scalar(const YAML::Node &node, const std::string &what) const {
		if (!node.IsScalar()) {
			return error_at(node, what + " must be a string");
		}
		return node.Scalar();
	}

	Result<std::vector<std::string>> strings(const YAML::Node &node, const std::string &what) const {
		if (!node.IsSequence()) {
			return error_at(node, what + " must be a list of strings");
		}
		std::vector<std::string> out;
		for (const auto &item : node) {
			auto text = scalar(item, what + " entry");
			if (!text.ok()) {
				return text.error();
			}
			out.push_back(std::move(*text));
		}
		return out;
	}

	Result<std::vector<RuleExample>> examples(const YAML::Node &node, const std::string &what) const {
		if (!node.IsSequence()) {
			return error_at(node, what + " must be a list");
		}
		std::vector<RuleExample> out;
		for (const auto &item : node) {
			RuleExample example;
			if (item.IsScalar()) {
				example.text = item.Scalar();
			} else if (item.IsMap() && item["text"].IsScalar()) {
				example.text = item["text"].Scalar();
				if (item["path"]) {
					auto path = scalar(item["path"], what + " path");
					if (!path.ok()) {
						return path.error();
					}
					example.path = std::move(*path);
				}
			} else {
				return error_at(item, what + " entries are strings or {path, text} maps");
			}
			out.push_back(std::move(example));
		}
		return out;
	}

	Result<double> number(const YAML::Node &node, const std::string &what) const {
		double value = 0;
		if (!node.IsScalar() || !YAML::convert<double>::decode(node, value) || !(value >= 0 && value <= 8)) {
			return error_at(node, what + " must be a number from 0 to 8 (bits per byte)");
		}
		return value;
	}

	Result<Rule> rule(const YAML::Node &node) const {
		static const std::set<std::string, std::less<>> known {
		    "id",      "title", "category", "severity", "keywords",         "regex", "key", "secret",
		    "entropy", "paths", "allow",    "examples", "counter_examples"};
		if (!node.IsMap()) {
			return error_at(node, "a rule must be a map");
		}
		Rule rule;
		for (const auto &field : node) {
			const std::string name = field.first.Scalar();
			if (!known.count(name)) {
				return error_at(field.first, "unknown rule field '" + name + "'");
			}
		}
		ASSIGN_OR_RETURN(rule.id, required(node, "id"));
		if (rule.id.empty() || !std::all_of(rule.id.begin(), rule.id.end(), [](unsigned char c) {
			    return std::islower(c) || std::isdigit(c) || c == '-';
		    })) {
			return error_at(node["id"], "rule id '" + rule.id + "' must be lower-case letters, digits and '-'");
		}
		const std::string what = "rule " + rule.id;
		ASSIGN_OR_RETURN(rule.title, required(node, "title"));
		ASSIGN_OR_RETURN(rule.category, required(node, "category"));
		std::string severity;
		ASSIGN_OR_RETURN(severity, required(node, "severity"));
		auto parsed = parse_severity(severity);
		if (!parsed || *parsed == Severity::unknown) {
			return error_at(node["severity"], what + ": severity must be LOW, MEDIUM, HIGH or CRITICAL");
		}
		rule.severity = *parsed;
		if (!node["keywords"]) {
			return error_at(node, what + ": keywords are required");
		}
		ASSIGN_OR_RETURN(rule.keywords, strings(node["keywords"], what + " keywords"));
		if (rule.keywords.empty()) {
			return error_at(node["keywords"], what + ": at least one keyword is required");
		}
		for (auto &keyword : rule.keywords) {
			if (keyword.empty()) {
				return error_at(node["keywords"], what + ": keywords must not be empty");
			}
			std::transform(keyword.begin(), keyword.end(), keyword.begin(),
			               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
		}
		const bool has_regex = static_cast<bool>(node["regex"]);
		const bool has_keyed = node["key"] || node["secret"];
		if (has_regex == has_keyed) {
			return error_at(node, what + ": give either regex, or key and secret");
		}
		if (has_regex) {
			ASSIGN_OR_RETURN(rule.regex, scalar(node["regex"], what + " regex"));
		} else {
			std::string key;
			std::string secret;
			ASSIGN_OR_RETURN(key, required(node, "key"));
			ASSIGN_OR_RETURN(secret, required(node, "secret"));
			rule.regex = keyed_assignment_regex(key, secret);
		}
		if (node["entropy"]) {
			ASSIGN_OR_RETURN(rule.entropy, number(node["entropy"], what + " entropy"));
		}
		if (node["paths"]) {
			ASSIGN_OR_RETURN(rule.paths, strings(node["paths"], what + " paths"));
		}
		if (node["allow"]) {
			ASSIGN_OR_RETURN(rule.allow, strings(node["allow"], what + " allow"));
		}
		if (node["examples"]) {
			ASSIGN_OR_RETURN(rule.examples, examples(node["examples"], what + " examples"));
		}
		if (node["counter_examples"]) {
			ASSIGN_OR_RETURN(rule.counter_examples, examples(node["counter_examples"], what + " counter_examples"));
		}
		return rule;
	}

	Result<std::vector<Rule>> rules(const YAML::Node &node) const {
		if (!node.IsSequence()) {
			return error_at(node, "rules must be a list");
		}
		std::vector<Rule> out;
		std::set<std::string, std::less<>> ids;
		for (const auto &item : node) {
			Rule rule;
			ASSIGN_OR_RETURN(rule, this->rule(item));
			if (!ids.insert(rule.id).second) {
				return error_at(item, "rule id '" + rule.id + "' appears twice");
			}
			out.push_back(std::move(rule));
		}
		return out;
	}

	Result<std::string> required(const YAML::Node &map, const char *field) const {
		if (!map[field]) {
			return error_at(map, std::string("missing field '") + field + "'");
		}
		return scalar(map[field], field);
	}

	// The top-level keys must all be known: a misspelt "disable_rule" must not be ignored.
	Status only_keys(const YAML::Node &root, const std::set<std::string, std::less<>> &known) const {
		if (!root.IsMap()) {
			return error_at(root, "expected a map at the top level");
		}
		for (const auto &field : root) {
			const std::string name = field.first.Scalar();
			if (!known.count(name)) {
				std::string list;
				for (const auto &k : known) {
					list += (list.empty() ? "" : ", ") + k;
				}
				return error_at(field.first, "unknown key '" + name + "' (known: " + list + ")");
			}
		}
		return {};
	}

	template <class Fn>
	auto guarded(std::string_view yaml, Fn &&fn) const -> decltype(fn(YAML::Node())) {
		try {
			YAML::Node root = YAML::Load(std::string(yaml));
			return fn(root);
		} catch (const YAML::Exception &e) {
			std::string where = source_;
			if (e.mark.line >= 0) {
				where += ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1);
			}
			return make_error(code_, where + ": not valid YAML: " + e.msg);
		}
	}

private:
	std::string source_;
	ErrorCode code_;
};

} // namespace

std::string keyed_assignment_regex(std::string_view key, std::string_view secret) {
	// KEY, up to 25 more name characters ("_client_secret"), optional closing quotes, an
	// assignment operator of some language, at most 5 characters (quotes, "str ", ...), the
	// secret, and a delimiter after it.
	return "(?i)(?:" + std::string(key) + R"()[\w .,-]{0,25}[\s'"]{0,3}(?:=|>|:=|\|\|:|<=|=>|:|,|\?=)[^\r\n]{0,5})" +
	       "(?P<secret>" + std::string(secret) + R"()(?:[\s'"`;,)]|\\[nr]|$))";
}

Result<RuleSet> parse_rule_set(std::string_view yaml, const std::string &source) {
	YamlReader reader(source, ErrorCode::invalid_argument);
	return reader.guarded(yaml, [&](const YAML::Node &root) -> Result<RuleSet> {
		BW_TRY(reader.only_keys(root, {"allow", "rules"}));
		RuleSet set;
		if (root["allow"]) {
			const YAML::Node allow = root["allow"];
			BW_TRY(reader.only_keys(allow, {"paths", "values"}));
			if (allow["paths"]) {
				ASSIGN_OR_RETURN(set.allow_paths, reader.strings(allow["paths"], "allow.paths"));
			}
			if (allow["values"]) {
				ASSIGN_OR_RETURN(set.allow_values, reader.strings(allow["values"], "allow.values"));
			}
		}
		if (!root["rules"]) {
			return reader.error_at(root, "no rules");
		}
		ASSIGN_OR_RETURN(set.rules, reader.rules(root["rules"]));
		return set;
	});
}

Result<RuleSet> builtin_rule_set() {
	auto set = parse_rule_set(embedded::secret_rules_yaml(), "built-in secret rules (src/secret/rules.yaml)");
	if (!set.ok()) {
		return make_error(ErrorCode::internal, set.error().message);
	}
	return set;
}

Result<SecretConfig> parse_secret_config(std::string_view yaml, const std::string &source) {
	YamlReader reader(source, ErrorCode::invalid_argument);
	return reader.guarded(yaml, [&](const YAML::Node &root) -> Result<SecretConfig> {
		SecretConfig config;
		if (root.IsNull()) {
			return config; // an empty file changes nothing
		}
		BW_TRY(reader.only_keys(root, {"allow_paths", "allow_values", "disable_rules", "max_file_bytes", "rules",
		                               "scan_binaries"}));
		if (root["rules"]) {
			ASSIGN_OR_RETURN(config.rules, reader.rules(root["rules"]));
		}
		if (root["disable_rules"]) {
			ASSIGN_OR_RETURN(config.disabled_rules, reader.strings(root["disable_rules"], "disable_rules"));
		}
		if (root["allow_paths"]) {
			ASSIGN_OR_RETURN(config.allow_paths, reader.strings(root["allow_paths"], "allow_paths"));
		}
		if (root["allow_values"]) {
			ASSIGN_OR_RETURN(config.allow_values, reader.strings(root["allow_values"], "allow_values"));
		}
		if (const YAML::Node node = root["scan_binaries"]) {
			bool value = false;
			if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
				return reader.error_at(node, "scan_binaries must be true or false");
			}
			config.scan_binaries = value;
		}
		if (const YAML::Node node = root["max_file_bytes"]) {
			uint64_t value = 0;
			if (!node.IsScalar() || !YAML::convert<uint64_t>::decode(node, value)) {
				return reader.error_at(node, "max_file_bytes must be a whole number of bytes");
			}
			config.max_file_bytes = value;
		}
		return config;
	});
}

Result<SecretConfig> load_secret_config(const std::string &path) {
	auto file = open_file_source(path);
	if (!file.ok()) {
		return file.error();
	}
	auto text = read_all(**file, max_config_bytes, path + " (secret config)");
	if (!text.ok()) {
		return text.error();
	}
	return parse_secret_config(*text, path);
}

Result<RuleSet> apply_config(RuleSet rules, const SecretConfig &config) {
	for (const auto &id : config.disabled_rules) {
		auto it = std::find_if(rules.rules.begin(), rules.rules.end(), [&](const Rule &r) { return r.id == id; });
		if (it == rules.rules.end()) {
			return make_error(ErrorCode::invalid_argument, "disable_rules: no rule '" + id + "'");
		}
		rules.rules.erase(it);
	}
	for (const auto &rule : config.rules) {
		if (std::any_of(rules.rules.begin(), rules.rules.end(), [&](const Rule &r) { return r.id == rule.id; })) {
			return make_error(ErrorCode::invalid_argument,
			                  "rule '" + rule.id + "' is already defined (disable the built-in one to replace it)");
		}
		rules.rules.push_back(rule);
	}
	rules.allow_paths.insert(rules.allow_paths.end(), config.allow_paths.begin(), config.allow_paths.end());
	rules.allow_values.insert(rules.allow_values.end(), config.allow_values.begin(), config.allow_values.end());
	return rules;
}

#undef ASSIGN_OR_RETURN

} // namespace bulwark::secret
