// format_purl and parse_purl against the "build", "parse" and "roundtrip" cases of the
// package-url spec's test suite (github.com/package-url/purl-spec tests/, base group),
// and make_purl's per-type conventions (docs/sbom.md), checked against what Trivy emits
// where we agree with it.
#include <gtest/gtest.h>

#include "report/purl.h"

namespace bulwark {
namespace {

std::string built(PurlComponents components) {
	auto purl = format_purl(components);
	EXPECT_TRUE(purl.ok()) << (purl.ok() ? "" : purl.error().describe());
	return purl.ok() ? purl.value() : "";
}

TEST(FormatPurl, SpecSuiteBuildCases) {
	EXPECT_EQ(built({"deb", "debian", "curl", "7.50.3-1", {{"arch", "i386"}, {"distro", "jessie"}}}),
	          "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie");
	EXPECT_EQ(built({"deb", "ubuntu", "dpkg", "1.19.0.4", {{"arch", "amd64"}}}), "pkg:deb/ubuntu/dpkg@1.19.0.4?arch=amd64");
	EXPECT_EQ(built({"deb", "debian", "attr", "1:2.4.47-2", {{"arch", "source"}}}),
	          "pkg:deb/debian/attr@1:2.4.47-2?arch=source");
	EXPECT_EQ(built({"deb", "debian", "attr", "1:2.4.47-2+b1", {{"arch", "amd64"}}}),
	          "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64");
	EXPECT_EQ(built({"rpm", "fedora", "curl", "7.50.3-1.fc25", {{"arch", "i386"}, {"distro", "fedora-25"}}}),
	          "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25");
	EXPECT_EQ(built({"rpm", "", "centerim", "4.22.10-1.el6", {{"arch", "i686"}, {"epoch", "1"}, {"distro", "fedora-25"}}}),
	          "pkg:rpm/centerim@4.22.10-1.el6?arch=i686&distro=fedora-25&epoch=1");
	EXPECT_EQ(built({"apk", "alpine", "curl", "7.83.0-r0", {{"arch", "x86"}}}), "pkg:apk/alpine/curl@7.83.0-r0?arch=x86");
	EXPECT_EQ(built({"npm", "@angular", "animation", "12.3.1", {}}), "pkg:npm/%40angular/animation@12.3.1");
	EXPECT_EQ(built({"npm", "", "mypackage", "12.4.5", {{"vcs_url", "git://host.com/path/to/repo.git@4345abcd34343"}}}),
	          "pkg:npm/mypackage@12.4.5?vcs_url=git://host.com/path/to/repo.git%404345abcd34343");
	EXPECT_EQ(built({"generic", "", "openssl", "1.1.10g", {{"checksum", "sha1:ad9503c3e994a4f,sha256:41bf9088b3a1e6c1ef1d"}}}),
	          "pkg:generic/openssl@1.1.10g?checksum=sha1:ad9503c3e994a4f%2Csha256:41bf9088b3a1e6c1ef1d");
	EXPECT_EQ(built({"maven", "org.apache.xmlgraphics", "batik-anim", "1.9.1",
	                 {{"repository_url", "repo.spring.io/release"}, {"classifier", "sources"}}}),
	          "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repository_url=repo.spring.io/release");
	EXPECT_EQ(built({"golang", "github.com/gorilla", "context", "234fd47e07d1004f0aed9c", {}}),
	          "pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c");
	EXPECT_EQ(built({"nuget", "", "EnterpriseLibrary.Common", "6.0.1304", {}}), "pkg:nuget/EnterpriseLibrary.Common@6.0.1304");
	EXPECT_EQ(built({"composer", "laravel", "laravel", "5.5.0", {}}), "pkg:composer/laravel/laravel@5.5.0");
}

TEST(FormatPurl, SpecSuiteInvalidBuilds) {
	EXPECT_FALSE(format_purl({"", "", "EnterpriseLibrary.Common", "6.0.1304", {}}).ok()); // no type
	EXPECT_FALSE(format_purl({"3nginx", "", "nginx", "0.8.9", {}}).ok());                 // type starts with a digit
	EXPECT_FALSE(format_purl({"n&g?inx", "", "nginx", "0.8.9", {}}).ok());                // bad type characters
	EXPECT_FALSE(format_purl({"nginx:a", "", "nginx", "0.8.9", {}}).ok());                // colon in type
	EXPECT_FALSE(format_purl({"maven", "", "", "1.3.4", {}}).ok());                       // no name
	EXPECT_FALSE(format_purl({"npm", "", "myartifact", "1.0.0", {{"in production", "true"}}}).ok());
	EXPECT_FALSE(format_purl({"npm", "", "a", "1", {{"1st", "x"}}}).ok());       // key starts with a digit
	EXPECT_FALSE(format_purl({"npm", "", "a", "1", {{"k", "x"}, {"K", "y"}}}).ok()); // repeated key
}

TEST(FormatPurl, EncodingRules) {
	// Type and keys lowercased; qualifiers with empty values dropped; '/' separates
	// namespace segments (empty ones dropped) but is encoded inside a name.
	EXPECT_EQ(built({"Rpm", "/fedora/", "curl", "", {{"Arch", "i386"}, {"distro", ""}}}), "pkg:rpm/fedora/curl?arch=i386");
	EXPECT_EQ(built({"generic", "", "a/b", "", {}}), "pkg:generic/a%2Fb");
	// '@', '?', '#', '%', '+', space, '&', '=' are encoded; ':' and "._-~" stay.
	EXPECT_EQ(built({"generic", "", "n@m?#%+ &=", "v:1.0_a-b~c", {{"q", "a&b=c d#e?f"}}}),
	          "pkg:generic/n%40m%3F%23%25%2B%20%26%3D@v:1.0_a-b~c?q=a%26b%3Dc%20d%23e%3Ff");
	// Non-ASCII is UTF-8 percent-encoded byte by byte, upper-case hex.
	EXPECT_EQ(built({"generic", "", "caf\xC3\xA9", "", {}}), "pkg:generic/caf%C3%A9");
	// Sorted as "key=value" strings, as the spec says: "a.b=" before "a=".
	EXPECT_EQ(built({"generic", "", "x", "", {{"a", "1"}, {"a.b", "2"}}}), "pkg:generic/x?a.b=2&a=1");
}

Package package(std::string type, std::string name, std::string version, std::string arch = "") {
	Package p;
	p.type = std::move(type);
	p.name = std::move(name);
	p.version = std::move(version);
	p.arch = std::move(arch);
	return p;
}

OsInfo os(std::string family, std::string version_id) {
	OsInfo info;
	info.family = std::move(family);
	info.version_id = std::move(version_id);
	return info;
}

TEST(MakePurl, DebKeepsTheDpkgVersionWithItsEpoch) {
	Package login = package("deb", "login", "1:4.13+dfsg1-1+deb12u2", "amd64");
	login.epoch = 1;
	EXPECT_EQ(make_purl(login, os("debian", "12")),
	          "pkg:deb/debian/login@1:4.13%2Bdfsg1-1%2Bdeb12u2?arch=amd64&distro=debian-12");
	// Trivy: pkg:deb/debian/libstdc%2B%2B6@12.2.0-14+deb12u1?arch=amd64&distro=debian-12.15
	EXPECT_EQ(make_purl(package("deb", "libstdc++6", "12.2.0-14+deb12u1", "amd64"), os("debian", "12")),
	          "pkg:deb/debian/libstdc%2B%2B6@12.2.0-14%2Bdeb12u1?arch=amd64&distro=debian-12");
	EXPECT_EQ(make_purl(package("deb", "tzdata", "2024a-0ubuntu0.22.04", "all"), os("Ubuntu", "22.04")),
	          "pkg:deb/ubuntu/tzdata@2024a-0ubuntu0.22.04?arch=all&distro=ubuntu-22.04");
}

TEST(MakePurl, RpmMovesTheEpochToAQualifier) {
	// Trivy on a Rocky 9.3 root with rpm-sqlite-rpm4.18:
	// pkg:rpm/rocky/fx-epoch@0.9.1-3.el9?arch=noarch&epoch=2&distro=rocky-9.3
	Package with_field = package("rpm", "fx-epoch", "2:0.9.1-3.el9", "noarch");
	with_field.epoch = 2;
	EXPECT_EQ(make_purl(with_field, os("rocky", "9.3")),
	          "pkg:rpm/rocky/fx-epoch@0.9.1-3.el9?arch=noarch&distro=rocky-9.3&epoch=2");
	// The epoch is found in the version when the field is not set, and epoch 0 is left out.
	EXPECT_EQ(make_purl(package("rpm", "fx-epoch", "2:0.9.1-3.el9", "noarch"), os("rocky", "9.3")),
	          "pkg:rpm/rocky/fx-epoch@0.9.1-3.el9?arch=noarch&distro=rocky-9.3&epoch=2");
	Package zero = package("rpm", "fx-arch", "3.10.0-1062.el7", "x86_64");
	zero.epoch = 0;
	EXPECT_EQ(make_purl(zero, os("centos", "7")), "pkg:rpm/centos/fx-arch@3.10.0-1062.el7?arch=x86_64&distro=centos-7");
	// Names keep their case (rpm names are case-sensitive); '^' is encoded.
	EXPECT_EQ(make_purl(package("rpm", "PyYAML", "1.2^20240101git1a2b3c-1", "noarch"), os("fedora", "39")),
	          "pkg:rpm/fedora/PyYAML@1.2%5E20240101git1a2b3c-1?arch=noarch&distro=fedora-39");
	EXPECT_EQ(make_purl(package("rpm", "zsh", "5.8-1.1", "x86_64"), os("opensuse-leap", "15.5")),
	          "pkg:rpm/opensuse/zsh@5.8-1.1?arch=x86_64&distro=opensuse-leap-15.5");
}

TEST(MakePurl, ApkUsesTheBareAlpineRelease) {
	// Trivy: pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=3.19.1
	EXPECT_EQ(make_purl(package("apk", "musl", "1.2.4_git20230717-r4", "x86_64"), os("alpine", "3.19.1")),
	          "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=3.19.1");
}

TEST(MakePurl, UnknownOsLeavesOutNamespaceAndDistro) {
	EXPECT_EQ(make_purl(package("deb", "bash", "5.2.15-2+b13", "amd64"), OsInfo {}), "pkg:deb/bash@5.2.15-2%2Bb13?arch=amd64");
}

TEST(MakePurl, LanguageTypes) {
	const OsInfo debian = os("debian", "12");
	EXPECT_EQ(make_purl(package("npm", "@Babel/Core", "7.23.0"), debian), "pkg:npm/%40babel/core@7.23.0");
	EXPECT_EQ(make_purl(package("npm", "axios", "0.21.0"), debian), "pkg:npm/axios@0.21.0");
	EXPECT_EQ(make_purl(package("pypi", "Django_allauth", "12.23"), debian), "pkg:pypi/django-allauth@12.23");
	EXPECT_EQ(make_purl(package("pypi", "zope.interface", "6.0"), debian), "pkg:pypi/zope-interface@6.0");
	EXPECT_EQ(make_purl(package("pypi", "a__b-.c", "1"), debian), "pkg:pypi/a-b-c@1");
	EXPECT_EQ(make_purl(package("maven", "com.google.guava:guava", "31.1-jre"), debian),
	          "pkg:maven/com.google.guava/guava@31.1-jre");
	EXPECT_EQ(make_purl(package("golang", "github.com/Masterminds/semver/v3", "v3.2.1"), debian),
	          "pkg:golang/github.com/masterminds/semver/v3@v3.2.1");
	EXPECT_EQ(make_purl(package("golang", "stdlib", "1.21.5"), debian), "pkg:golang/stdlib@1.21.5");
	EXPECT_EQ(make_purl(package("gem", "ruby-advisory-db-check", "0.12.4"), debian), "pkg:gem/ruby-advisory-db-check@0.12.4");
	EXPECT_EQ(make_purl(package("cargo", "rand", "0.7.2"), debian), "pkg:cargo/rand@0.7.2");
	EXPECT_EQ(make_purl(package("composer", "Laravel/Laravel", "5.5.0"), debian), "pkg:composer/laravel/laravel@5.5.0");
	EXPECT_EQ(make_purl(package("nuget", "Newtonsoft.Json", "13.0.3"), debian), "pkg:nuget/Newtonsoft.Json@13.0.3");
	EXPECT_EQ(make_purl(package("npm", "", "1.0.0"), debian), "");
	EXPECT_EQ(make_purl(package("not a type", "x", "1"), debian), "");
}


PurlComponents parsed(std::string_view text) {
	auto purl = parse_purl(text);
	EXPECT_TRUE(purl.ok()) << (purl.ok() ? "" : purl.error().describe());
	return purl.ok() ? std::move(purl).value() : PurlComponents {};
}

void expect_components(const PurlComponents &actual, const PurlComponents &expected) {
	EXPECT_EQ(actual.type, expected.type);
	EXPECT_EQ(actual.namespace_, expected.namespace_);
	EXPECT_EQ(actual.name, expected.name);
	EXPECT_EQ(actual.version, expected.version);
	EXPECT_EQ(actual.qualifiers, expected.qualifiers);
	EXPECT_EQ(actual.subpath, expected.subpath);
}

TEST(ParsePurl, SpecSuiteParseCases) {
	expect_components(parsed("pkg:npm/%40angular/animation@12.3.1"), {"npm", "@angular", "animation", "12.3.1", {}});
	expect_components(parsed("pkg:npm/mypackage@12.4.5?vcs_url=git://host.com/path/to/repo.git%404345abcd34343"),
	                  {"npm", "", "mypackage", "12.4.5", {{"vcs_url", "git://host.com/path/to/repo.git@4345abcd34343"}}});
	expect_components(parsed("pkg:npm/%40babel/core#/googleapis/api/annotations/"),
	                  {"npm", "@babel", "core", "", {}, "googleapis/api/annotations"});
	expect_components(parsed("pkg:GOLANG/google.golang.org/genproto@abcdedf#/googleapis/api/annotations/"),
	                  {"golang", "google.golang.org", "genproto", "abcdedf", {}, "googleapis/api/annotations"});
	expect_components(parsed("pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c#api"),
	                  {"golang", "github.com/gorilla", "context", "234fd47e07d1004f0aed9c", {}, "api"});
	expect_components(
	    parsed("pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repositorY_url=repo.spring.io/release"),
	    {"maven", "org.apache.xmlgraphics", "batik-anim", "1.9.1",
	     {{"classifier", "sources"}, {"repository_url", "repo.spring.io/release"}}});
	expect_components(parsed("pkg:maven/mygroup/myartifact@1.0.0%20Final?mykey=my%20value"),
	                  {"maven", "mygroup", "myartifact", "1.0.0 Final", {{"mykey", "my value"}}});
	expect_components(parsed("pkg:maven/HTTPClient/HTTPClient@0.3-3"), {"maven", "HTTPClient", "HTTPClient", "0.3-3", {}});
	for (const char *slashes : {"pkg:/maven/org.apache.commons/io", "pkg://maven/org.apache.commons/io",
	                            "pkg:///maven/org.apache.commons/io"}) {
		expect_components(parsed(slashes), {"maven", "org.apache.commons", "io", "", {}});
	}
	expect_components(parsed("pkg:PYPI/Django_package@1.11.1.dev1"), {"pypi", "", "django-package", "1.11.1.dev1", {}});
	expect_components(parsed("pkg:github/Package-url/purl-Spec@244fd47e07d1004f0aed9c"),
	                  {"github", "package-url", "purl-spec", "244fd47e07d1004f0aed9c", {}});
	expect_components(parsed("pkg:Rpm/fedora/curl@7.50.3-1.fc25?Arch=i386&Distro=fedora-25"),
	                  {"rpm", "fedora", "curl", "7.50.3-1.fc25", {{"arch", "i386"}, {"distro", "fedora-25"}}});
	expect_components(parsed("pkg:docker/customer/dockerimage@sha256:244fd47e07d1004f0aed9c?repository_url=gcr.io"),
	                  {"docker", "customer", "dockerimage", "sha256:244fd47e07d1004f0aed9c", {{"repository_url", "gcr.io"}}});
	expect_components(parsed("pkg:nuget/EnterpriseLibrary.Common@6.0.1304"),
	                  {"nuget", "", "EnterpriseLibrary.Common", "6.0.1304", {}});
}

TEST(ParsePurl, SpecSuiteInvalidParses) {
	for (const char *invalid : {
	         "EnterpriseLibrary.Common@6.0.1304",          // no scheme
	         "pkg:EnterpriseLibrary.Common@6.0.1304",      // no type
	         "pkg:n&g?inx/nginx@0.8.9",                    // bad type characters
	         "pkg:3nginx/nginx@0.8.9",                     // type starts with a digit
	         "pkg:nginx:a/nginx@0.8.9",                    // colon in type
	         "pkg:npm/myartifact@1.0.0?in%20production=true", // bad qualifier key
	         "pkg:maven/@1.3.4",                           // no name
	         "pkg%3Amaven/org.apache.commons/io",          // encoded scheme colon
	         "pkg:hackage",                                // no name
	     }) {
		const auto purl = parse_purl(invalid);
		EXPECT_FALSE(purl.ok()) << invalid;
		if (!purl.ok()) {
			EXPECT_EQ(purl.error().code, ErrorCode::invalid_argument);
			EXPECT_NE(purl.error().message.find(invalid), std::string::npos) << purl.error().message;
		}
	}
}

TEST(ParsePurl, SpecSuiteRoundTripsToTheCanonicalForm) {
	const std::pair<const char *, const char *> cases[] = {
	    {"pkg:npm/core@2.0.1#/googleapis/api/annotations/", "pkg:npm/core@2.0.1#googleapis/api/annotations"},
	    {"pkg:golang/google.golang.org/genproto@abcdedf#googleapis/api/annotations",
	     "pkg:golang/google.golang.org/genproto@abcdedf#googleapis/api/annotations"},
	    {"pkg:npm/mypackage@12.4.5?vcs_url=git://host.com/path/to/repo.git%404345abcd34343",
	     "pkg:npm/mypackage@12.4.5?vcs_url=git://host.com/path/to/repo.git%404345abcd34343"},
	    {"pkg:generic/bitwarderl?checksum=sha1:ad9503c3e994a4f%2Csha256:41bf9088b3a1e6c1ef1d",
	     "pkg:generic/bitwarderl?checksum=sha1:ad9503c3e994a4f%2Csha256:41bf9088b3a1e6c1ef1d"},
	    {"pkg:npm/%40angular/animation@12.3.1", "pkg:npm/%40angular/animation@12.3.1"},
	    // Trivy's spelling: '+' literal, qualifiers unsorted.
	    {"pkg:deb/debian/login@4.13+dfsg1-1+deb12u2?arch=amd64&epoch=1&distro=debian-12.15",
	     "pkg:deb/debian/login@4.13%2Bdfsg1-1%2Bdeb12u2?arch=amd64&distro=debian-12.15&epoch=1"},
	};
	for (const auto &[input, canonical] : cases) {
		EXPECT_EQ(built(parsed(input)), canonical) << input;
	}
}

TEST(ParsePurl, ReadsBackWhatMakePurlWrites) {
	const OsInfo debian = os("debian", "12");
	Package login = package("deb", "login", "1:4.13+dfsg1-1+deb12u2", "amd64");
	expect_components(parsed(make_purl(login, debian)),
	                  {"deb", "debian", "login", "1:4.13+dfsg1-1+deb12u2", {{"arch", "amd64"}, {"distro", "debian-12"}}});
	for (const Package &p : {package("npm", "@Babel/Core", "7.23.0"), package("golang", "github.com/a/b/v3", "v3.2.1"),
	                         package("generic", "n@m?#%+ &=", "v:1.0"), package("rpm", "PyYAML", "1.2^2024-1", "noarch"),
	                         package("generic", "caf\xC3\xA9", "1")}) {
		const std::string purl = make_purl(p, debian);
		EXPECT_EQ(built(parsed(purl)), purl);
	}
	EXPECT_EQ(parsed("pkg:generic/n%40m%3F%23%25%2B%20%26%3D@v:1.0").name, "n@m?#%+ &=");
}

TEST(ParsePurl, LenientWhereTheMeaningIsClear) {
	// An unencoded npm scope: the '@' before the last '/' cannot be the version separator.
	expect_components(parsed("pkg:npm/@angular/animation@12.3.1"), {"npm", "@angular", "animation", "12.3.1", {}});
	expect_components(parsed("pkg:npm/@babel/core"), {"npm", "@babel", "core", "", {}});
	// Empty qualifier values and empty '&' parts are dropped; "." and ".." subpath segments too.
	expect_components(parsed("pkg:generic/x?a=&&b=1#./src/../lib"), {"generic", "", "x", "", {{"b", "1"}}, "src/lib"});
	EXPECT_EQ(purl_qualifier(parsed("pkg:rpm/x@1-1?epoch=2&arch=noarch"), "epoch"), "2");
	EXPECT_EQ(purl_qualifier(parsed("pkg:rpm/x@1-1"), "epoch"), "");
}

TEST(ParsePurl, RefusesBadPercentEncodingAndAmbiguousSegments) {
	for (const char *invalid : {
	         "pkg:npm/a%zzb@1",          // not hex
	         "pkg:npm/ab@1%4",           // cut short
	         "pkg:npm/ab@1%",            // '%' at the end
	         "pkg:npm/a%2Fb/c@1",        // a namespace segment holding '/'
	         "pkg:npm/c@1#a%2Fb",        // a subpath segment holding '/'
	         "pkg:npm/c@1?k=%G0",        // qualifier value
	         "pkg:npm/c@1?k",            // qualifier without '='
	         "pkg:npm/c@1?k=1&K=2",      // repeated key (keys are case-insensitive)
	         "pkg:npm/",                 // no name
	         "pkg:npm//@1",              // no name
	         "",
	     }) {
		EXPECT_FALSE(parse_purl(invalid).ok()) << invalid;
	}
	// '/' is encoded inside a name by format_purl, so a decoded name may hold one.
	EXPECT_EQ(parsed("pkg:generic/a%2Fb").name, "a/b");
}

} // namespace
} // namespace bulwark
