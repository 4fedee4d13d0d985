// A realistic scan result shared by the report writer tests: the demo image's layers
// (Debian 12 base, apt-get install, a clean-up), packages with a dpkg epoch, a '+' in a
// name, an rpm with an epoch, an apk with a licence expression, a Python package seen in
// two site-packages, a warning naming a file whose name is not UTF-8, and what the
// vulnerability and secret scanners found (sample_findings below).
#pragma once

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "model/scan_report.h"
#include "report/purl.h"

namespace bulwark::testing {

inline Package fixture_package(std::string type, std::string name, std::string version, std::string arch,
                               std::optional<size_t> layer) {
	Package package;
	package.type = std::move(type);
	package.name = std::move(name);
	package.version = std::move(version);
	package.arch = std::move(arch);
	package.layer = layer;
	return package;
}

// Every line of a table at most 80 columns (code points: the table is UTF-8 and has no wide
// characters) and without trailing spaces.
inline void expect_fits_eighty_columns(const std::string &table) {
	std::istringstream lines(table);
	for (std::string line; std::getline(lines, line);) {
		size_t columns = 0;
		for (char c : line) {
			columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
		}
		EXPECT_LE(columns, 80u) << line;
		EXPECT_TRUE(line.empty() || line.back() != ' ') << "trailing space: " << line;
	}
}

inline CvssRating fixture_cvss(std::string source, std::string version, std::string vector, double score, Severity severity) {
	return {std::move(source), std::move(version), std::move(vector), score, severity};
}

// Every shape a finding takes: fixed and affected, several CVSS ratings and none, aliases,
// a VEX and an ignore-file suppression; secrets in a file, in a file a later layer deleted,
// in the config's Env and in a history line. The Flask advisory is CVE-2023-30861 as the
// PyPI advisory database (CC-BY-4.0) and GHSA publish it; the Debian entries are shaped like
// tracker data with versions chosen for this fixture. Secrets are masked as the secret
// scanner masks them; the raw values are not in the model at all.
inline void add_sample_findings(ScanReport &report) {
	report.layers.push_back({2, "sha256:a5d8f1bb9a3e3ba52c7c5d1f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3",
	                         "sha256:0d4b1f0ce1e0f2b8c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5",
	                         "application/vnd.oci.image.layer.v1.tar+gzip", 1024,
	                         "RUN /bin/sh -c rm /root/.ssh/id_ed25519 # buildkit"});
	report.scanners = {"vuln", "secret"};
	report.vulndb = VulnDbSummary {"/var/cache/bulwark/db/bulwark.db", "2026-11-20T04:00:00Z",
	                               {"debian (tracker JSON, 2026-11-20)", "osv:PyPI (zip, 2026-11-19)"}};

	VulnFinding curl_socks;
	curl_socks.id = "CVE-2023-38545";
	curl_socks.package = 3;
	curl_socks.installed_version = "7.88.1-10+deb12u15";
	curl_socks.status = VulnStatus::fixed;
	curl_socks.fixed_version = "7.88.1-10+deb12u16";
	curl_socks.severity = Severity::critical;
	curl_socks.severity_source = "nvd";
	curl_socks.cvss = {fixture_cvss("nvd", "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, Severity::critical)};
	curl_socks.title = "curl: heap based buffer overflow in the SOCKS5 proxy handshake";
	curl_socks.references = {"https://curl.se/docs/CVE-2023-38545.html"};
	curl_socks.published = "2023-10-18T04:15:11Z";
	curl_socks.data_source = "debian";
	report.vulnerabilities.push_back(curl_socks);

	VulnFinding curl_open;
	curl_open.id = "CVE-2024-2379";
	curl_open.package = 3;
	curl_open.installed_version = "7.88.1-10+deb12u15";
	curl_open.status = VulnStatus::affected;
	curl_open.severity = Severity::low;
	curl_open.severity_source = "debian";
	curl_open.title = "curl: QUIC certificate check bypass with wolfSSL";
	curl_open.data_source = "debian";
	report.vulnerabilities.push_back(curl_open);

	VulnFinding login;
	login.id = "CVE-2023-4641";
	login.package = 0;
	login.installed_version = "1:4.13+dfsg1-1+deb12u2";
	login.status = VulnStatus::fixed;
	login.fixed_version = "1:4.13+dfsg1-1+deb12u3";
	login.severity = Severity::medium;
	login.severity_source = "debian";
	login.cvss = {fixture_cvss("nvd", "3.1", "CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:N/A:N", 4.7, Severity::medium),
	              fixture_cvss("redhat", "3.1", "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N", 5.5, Severity::medium),
	              fixture_cvss("nvd", "2.0", "AV:L/AC:M/Au:N/C:P/I:N/A:N", 1.9, Severity::low)};
	login.title = "shadow-utils: possible password leak during passwd(1) change";
	login.description = "A flaw was found in shadow-utils. When asking for a new password, shadow-utils asks the password "
	                    "twice. If the password fails on the second attempt, shadow-utils fails in cleaning the buffer "
	                    "used to store the first entry.";
	login.references = {"see the Debian tracker", "https://security-tracker.debian.org/tracker/CVE-2023-4641",
	                    "https://access.redhat.com/security/cve/CVE-2023-4641"};
	login.published = "2023-12-27T16:15:13Z";
	login.modified = "2024-05-22T17:16:00Z";
	login.data_source = "debian";
	report.vulnerabilities.push_back(login);

	VulnFinding flask;
	flask.id = "CVE-2023-30861";
	flask.aliases = {"GHSA-m2qf-hxjv-5gpq", "PYSEC-2023-62"};
	flask.package = 6;
	flask.installed_version = "2.2.2";
	flask.status = VulnStatus::fixed;
	flask.fixed_version = "2.2.5";
	flask.severity = Severity::high;
	flask.severity_source = "ghsa";
	flask.cvss = {fixture_cvss("ghsa", "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, Severity::high),
	              fixture_cvss("nvd", "3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, Severity::high)};
	flask.title = "Flask vulnerable to possible disclosure of permanent session cookie due to missing Vary: Cookie header";
	flask.description =
	    "Flask is a lightweight WSGI web application framework. When all of the following conditions are met, a "
	    "response containing data intended for one client may be cached and subsequently sent by the proxy to other "
	    "clients.\n\n1. The application must be hosted behind a caching proxy that does not strip cookies.\n2. The "
	    "application sets `session.permanent = True`\n\nThis issue has been fixed in versions 2.3.2 and 2.2.5.";
	flask.references = {"https://github.com/pallets/flask/security/advisories/GHSA-m2qf-hxjv-5gpq",
	                    "https://github.com/pallets/flask/releases/tag/2.2.5"};
	flask.published = "2023-05-02T18:15:00Z";
	flask.modified = "2023-06-05T01:12:52.229549Z";
	flask.data_source = "osv:PyPI";
	report.vulnerabilities.push_back(flask);

	// The same advisory in the virtualenv's copy, which a VEX statement rules out.
	flask.package = 7;
	flask.suppression = Suppression {"vex", "not_affected", "vulnerable_code_not_in_execute_path", "vex/app.openvex.json"};
	report.vulnerabilities.push_back(flask);

	VulnFinding bash;
	bash.id = "CVE-2022-3715";
	bash.package = 2;
	bash.installed_version = "5.2.15-2+b13";
	bash.status = VulnStatus::fixed;
	bash.fixed_version = "5.2.15-2+deb12u2";
	bash.severity = Severity::high;
	bash.severity_source = "nvd";
	bash.cvss = {fixture_cvss("nvd", "3.1", "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8, Severity::high)};
	bash.title = "bash: a heap-buffer-overflow in valid_parameter_transform";
	bash.data_source = "debian";
	bash.suppression = Suppression {"ignore-file", "ignored", "no untrusted input reaches bash here; until 2027-01-01",
	                                ".bulwarkignore"};
	report.vulnerabilities.push_back(bash);

	SecretFinding aws;
	aws.rule_id = "aws-access-key-id";
	aws.title = "AWS Access Key ID";
	aws.category = "AWS";
	aws.severity = Severity::critical;
	aws.path = "srv/app/.env";
	aws.line = 3;
	aws.column = 19;
	aws.layer = 1;
	aws.masked = "AKIA*****";
	report.secrets.push_back(aws);

	SecretFinding key;
	key.rule_id = "private-key";
	key.title = "Asymmetric Private Key";
	key.category = "private-key";
	key.severity = Severity::high;
	key.path = "root/.ssh/id_ed25519";
	key.line = 1;
	key.column = 1;
	key.layer = 1;
	key.removed_in = 2;
	key.masked = "----*****";
	report.secrets.push_back(key);

	SecretFinding env;
	env.rule_id = "github-pat";
	env.title = "GitHub Personal Access Token";
	env.category = "GitHub";
	env.severity = Severity::critical;
	env.path = "config:Env";
	env.line = 2;
	env.column = 14;
	env.masked = "ghp_*****";
	report.secrets.push_back(env);

	SecretFinding history;
	history.rule_id = "slack-bot-token";
	history.title = "Slack Bot Token";
	history.category = "Slack";
	history.severity = Severity::high;
	history.path = "history:1";
	history.line = 1;
	history.column = 52;
	history.masked = "xoxb*****";
	report.secrets.push_back(history);
}

inline ScanReport sample_report() {
	ScanReport report;
	report.target.kind = "image";
	report.target.name = "demo.docker.tar";
	report.target.format = "docker-archive";
	report.target.manifest_digest = "sha256:cb82542e0495ed5fd1e74ec05ea2ec7bbbbaab01be90c2ee4c772809771a91dd";
	report.target.config_digest = "sha256:6146cda19d3b4d277437d5304353751cb6ae3cfa2523aa964cdb46d6e178699d";
	report.target.platform = "linux/amd64";
	report.target.repo_tags = {"docker.io/bulwark-test/demo:latest"};
	report.target.created = "2026-11-24T01:01:46Z";

	report.os.family = "debian";
	report.os.name = "Debian GNU/Linux";
	report.os.version_id = "12";
	report.os.codename = "bookworm";
	report.os.pretty_name = "Debian GNU/Linux 12 (bookworm)";
	report.os.source_file = "etc/os-release";

	report.layers.push_back({0, "sha256:56124de9f511badad42683f4c197d28da9bc788a22b01418c6682cb92ebac8ff",
	                         "sha256:069560377dcd303335c3df68db08714486a150c25fb3c1639e059e05e9df619e",
	                         "application/vnd.oci.image.layer.v1.tar+gzip", 28391086,
	                         "/bin/sh -c #(nop) ADD file:069560377dcd303335c3df68db08714486a150c25fb3c1639e059e05e9df619e in / "});
	report.layers.push_back({1, "sha256:8fecfb61868460c4e69b66d050827757560ad2032944979685ca969059915124",
	                         "sha256:3370ab154ea58ba1b6f8ff0ad9c0bf632d96f5c10be5e4fa8226452ef41d2718",
	                         "application/vnd.oci.image.layer.v1.tar+gzip", 28855822,
	                         "RUN /bin/sh -c apt-get update && apt-get install -y --no-install-recommends python3 "
	                         "python3-flask python3-cryptography ruby curl # buildkit"});

	Package login = fixture_package("deb", "login", "1:4.13+dfsg1-1+deb12u2", "amd64", 0);
	login.epoch = 1;
	login.source_name = "shadow";
	login.licenses = {"GPL-2.0-or-later", "BSD-3-Clause"};
	login.maintainer = "Shadow package maintainers <pkg-shadow-devel@lists.alioth.debian.org>";
	login.db_path = "var/lib/dpkg/status";
	login.installed_files = {"/bin/login", "/etc/login.defs", "/usr/bin/faillog"};
	report.packages.push_back(login);

	Package libstdcxx = fixture_package("deb", "libstdc++6", "12.2.0-14+deb12u1", "amd64", 0);
	libstdcxx.source_name = "gcc-12";
	libstdcxx.maintainer = "Debian GCC Maintainers <debian-gcc@lists.debian.org>";
	libstdcxx.db_path = "var/lib/dpkg/status";
	report.packages.push_back(libstdcxx);

	Package bash = fixture_package("deb", "bash", "5.2.15-2+b13", "amd64", 0);
	bash.source_version = "5.2.15-2";
	bash.source_name = "bash";
	bash.licenses = {"GPL-3.0-or-later", "GPL-3+ with Bison exception"};
	bash.maintainer = "Matthias Klose <doko@debian.org>";
	bash.db_path = "var/lib/dpkg/status";
	report.packages.push_back(bash);

	Package curl = fixture_package("deb", "curl", "7.88.1-10+deb12u15", "amd64", 1);
	curl.source_name = "curl";
	curl.licenses = {"curl"};
	curl.maintainer = "Alessandro Ghedini <ghedo@debian.org>";
	curl.db_path = "var/lib/dpkg/status";
	report.packages.push_back(curl);

	Package epoch_rpm = fixture_package("rpm", "fx-epoch", "2:0.9.1-3.el9", "noarch", 1);
	epoch_rpm.epoch = 2;
	epoch_rpm.source_name = "fx-epoch";
	epoch_rpm.source_version = "0.9.1-3.el9";
	epoch_rpm.licenses = {"GPL-2.0-or-later"};
	epoch_rpm.vendor = "Rocky Enterprise Software Foundation";
	epoch_rpm.db_path = "var/lib/rpm/rpmdb.sqlite";
	report.packages.push_back(epoch_rpm);

	Package bundle = fixture_package("apk", "ca-certificates-bundle", "20230506-r0", "noarch", 1);
	bundle.source_name = "ca-certificates";
	bundle.licenses = {"MPL-2.0 AND MIT"};
	bundle.maintainer = "Natanael Copa <ncopa@alpinelinux.org>";
	bundle.db_path = "lib/apk/db/installed";
	report.packages.push_back(bundle);

	Package flask = fixture_package("pypi", "Flask", "2.2.2", "", 1);
	flask.licenses = {"BSD-3-Clause"};
	flask.db_path = "usr/lib/python3/dist-packages/Flask-2.2.2.egg-info/PKG-INFO";
	report.packages.push_back(flask);
	flask.db_path = "srv/app/venv/lib/python3.11/site-packages/flask-2.2.2.dist-info/METADATA";
	flask.layer = std::nullopt;
	report.packages.push_back(flask);

	for (auto &package : report.packages) {
		package.purl = make_purl(package, report.os);
	}
	add_sample_findings(report);

	report.warnings.push_back({WarningKind::bad_record,
	                           "var/lib/dpkg/status.d/caf\xE9 (layer 1): stanza 3 has no Package field; skipped"});
	report.warnings.push_back({WarningKind::path_contained,
	                           "layer 2: symlink srv/app/escape -> ../../../../etc/shadow resolved inside the image"});
	return report;
}

} // namespace bulwark::testing
