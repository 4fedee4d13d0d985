// The pom.xml analyzer. Real POMs from Debian's /usr/share/maven-repo (maven's
// libmaven3-core-java and libmaven-resolver-java, in setup.sh), compared with the dependencies `xmllint --xpath` (libxml2-utils)
// extracts from them: every dependency with a literal version must be listed with that
// version, and those whose version comes from the parent must be skipped with a warning.
// Debian's maven cannot be the oracle offline (its repository has no help: or dependency:
// plugin). Property and dependencyManagement resolution inside one file are checked on a
// POM written for the test.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "analyze/analyzer.h"
#include "support/declared_packages.h"
#include "support/oracle_command.h"
#include "support/test_support.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_maven_pom_analyzer();

namespace {

namespace fs = std::filesystem;
using testing::shell_quote;



// "group:artifact version[ dev]" for each <project><dependencies><dependency>, as xmllint
// reads them; a dependency without a literal version becomes "group:artifact ?".
std::vector<std::string> xmllint_dependencies(const fs::path &pom) {
	return testing::sorted_lines(testing::command_output("p=" + shell_quote(pom.string()) + R"sh(
d='/*[local-name()="project"]/*[local-name()="dependencies"]/*[local-name()="dependency"]'
get() { xmllint --xpath "string($d[$1]/*[local-name()=\"$2\"])" "$p"; }
n=$(xmllint --xpath "count($d)" "$p"); i=1
while [ "$i" -le "$n" ]; do
  v=$(get $i version); case $v in ''|*'${'*) v='?';; esac
  echo "$(get $i groupId):$(get $i artifactId) $v$([ "$(get $i scope)" = test ] && echo ' dev')"
  i=$((i+1))
done)sh"));
}

TEST(MavenPom, DebianPomsMatchXmllint) {
	if (!testing::tool_available("xmllint")) {
		GTEST_SKIP() << "xmllint (libxml2-utils) missing";
	}
	const fs::path repo = "/usr/share/maven-repo";
	size_t compared = 0;
	for (const char *relative : {"org/apache/maven/maven-core/3.8.7/maven-core-3.8.7.pom",
	                             "org/apache/maven/resolver/maven-resolver-transport-wagon/1.6.3/"
	                             "maven-resolver-transport-wagon-1.6.3.pom"}) {
		const fs::path pom = repo / relative;
		if (!fs::is_regular_file(pom)) {
			continue;
		}
		auto oracle = xmllint_dependencies(pom);
		ASSERT_FALSE(oracle.empty()) << pom;
		std::vector<std::string> expected;
		std::copy_if(oracle.begin(), oracle.end(), std::back_inserter(expected),
		             [](const std::string &row) { return !row.ends_with(" ?") && !row.ends_with(" ? dev"); });
		auto result = testing::analyze_files(*make_maven_pom_analyzer(), {{"src/project/pom.xml", testing::read_file(pom)}});
		EXPECT_EQ(testing::declared_rows(result.packages, "maven"), expected) << pom;
		// Versions inherited from the parent cannot be known from this file: one warning.
		EXPECT_EQ(result.warnings.size(), expected.size() == oracle.size() ? 0u : 1u) << pom;
		++compared;
	}
	if (compared == 0) {
		GTEST_SKIP() << "Debian's maven POMs missing";
	}
}

TEST(MavenPom, PropertiesAndManagementInsideTheFile) {
	auto result = testing::analyze_files(*make_maven_pom_analyzer(), {{"pom.xml", R"(<?xml version="1.0" encoding="UTF-8"?>
<!-- written for the test -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent><groupId>org.example</groupId><artifactId>parent</artifactId><version>7.1</version></parent>
  <artifactId>app</artifactId>
  <properties>
    <jackson.version>2.15.2</jackson.version>
    <jackson.alias>${jackson.version}</jackson.alias>
    <bomb>${bomb}${bomb}</bomb>
  </properties>
  <dependencyManagement><dependencies>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.13.2</version><scope>test</scope></dependency>
    <dependency><groupId>${project.groupId}</groupId><artifactId>core</artifactId><version>${project.version}</version></dependency>
  </dependencies></dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId>
      <version>${jackson.alias}</version>
      <exclusions><exclusion><groupId>x</groupId><artifactId>y</artifactId></exclusion></exclusions>
    </dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId></dependency>
    <dependency><groupId>org.example</groupId><artifactId>core</artifactId></dependency>
    <dependency><groupId>a&amp;b</groupId><artifactId><![CDATA[c]]></artifactId><version>&#49;.0</version></dependency>
    <dependency><groupId>org.example</groupId><artifactId>unknown</artifactId><version>${nope}</version></dependency>
    <dependency><groupId>org.example</groupId><artifactId>bomb</artifactId><version>${bomb}</version></dependency>
    <dependency><groupId>org.example</groupId><artifactId>from-parent</artifactId></dependency>
  </dependencies>
</project>)"}});
	EXPECT_EQ(testing::declared_rows(result.packages, "maven"),
	          (std::vector<std::string> {"a&b:c 1.0", "com.fasterxml.jackson.core:jackson-databind 2.15.2",
	                                     "junit:junit 4.13.2 dev", "org.example:core 7.1"}));
	ASSERT_EQ(result.warnings.size(), 1u);
	EXPECT_NE(result.warnings[0].message.find("3 record(s) skipped"), std::string::npos) << result.warnings[0].message;
}

TEST(MavenPom, HostileXmlIsSkippedWithAWarning) {
	for (const std::string &xml :
	     {std::string("<!DOCTYPE project [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><project>&x;</project>"),
	      std::string("<project><dependencies></project>"), std::string("<project><!-- open"),
	      [] {
		      std::string nested;
		      for (int i = 0; i < 1000; ++i) {
			      nested += "<a>";
		      }
		      return nested;
	      }()}) {
		auto result = testing::analyze_files(*make_maven_pom_analyzer(), {{"app/pom.xml", xml}});
		EXPECT_TRUE(result.packages.empty());
		ASSERT_EQ(result.warnings.size(), 1u) << xml.substr(0, 40);
		EXPECT_EQ(result.warnings[0].kind, WarningKind::bad_record);
	}
	EXPECT_FALSE(make_maven_pom_analyzer()->wants("app/notpom.xml"));
}

} // namespace

} // namespace bulwark
