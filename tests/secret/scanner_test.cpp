// The streaming engine: positions, chunking, masking, binary and size limits, allow lists,
// the config file, and linear behaviour on hostile text.
#include <chrono>
#include <gtest/gtest.h>
#include <random>

#include "secret/entropy.h"
#include "secret/masking.h"
#include "secret/scanner.h"

namespace bulwark::secret {
namespace {

const std::string ghp = "ghp_FAKE0123456789abcdefghijklmnopqrstuv"; // format-valid, fake

std::unique_ptr<const SecretScanner> make_scanner(const ScanSettings &settings = {},
                                                  const std::string &config_yaml = "") {
	auto rules = builtin_rule_set();
	EXPECT_TRUE(rules.ok());
	if (!config_yaml.empty()) {
		auto config = parse_secret_config(config_yaml, "test-config.yaml");
		EXPECT_TRUE(config.ok()) << config.error().describe();
		auto applied = apply_config(std::move(*rules), *config);
		EXPECT_TRUE(applied.ok()) << applied.error().describe();
		rules = std::move(applied);
	}
	auto scanner = SecretScanner::create(std::move(*rules), settings);
	EXPECT_TRUE(scanner.ok()) << scanner.error().describe();
	return std::move(*scanner);
}

const SecretScanner &default_scanner() {
	static const auto scanner = make_scanner();
	return *scanner;
}

// Feeds `text` in pieces of `chunk` bytes (0 = whole).
std::vector<SecretFinding> scan_chunked(const SecretScanner &scanner, const std::string &path, std::string_view text,
                                        size_t chunk, std::vector<Warning> *warnings = nullptr) {
	FileScan scan(scanner);
	std::vector<SecretFinding> found;
	std::vector<Warning> ignored;
	scan.begin(path, text.size());
	if (chunk == 0) {
		scan.feed(text);
	} else {
		for (size_t at = 0; at < text.size(); at += chunk) {
			scan.feed(text.substr(at, chunk));
		}
	}
	scan.finish(found, warnings ? *warnings : ignored);
	return found;
}

std::string describe(const std::vector<SecretFinding> &found) {
	std::string out;
	for (const auto &f : found) {
		out += f.rule_id + "@" + std::to_string(f.line) + ":" + std::to_string(f.column) + "=" + f.masked + " ";
	}
	return out;
}

TEST(SecretEntropyAndMasking, Basics) {
	EXPECT_DOUBLE_EQ(shannon_entropy(""), 0);
	EXPECT_DOUBLE_EQ(shannon_entropy("aaaa"), 0);
	EXPECT_DOUBLE_EQ(shannon_entropy("abcd"), 2);
	EXPECT_DOUBLE_EQ(shannon_entropy("0123456789abcdef"), 4);
	EXPECT_EQ(mask_secret(ghp), "ghp_*****");
	EXPECT_EQ(mask_secret("hunter22"), "hu*****");
	EXPECT_EQ(mask_secret("abc"), "*****");
	EXPECT_EQ(mask_secret("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8"), "*****"); // only printable ASCII is shown
}

TEST(SecretScanner, LineAndColumnOfTheSecret) {
	const std::string text = "# settings\nname = demo\n  token: " + ghp + "\n";
	auto found = scan_chunked(default_scanner(), "app/config.yaml", text, 0);
	ASSERT_EQ(found.size(), 1U) << describe(found);
	EXPECT_EQ(found[0].rule_id, "github-pat");
	EXPECT_EQ(found[0].path, "app/config.yaml");
	EXPECT_EQ(found[0].line, 3U);
	EXPECT_EQ(found[0].column, 10U);
	EXPECT_EQ(found[0].masked, "ghp_*****");
	EXPECT_EQ(found[0].severity, Severity::critical);
	EXPECT_EQ(found[0].category, "GitHub");

	// CRLF line endings count lines the same way; the column is a byte column.
	auto crlf = scan_chunked(default_scanner(), "app/x", "a\r\nb\r\n" + ghp, 0);
	ASSERT_EQ(crlf.size(), 1U);
	EXPECT_EQ(crlf[0].line, 3U);
	EXPECT_EQ(crlf[0].column, 1U);
}

TEST(SecretScanner, ChunkingDoesNotChangeWhatIsFound) {
	std::string text;
	std::mt19937 random(7);
	const std::vector<std::string> secrets = {
	    "GITLAB=glpat-FAKE0123456789abcdef",
	    "STRIPE_KEY=sk_live_FAKE0123456789abcdefghij",
	    "DATABASE_URL=postgres://fakeuser:Fk3FAKE0123456789@db.fake.invalid/app",
	    "aws_secret_access_key = FAKE0123456789abcdefghijklmnopqrstuvwxyz",
	    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAAFAKE0123456789abcdefghijklmnopqrstuvwxyzAB\n-----END OPENSSH "
	    "PRIVATE KEY-----",
	    "token: " + ghp};
	for (int i = 0; i < 300; ++i) {
		text += "line " + std::to_string(i) + " some ordinary text, key=value; x\n";
		if (i % 23 == 5) {
			text += secrets[static_cast<size_t>(i) % secrets.size()] + "\n";
		}
	}
	const auto whole = describe(scan_chunked(default_scanner(), "app/notes.txt", text, 0));
	EXPECT_NE(whole.find("github-pat"), std::string::npos) << whole;
	EXPECT_NE(whole.find("private-key-openssh"), std::string::npos) << whole;
	EXPECT_NE(whole.find("url-password"), std::string::npos) << whole;
	EXPECT_NE(whole.find("aws-secret-access-key"), std::string::npos) << whole;
	for (size_t chunk : {1, 2, 3, 7, 64, 100, 1000, 4097}) {
		EXPECT_EQ(describe(scan_chunked(default_scanner(), "app/notes.txt", text, chunk)), whole) << "chunk " << chunk;
	}
}

TEST(SecretScanner, SecretAtTheVeryEndAndAtTheStart) {
	auto end = scan_chunked(default_scanner(), "x", "aws_secret_access_key=FAKE0123456789abcdefghijklmnopqrstuvwxyz", 0);
	ASSERT_EQ(end.size(), 1U) << describe(end);
	EXPECT_EQ(end[0].rule_id, "aws-secret-access-key");
	EXPECT_EQ(end[0].column, 1U); // where the match (key = value) starts
	EXPECT_EQ(end[0].masked, "FAKE*****");
	auto start = scan_chunked(default_scanner(), "x", ghp, 5);
	ASSERT_EQ(start.size(), 1U);
	EXPECT_EQ(start[0].column, 1U);
}

TEST(SecretScanner, OverlappingRulesReportTheSpecificOne) {
	const std::string jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmYWtlIn0.FAKE0123456789abcdefghijklmnop";
	auto found = scan_chunked(default_scanner(), "x", "curl -H \"Authorization: Bearer " + jwt + "\"\n", 0);
	ASSERT_EQ(found.size(), 1U) << describe(found);
	EXPECT_EQ(found[0].rule_id, "jwt");
	// A token in a generic assignment is reported by its own rule only.
	auto token = scan_chunked(default_scanner(), "x", "GITHUB_TOKEN=" + ghp + "\n", 0);
	ASSERT_EQ(token.size(), 1U) << describe(token);
	EXPECT_EQ(token[0].rule_id, "github-pat");
}

TEST(SecretScanner, BinaryFilesAreSkippedUnlessAsked) {
	std::string binary = std::string("\x7f" "ELF\0\0\0", 7) + "token " + ghp + "\n";
	EXPECT_TRUE(scan_chunked(default_scanner(), "usr/bin/tool", binary, 0).empty());
	EXPECT_TRUE(scan_chunked(default_scanner(), "usr/bin/tool", binary, 3).empty());
	// A NUL after the probe window does not make a file binary.
	std::string late(9000, 'a');
	late += '\0';
	late += "\n" + ghp;
	EXPECT_EQ(scan_chunked(default_scanner(), "x", late, 0).size(), 1U);
	EXPECT_EQ(scan_chunked(default_scanner(), "x", late, 1000).size(), 1U);

	ScanSettings settings;
	settings.scan_binaries = true;
	auto scanner = make_scanner(settings);
	EXPECT_EQ(scan_chunked(*scanner, "usr/bin/tool", binary, 0).size(), 1U);
}

TEST(SecretScanner, SizeLimitSkipsWithAWarning) {
	ScanSettings settings;
	settings.max_file_bytes = 100;
	auto scanner = make_scanner(settings);
	std::string big(200, 'x');
	big += ghp;
	std::vector<Warning> warnings;
	EXPECT_TRUE(scan_chunked(*scanner, "srv/big.log", big, 0, &warnings).empty());
	ASSERT_EQ(warnings.size(), 1U);
	EXPECT_EQ(warnings[0].kind, WarningKind::limit_reached);
	EXPECT_NE(warnings[0].message.find("srv/big.log"), std::string::npos);
	EXPECT_EQ(warnings[0].message.find("ghp_"), std::string::npos); // never the secret
	EXPECT_EQ(scan_chunked(*scanner, "srv/small", ghp, 0).size(), 1U);
}

TEST(SecretScanner, AllowListsDropExamplesPlaceholdersAndFixtures) {
	const auto &s = default_scanner();
	EXPECT_TRUE(scan_chunked(s, "x", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n", 0).empty());
	EXPECT_TRUE(scan_chunked(s, "x", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n", 0).empty());
	EXPECT_TRUE(scan_chunked(s, "x", "DB_PASSWORD=${DB_PASSWORD}\npassword: <password>\napi_key=changeme\n", 0).empty());
	const std::string secret = "token: " + ghp + "\n";
	EXPECT_TRUE(scan_chunked(s, "usr/lib/python3/dist-packages/pkg/tests/test_auth.py", secret, 0).empty());
	EXPECT_TRUE(scan_chunked(s, "app/node_modules/lib/test/fixture.js", secret, 0).empty());
	EXPECT_TRUE(scan_chunked(s, "usr/share/doc/tool/README", secret, 0).empty());
	EXPECT_EQ(scan_chunked(s, "app/src/auth.py", secret, 0).size(), 1U);
}

TEST(SecretScanner, ConfigFileAddsDisablesAndAllows) {
	auto scanner = make_scanner({}, R"(
disable_rules: [github-pat]
allow_paths: ['app/fixtures/*']
allow_values: ['^acme_0000']
rules:
  - id: acme-token
    title: ACME token
    category: ACME
    severity: HIGH
    keywords: [acme_]
    regex: '\bacme_[a-z0-9]{20}\b'
)");
	auto found = scan_chunked(*scanner, "app/main.py", "t1 = acme_fake0123456789abcdef\nt2 = " + ghp + "\n", 0);
	ASSERT_EQ(found.size(), 1U) << describe(found);
	EXPECT_EQ(found[0].rule_id, "acme-token");
	EXPECT_EQ(found[0].masked, "acme*****");
	EXPECT_TRUE(scan_chunked(*scanner, "app/fixtures/a.py", "acme_fake0123456789abcdef\n", 0).empty());
	EXPECT_TRUE(scan_chunked(*scanner, "app/main.py", "acme_0000456789abcdefghij\n", 0).empty());
}

TEST(SecretScanner, BadUserRulesAreRefusedWithTheRuleId) {
	auto check = [](const std::string &regex, const std::string &expect) {
		auto rules = parse_rule_set("rules:\n  - {id: bad-rule, title: t, category: c, severity: LOW, keywords: [x], "
		                            "regex: '" + regex + "'}\n",
		                            "bad.yaml");
		ASSERT_TRUE(rules.ok()) << rules.error().describe();
		auto scanner = SecretScanner::create(std::move(*rules), {});
		ASSERT_FALSE(scanner.ok()) << regex;
		EXPECT_NE(scanner.error().message.find("bad-rule"), std::string::npos) << scanner.error().message;
		EXPECT_NE(scanner.error().message.find(expect), std::string::npos) << scanner.error().message;
	};
	check("x[a-z]+", "bound every repetition");
	check("x?", "empty");
	check("(x", "does not compile");
	check("(?P<name>x)", "named group");
	check("(a)\\1", "does not compile");
}

TEST(SecretScanner, ConfigValuesAndRedaction) {
	FileScan scan(default_scanner());
	auto found = scan.scan_text("config:Env", "GITHUB_TOKEN=" + ghp);
	ASSERT_EQ(found.size(), 1U);
	EXPECT_EQ(found[0].path, "config:Env");
	EXPECT_EQ(scan.redact("RUN echo " + ghp + " > /tmp/t && echo done"), "RUN echo ghp_***** > /tmp/t && echo done");
	EXPECT_EQ(scan.redact("nothing here"), "nothing here");
}

TEST(SecretScanner, ManyFindingsAreCappedWithAWarning) {
	ScanSettings settings;
	settings.max_findings_per_file = 10;
	auto scanner = make_scanner(settings);
	std::string text;
	for (int i = 0; i < 50; ++i) {
		text += "t" + std::to_string(i) + " = " + ghp + "\n";
	}
	std::vector<Warning> warnings;
	auto found = scan_chunked(*scanner, "x", text, 0, &warnings);
	EXPECT_LE(found.size(), 11U);
	EXPECT_GE(found.size(), 10U);
	ASSERT_EQ(warnings.size(), 1U);
	EXPECT_NE(warnings[0].message.find("more than 10"), std::string::npos);
}

// Text made to make backtracking engines explode, one long line, invalid UTF-8: time stays
// linear (generous bound: a few MB must take well under a second each even on a slow,
// shared machine) and findings are still exact.
TEST(SecretScanner, HostileTextStaysLinear) {
	const size_t mb = 4 << 20;
	std::vector<std::string> inputs;
	{
		std::string s;
		while (s.size() < mb) {
			s += "password=password=password=";
		}
		inputs.push_back(std::move(s));
	}
	{
		std::string s;
		while (s.size() < mb) {
			s += "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
		}
		inputs.push_back(std::move(s));
	}
	inputs.push_back(std::string(mb, 'a'));
	{
		std::string s(mb, '\0');
		std::mt19937 random(1);
		for (auto &c : s) {
			c = static_cast<char>(0x80 | (random() & 0x7f)); // invalid UTF-8, no NUL
		}
		s += "\n" + ghp;
		inputs.push_back(std::move(s));
	}
	{
		std::string s;
		while (s.size() < mb) {
			s += "-----BEGIN RSA PRIVATE KEY-----\n";
		}
		inputs.push_back(std::move(s));
	}
	for (const auto &input : inputs) {
		const auto start = std::chrono::steady_clock::now();
		std::vector<Warning> warnings;
		auto found = scan_chunked(default_scanner(), "x", input, 65536, &warnings);
		const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
		EXPECT_LT(seconds, 2.0) << input.substr(0, 40);
		if (input.back() == 'u') {
			ASSERT_EQ(found.size(), 1U);
			EXPECT_EQ(found[0].line, 2U);
		}
	}
}

} // namespace
} // namespace bulwark::secret
