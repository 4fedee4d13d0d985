// Secret rules as data: the built-in set (src/secret/rules.yaml, compiled into the binary)
// and a user's --secret-config, parsed and checked into plain structs. Compiling the
// patterns is the matcher's job (secret/matcher.h); field meanings are documented at the
// top of rules.yaml and in docs/secrets.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/findings.h"
#include "util/result.h"

namespace bulwark::secret {

// A text a rule must (examples) or must not (counter_examples) report; tests run them all.
struct RuleExample {
	std::string path; // image path the text is scanned as; "" = a neutral path
	std::string text;
};

struct Rule {
	std::string id; // "aws-access-key-id"
	std::string title;
	std::string category;
	Severity severity = Severity::unknown;
	std::vector<std::string> keywords; // lower case; a match must contain one
	std::string regex;                 // the full pattern (the key/secret shorthand expanded)
	double entropy = 0;                // floor in bits per byte for the secret; 0 = none
	std::vector<std::string> paths;    // globs: the rule looks only at these files; empty = all
	std::vector<std::string> allow;    // regexes: a secret matching one is not reported
	std::vector<RuleExample> examples;
	std::vector<RuleExample> counter_examples;
};

struct RuleSet {
	std::vector<Rule> rules;                // in priority order (earlier wins an overlap)
	std::vector<std::string> allow_paths;   // globs of files never scanned
	std::vector<std::string> allow_values;  // regexes: a secret matching one is not reported
};

// What --secret-config FILE may say (docs/secrets.md).
struct SecretConfig {
	std::vector<Rule> rules;                 // added after the built-in rules
	std::vector<std::string> disabled_rules; // ids of built-in rules to drop
	std::vector<std::string> allow_paths;
	std::vector<std::string> allow_values;
	std::optional<bool> scan_binaries;
	std::optional<uint64_t> max_file_bytes;
};

// The regex the "key + secret" shorthand of a rule expands to.
std::string keyed_assignment_regex(std::string_view key, std::string_view secret);

// Parses a rule file (the built-in rules.yaml format). `source` names it in errors.
Result<RuleSet> parse_rule_set(std::string_view yaml, const std::string &source);
// The built-in rules (parsed from the embedded rules.yaml).
Result<RuleSet> builtin_rule_set();

Result<SecretConfig> parse_secret_config(std::string_view yaml, const std::string &source);
Result<SecretConfig> load_secret_config(const std::string &path);

// The built-in rules with a config applied: disabled rules dropped (an unknown id is an
// error, as it is most likely a typo), extra rules appended (an id clash is an error), allow
// lists extended.
Result<RuleSet> apply_config(RuleSet rules, const SecretConfig &config);

} // namespace bulwark::secret
