// Secret scanning through the whole pipeline: every layer (deleted and replaced files
// included, with the layer that holds the bytes and the one that removed them), the image
// config, a rootfs, and the guarantee that no raw secret reaches the report.
#include "scan/secret_scan.h"

#include <gtest/gtest.h>

#include "scan/scanner.h"
#include "support/oci_layout.h"
#include "support/tar_builder.h"
#include "support/test_support.h"

namespace bulwark {
namespace {

using nlohmann::json;
using testing::make_tar;
using testing::TempDir;

// Fake, format-valid values.
const std::string ghp = "ghp_FAKE0123456789abcdefghijklmnopqrstuv";
const std::string aws_key_id = "AKIAFAKE0123456789BC";
const std::string slack = "xoxb-123456789012-1234567890123-FAKE0123456789abcdefghij";
const std::string npm = "npm_FAKE0123456789abcdefghijklmnopqrstuv";
const std::string stripe = "sk_live_FAKE0123456789abcdefghij";
const std::string glpat = "glpat-FAKE0123456789abcdef";
const std::string rsa_key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAFAKE0123456789abcdefghijklmnopqrstuvwxyzABCDGHIJ\n"
                            "FAKE0123456789abcdefghijklmnopqrstuvwxyzABCDGHIJLMNOPQRSTUVWXYZ\n-----END RSA PRIVATE KEY-----\n";

std::unique_ptr<const secret::SecretScanner> builtin_scanner() {
	auto rules = secret::builtin_rule_set();
	EXPECT_TRUE(rules.ok());
	auto scanner = secret::SecretScanner::create(std::move(*rules), {});
	EXPECT_TRUE(scanner.ok()) << scanner.error().describe();
	return std::move(*scanner);
}

const SecretFinding *find(const ScanReport &report, const std::string &rule, const std::string &path) {
	for (const auto &f : report.secrets) {
		if (f.rule_id == rule && f.path == path) {
			return &f;
		}
	}
	return nullptr;
}

std::string everything_printed(const ScanReport &report) {
	std::string all;
	for (const auto &f : report.secrets) {
		all += f.rule_id + f.title + f.path + f.masked + "\n";
	}
	for (const auto &w : report.warnings) {
		all += w.message + "\n";
	}
	for (const auto &l : report.layers) {
		all += l.created_by + "\n";
	}
	return all;
}

TEST(SecretScan, EveryLayerDeletedFilesAndTheImageConfig) {
	TempDir dir;
	testing::OciLayoutBuilder layout(dir.path());
	const std::string layer0 = make_tar({{"app", "", '5'},
	                                     {"app/.env", "AWS_ACCESS_KEY_ID=" + aws_key_id + "\nGITHUB_TOKEN=" + ghp + "\n"},
	                                     {"app/config.yaml", "slack:\n  token: " + slack + "\n"},
	                                     {"etc/ssl/private/server.key", rsa_key},
	                                     {"usr/bin/tool", std::string("\x7f" "ELF\0\0", 6) + ghp}});
	const std::string layer1 = make_tar({{"app/.wh..env", ""},
	                                     {"app/config.yaml", "slack:\n  token: ${SLACK_TOKEN}\n"},
	                                     {"root/.npmrc", "//registry.npmjs.org/:_authToken=" + npm + "\n"}});
	const std::string layer2 = make_tar({{"srv/notes.txt", "stripe " + stripe + "\n"}});
	const json config = {
	    {"config",
	     {{"Env", {"PATH=/usr/bin", "GITLAB_TOKEN=" + glpat}},
	      {"Cmd", {"app", "--token", ghp}},
	      {"Labels", {{"maintainer", "fake@example.invalid"}, {"ci.token", ghp}}}}},
	    {"history",
	     {{{"created_by", "ADD rootfs /"}},
	      {{"created_by", "ENV GITLAB_TOKEN=" + glpat}, {"empty_layer", true}},
	      {{"created_by", "|1 NPM_TOKEN=" + npm + " /bin/sh -c npm ci"}},
	      {{"created_by", "COPY notes.txt /srv/"}}}}};
	layout.write_index(json::array({layout.add_image({layer0, layer1, layer2}, "amd64", config)}));

	auto scanner = builtin_scanner();
	ScanOptions options;
	options.secrets = scanner.get();
	options.scanners = {"secret"};
	auto report = scan_image(dir.path().string(), options);
	ASSERT_TRUE(report.ok()) << report.error().describe();
	EXPECT_EQ(report->scanners, std::vector<std::string>({"secret"}));

	// Deleted in layer 1: still found, in layer 0, removed in layer 1.
	const SecretFinding *key_id = find(*report, "aws-access-key-id", "app/.env");
	ASSERT_TRUE(key_id);
	EXPECT_EQ(key_id->layer, 0U);
	EXPECT_EQ(key_id->removed_in, 1U);
	EXPECT_EQ(key_id->line, 1U);
	EXPECT_EQ(key_id->column, 19U);
	const SecretFinding *token = find(*report, "github-pat", "app/.env");
	ASSERT_TRUE(token);
	EXPECT_EQ(token->line, 2U);
	EXPECT_EQ(token->removed_in, 1U);
	// Replaced in layer 1 by a file without the secret.
	const SecretFinding *replaced = find(*report, "slack-bot-token", "app/config.yaml");
	ASSERT_TRUE(replaced);
	EXPECT_EQ(replaced->layer, 0U);
	EXPECT_EQ(replaced->removed_in, 1U);
	// Still in the final image.
	const SecretFinding *key = find(*report, "private-key-rsa", "etc/ssl/private/server.key");
	ASSERT_TRUE(key);
	EXPECT_EQ(key->line, 1U); // the BEGIN line, where the match starts
	EXPECT_FALSE(key->removed_in);
	const SecretFinding *npmrc = find(*report, "npm-access-token", "root/.npmrc");
	ASSERT_TRUE(npmrc);
	EXPECT_EQ(npmrc->layer, 1U);
	const SecretFinding *notes = find(*report, "stripe-secret-key", "srv/notes.txt");
	ASSERT_TRUE(notes);
	EXPECT_EQ(notes->layer, 2U);
	EXPECT_FALSE(find(*report, "github-pat", "usr/bin/tool")); // binary: skipped

	// The image config.
	const SecretFinding *env = find(*report, "gitlab-pat", "config:Env");
	ASSERT_TRUE(env);
	EXPECT_EQ(env->line, 2U);
	EXPECT_FALSE(env->layer);
	EXPECT_TRUE(find(*report, "github-pat", "config:Cmd"));
	EXPECT_TRUE(find(*report, "github-pat", "config:Labels"));
	EXPECT_TRUE(find(*report, "gitlab-pat", "history:1"));
	EXPECT_TRUE(find(*report, "npm-access-token", "history:2"));

	// The layers' history lines, which reports print, are masked.
	ASSERT_EQ(report->layers.size(), 3U);
	EXPECT_EQ(report->layers[1].created_by, "|1 NPM_TOKEN=npm_***** /bin/sh -c npm ci");

	const std::string printed = everything_printed(*report);
	for (const auto &raw : {ghp, aws_key_id, slack, npm, stripe, glpat, std::string("MIIEpAIBAAKCAQEAFAKE")}) {
		EXPECT_EQ(printed.find(raw), std::string::npos) << raw;
	}
	for (const auto &f : report->secrets) {
		EXPECT_NE(f.masked.find("*****"), std::string::npos);
	}
	EXPECT_TRUE(std::is_sorted(report->secrets.begin(), report->secrets.end(), [](const auto &a, const auto &b) {
		return std::tie(a.path, a.layer, a.line) < std::tie(b.path, b.layer, b.line);
	}));
}

TEST(SecretScan, OffWhenNotAsked) {
	TempDir dir;
	testing::OciLayoutBuilder layout(dir.path());
	layout.write_index(json::array({layout.add_image({make_tar({{"app/.env", "T=" + ghp + "\n"}})})}));
	auto report = scan_image(dir.path().string(), {});
	ASSERT_TRUE(report.ok());
	EXPECT_TRUE(report->secrets.empty());
	EXPECT_TRUE(report->scanners.empty());
}

TEST(SecretScan, RootfsAndProjectTrees) {
	TempDir dir;
	testing::write_file(dir.path() / "etc/app.conf", "# app\ndb_url = postgres://fakeuser:Fk3FAKE0123456789@db.fake.invalid/app\n");
	testing::write_file(dir.path() / "usr/share/doc/app/README", "token " + ghp + "\n");
	std::string big(600000, 'x');
	big += "\n" + ghp + "\n";
	testing::write_file(dir.path() / "var/log/big.log", big);
	auto scanner = builtin_scanner();
	ScanOptions options;
	options.secrets = scanner.get();
	auto report = scan_directory(dir.path().string(), "rootfs", options);
	ASSERT_TRUE(report.ok()) << report.error().describe();
	ASSERT_EQ(report->secrets.size(), 2U);
	EXPECT_EQ(report->secrets[0].path, "etc/app.conf");
	EXPECT_EQ(report->secrets[0].rule_id, "url-password");
	EXPECT_EQ(report->secrets[0].line, 2U);
	EXPECT_FALSE(report->secrets[0].layer);
	EXPECT_EQ(report->secrets[1].path, "var/log/big.log"); // read in pieces
	EXPECT_EQ(report->secrets[1].line, 2U);
	EXPECT_EQ(report->secrets[1].column, 1U);
}

} // namespace
} // namespace bulwark
