// A realistic scan result shared by the report writer tests: the demo image's first two
// layers (Debian 12 base, then apt-get install), packages with a dpkg epoch, a '+' in a
// name, an rpm with an epoch, an apk with a licence expression, a Python package seen in
// two site-packages, and a warning naming a file whose name is not UTF-8.
#pragma once

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

	report.warnings.push_back({WarningKind::bad_record,
	                           "var/lib/dpkg/status.d/caf\xE9 (layer 1): stanza 3 has no Package field; skipped"});
	report.warnings.push_back({WarningKind::path_contained,
	                           "layer 2: symlink srv/app/escape -> ../../../../etc/shadow resolved inside the image"});
	return report;
}

} // namespace bulwark::testing
