// Every built-in rule finds each of its examples and none of its counter-examples (both kept
// next to the rule in src/secret/rules.yaml), through the whole engine: Hyperscan first pass,
// RE2 re-match, keyword/entropy/allow checks and overlap resolution between rules.
#include <gtest/gtest.h>

#include "secret/scanner.h"

namespace bulwark::secret {
namespace {

// Examples without a path are scanned as this file (no allow list or path-scoped rule applies).
constexpr std::string_view neutral_path = "srv/app/settings.env";

const SecretScanner &builtin_scanner() {
	static const auto scanner = [] {
		auto rules = builtin_rule_set();
		EXPECT_TRUE(rules.ok()) << rules.error().describe();
		auto created = SecretScanner::create(std::move(*rules), ScanSettings {});
		EXPECT_TRUE(created.ok()) << created.error().describe();
		return std::move(*created);
	}();
	return *scanner;
}

std::vector<std::string> builtin_rule_ids() {
	std::vector<std::string> ids;
	auto rules = builtin_rule_set();
	if (rules.ok()) {
		for (const auto &rule : rules->rules) {
			ids.push_back(rule.id);
		}
	}
	return ids;
}

const Rule &rule_named(const std::string &id) {
	const Matcher &matcher = builtin_scanner().matcher();
	for (size_t i = 0; i < matcher.rule_count(); ++i) {
		if (matcher.rule(i).id == id) {
			return matcher.rule(i);
		}
	}
	throw std::runtime_error("no rule " + id);
}

std::vector<SecretFinding> scan_example(const RuleExample &example) {
	FileScan scan(builtin_scanner());
	return scan.scan_text(example.path.empty() ? neutral_path : std::string_view(example.path), example.text);
}

bool reports(const std::vector<SecretFinding> &found, const std::string &id) {
	return std::any_of(found.begin(), found.end(), [&](const SecretFinding &f) { return f.rule_id == id; });
}

class SecretRule : public ::testing::TestWithParam<std::string> {};

TEST_P(SecretRule, FindsItsExamplesAndNotItsCounterExamples) {
	const Rule &rule = rule_named(GetParam());
	ASSERT_FALSE(rule.examples.empty());
	ASSERT_FALSE(rule.counter_examples.empty());
	for (const auto &example : rule.examples) {
		auto found = scan_example(example);
		EXPECT_TRUE(reports(found, rule.id)) << "example not found: " << example.text;
		for (const auto &f : found) {
			// The masked form never holds more than four characters of the secret.
			EXPECT_LE(f.masked.size(), 4U + 5U) << f.masked;
			EXPECT_EQ(f.masked.substr(f.masked.size() - 5), "*****");
			EXPECT_GE(f.line, 1U);
			EXPECT_GE(f.column, 1U);
		}
	}
	for (const auto &counter : rule.counter_examples) {
		EXPECT_FALSE(reports(scan_example(counter), rule.id)) << "counter-example reported: " << counter.text;
	}
}

INSTANTIATE_TEST_SUITE_P(Builtin, SecretRule, ::testing::ValuesIn(builtin_rule_ids()),
                         [](const ::testing::TestParamInfo<std::string> &info) {
	                         std::string name = info.param;
	                         std::replace(name.begin(), name.end(), '-', '_');
	                         return name;
                         });

TEST(SecretRules, CoverWhatTheIssueAsksFor) {
	EXPECT_GE(builtin_scanner().matcher().rule_count(), 120U);
	for (const char *id : {"aws-access-key-id", "aws-secret-access-key", "aws-session-token", "gcp-service-account",
	                       "gcp-api-key", "azure-storage-account-key", "azure-sas-token", "azure-ad-client-secret",
	                       "github-pat", "github-oauth", "github-app-token", "github-refresh-token",
	                       "github-fine-grained-pat", "gitlab-pat", "gitlab-runner-registration-token",
	                       "gitlab-runner-auth-token", "slack-bot-token", "slack-webhook", "stripe-secret-key",
	                       "twilio-api-key", "sendgrid-api-key", "npm-access-token", "pypi-upload-token",
	                       "dockerhub-pat", "openai-api-key", "anthropic-api-key", "jwt", "private-key-rsa",
	                       "private-key-ec", "private-key-dsa", "private-key-openssh", "private-key-pgp",
	                       "private-key-pkcs8", "private-key-pkcs8-encrypted", "url-password", "generic-password",
	                       "npmrc-auth-token", "pypirc-password", "git-credentials", "docker-config-auth",
	                       "kubeconfig-token", "kubeconfig-client-key-data", "netrc-password"}) {
		EXPECT_NO_THROW(rule_named(id)) << id;
	}
}

} // namespace
} // namespace bulwark::secret
