#include <gtest/gtest.h>

#include "secret/rules.h"

namespace bulwark::secret {
namespace {

TEST(SecretRulesLoading, BuiltinRulesParseAndAreMany) {
	auto set = builtin_rule_set();
	ASSERT_TRUE(set.ok()) << set.error().describe();
	EXPECT_GE(set->rules.size(), 120U);
	EXPECT_FALSE(set->allow_paths.empty());
	EXPECT_FALSE(set->allow_values.empty());
	for (const auto &rule : set->rules) {
		EXPECT_FALSE(rule.examples.empty()) << rule.id;
		EXPECT_FALSE(rule.counter_examples.empty()) << rule.id;
	}
}

TEST(SecretRulesLoading, KeyedShorthandExpands) {
	auto set = parse_rule_set(R"(
rules:
  - id: fake-key
    title: Fake
    category: Fake
    severity: high
    keywords: [FAKE]
    key: 'fake'
    secret: '[a-f0-9]{32}'
    examples: ['x']
    counter_examples: ['y']
)",
	                          "test.yaml");
	ASSERT_TRUE(set.ok()) << set.error().describe();
	ASSERT_EQ(set->rules.size(), 1U);
	EXPECT_EQ(set->rules[0].regex, keyed_assignment_regex("fake", "[a-f0-9]{32}"));
	EXPECT_EQ(set->rules[0].keywords[0], "fake"); // lower-cased
	EXPECT_EQ(set->rules[0].severity, Severity::high);
}

TEST(SecretRulesLoading, ErrorsNameFileLineAndField) {
	auto missing = parse_rule_set("rules:\n  - id: x\n    title: t\n", "r.yaml");
	ASSERT_FALSE(missing.ok());
	EXPECT_NE(missing.error().message.find("r.yaml:2:"), std::string::npos) << missing.error().message;
	EXPECT_NE(missing.error().message.find("category"), std::string::npos) << missing.error().message;

	auto unknown = parse_rule_set("rules:\n  - id: x\n    titel: t\n", "r.yaml");
	ASSERT_FALSE(unknown.ok());
	EXPECT_NE(unknown.error().message.find("unknown rule field 'titel'"), std::string::npos);

	auto broken = parse_rule_set("rules: [", "r.yaml");
	ASSERT_FALSE(broken.ok());
	EXPECT_NE(broken.error().message.find("not valid YAML"), std::string::npos);
}

TEST(SecretRulesLoading, ConfigDisablesAddsAndAllows) {
	auto config = parse_secret_config(R"(
disable_rules: [github-pat]
allow_paths: ['app/fixtures/*']
allow_values: ['^FAKE']
scan_binaries: true
max_file_bytes: 1024
rules:
  - id: acme-token
    title: ACME token
    category: ACME
    severity: CRITICAL
    keywords: [acme_]
    regex: 'acme_[a-z0-9]{20}'
)",
	                                  "cfg.yaml");
	ASSERT_TRUE(config.ok()) << config.error().describe();
	EXPECT_EQ(config->scan_binaries, true);
	EXPECT_EQ(config->max_file_bytes, 1024U);
	auto builtin = builtin_rule_set();
	ASSERT_TRUE(builtin.ok());
	auto merged = apply_config(*builtin, *config);
	ASSERT_TRUE(merged.ok()) << merged.error().describe();
	EXPECT_EQ(merged->rules.size(), builtin->rules.size());
	EXPECT_EQ(merged->rules.back().id, "acme-token");
	for (const auto &r : merged->rules) {
		EXPECT_NE(r.id, "github-pat");
	}
	EXPECT_EQ(merged->allow_paths.back(), "app/fixtures/*");
}

TEST(SecretRulesLoading, ConfigMistakesAreErrors) {
	EXPECT_FALSE(parse_secret_config("disable_rule: [x]\n", "c.yaml").ok()); // typo of disable_rules
	EXPECT_FALSE(parse_secret_config("scan_binaries: maybe\n", "c.yaml").ok());
	EXPECT_FALSE(parse_secret_config("max_file_bytes: -1\n", "c.yaml").ok());
	EXPECT_TRUE(parse_secret_config("", "c.yaml").ok());
	auto builtin = builtin_rule_set();
	ASSERT_TRUE(builtin.ok());
	auto config = parse_secret_config("disable_rules: [no-such-rule]\n", "c.yaml");
	ASSERT_TRUE(config.ok());
	EXPECT_FALSE(apply_config(*builtin, *config).ok());
	auto clash = parse_secret_config(
	    "rules:\n  - {id: github-pat, title: t, category: c, severity: LOW, keywords: [x], regex: 'x'}\n", "c.yaml");
	ASSERT_TRUE(clash.ok()) << clash.error().describe();
	EXPECT_FALSE(apply_config(*builtin, *clash).ok());
}

} // namespace
} // namespace bulwark::secret
