// The maven comparator against maven-artifact itself: a small Java program, compiled here
// against Debian's maven-artifact 3.x jar, runs ComparableVersion#compareTo and
// VersionRange.createFromVersionSpec(...).containsVersion(...) on every pair
// (InvalidVersionSpecificationException is "error"). Skipped without javac or the jar.
#include <algorithm>
#include <random>

#include <gtest/gtest.h>

#include "support/oracle_command.h"
#include "support/test_support.h"
#include "support/version_pairs.h"
#include "version/version.h"

namespace bulwark {

namespace {

const version::Comparator &maven() {
	return *version::comparator_for("maven");
}

constexpr const char *kHarness = R"(
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.apache.maven.artifact.versioning.*;

public class MavenOracle {
	public static void main(String[] args) throws Exception {
		String[] f = new String(Files.readAllBytes(Paths.get(args[1])), StandardCharsets.UTF_8).split("\0", -1);
		StringBuilder out = new StringBuilder();
		for (int i = 0; i + 1 < f.length; i += 2) {
			if (args[0].equals("compare")) {
				out.append(Integer.signum(new ComparableVersion(f[i]).compareTo(new ComparableVersion(f[i + 1]))));
			} else {
				try {
					out.append(VersionRange.createFromVersionSpec(f[i + 1]).containsVersion(new DefaultArtifactVersion(f[i])));
				} catch (InvalidVersionSpecificationException e) {
					out.append("error");
				}
			}
			out.append('\n');
		}
		System.out.print(out);
	}
}
)";

// maven-artifact 3.x and the commons-lang3 its DefaultArtifactVersion needs, as a class
// path; empty when either is missing.
std::string maven_class_path() {
	std::string jars;
	for (auto candidates : {std::vector<const char *> {"/usr/share/maven/lib/maven-artifact-3.x.jar",
	                                                    "/usr/share/java/maven3-artifact.jar"},
	                        std::vector<const char *> {"/usr/share/java/commons-lang3.jar",
	                                                    "/usr/share/maven/lib/commons-lang3.jar"}}) {
		auto found = std::find_if(candidates.begin(), candidates.end(),
		                          [](const char *jar) { return std::filesystem::exists(jar); });
		if (found == candidates.end()) {
			return "";
		}
		jars += (jars.empty() ? "" : ":") + std::string(*found);
	}
	return jars;
}

// mode "compare": pairs of versions; "range": (version, range spec) pairs.
void expect_maven_agrees(const std::string &mode, const std::vector<testing::VersionPair> &pairs,
                         const std::string &what) {
	std::string jar = maven_class_path();
	if (!testing::tool_available("javac") || !testing::tool_available("java") || jar.empty()) {
		GTEST_SKIP() << "needs javac, java, maven-artifact 3.x and commons-lang3 (Debian maven, "
		                "libcommons-lang3-java)";
	}
	testing::TempDir dir;
	std::string classes = dir.path().string();
	testing::write_file(dir.path() / "MavenOracle.java", kHarness);
	std::string build = "javac -cp " + testing::shell_quote(jar) + " -d " + testing::shell_quote(classes) + " " +
	                    testing::shell_quote((dir.path() / "MavenOracle.java").string());
	ASSERT_EQ(std::system(build.c_str()), 0) << build;
	testing::write_pairs(dir.path() / "pairs", pairs);
	auto oracle = testing::output_lines("java -cp " + testing::shell_quote(classes + ":" + jar) + " MavenOracle " +
	                                    mode + " " + testing::shell_quote((dir.path() / "pairs").string()));
	testing::expect_agreement(
		pairs, oracle,
		[&](const auto &p) {
			return mode == "compare" ? testing::answer(maven().compare(p.a, p.b))
			                         : testing::answer(maven().satisfies(p.a, p.b));
		},
		what);
}

const testing::VersionGrammar kGrammar {
	{"", "1", "1.0", "0", "2", "1.2.3", "", "1"},
	{".",         "-",         ".",        "-",         "0",          "1",         "2",
	 "10",        "01",        "00",       "0000000000", "000000000000", "000000000000000000000", "1234567890",
	 "123456789012345678901", "a", "b",   "m",         "alpha",      "beta",      "milestone",
	 "rc",        "cr",        "snapshot", "SNAPSHOT",  "ga",         "final",     "release",
	 "sp",        "foo",       "RC",       "Alpha",     "x",          "_",         "+",
	 "..",        "--",        "Final",    "GA",        "-SNAPSHOT",  ".RELEASE",  "-sp1",
	 "jre",       "\xc3\xa9",  ".0",       "-1",        ".1"},
	6,
};

TEST(MavenVersionOracle, GeneratedPairs) {
	expect_maven_agrees("compare", testing::generate_pairs(kGrammar, 20000, 387), "generated maven pairs");
}

TEST(MavenVersionOracle, CuratedEdgeCases) {
	std::vector<testing::VersionPair> pairs = {
		{"1", "1.0.0"},
		{"1-1", "1.0-1"},
		{"1a1", "1-alpha-1"},
		{"1.0-alpha1", "1.0-a1"},
		{"1.0-a", "1.0-alpha"},
		{"1.0.RC1", "1.0-cr1"},
		{"1.0-SNAPSHOT", "1.0-rc9"},
		{"1.0-sp", "1.0"},
		{"1.0-sp", "1.0-foo"},
		{"1.0-ga", "1.0-FINAL"},
		{"1.0.0.release", "1"},
		{"1.000000000000.1", "1.0.1"},
		{"1.0000000000.1", "1.0.1"},
		{"1.000000000000000000000.1", "1.000000000000.1"},
		{"1.2147483648", "1.2147483647"},
		{"1.9999999999", "1.999999999"},
		{"1.99999999999999999999", "1.9999999999999999999"},
		{"", "0"},
		{"", "-"},
		{"..", "0"},
		{"-1", "1"},
		{"1-", "1"},
		{"1.0.0-", "1"},
		{"a", "1"},
		{"1.x", "1-x"},
		{"1.x1", "1-x-1"},
		{"1.0-1-a", "1.0-1.a"},
		{"1.0.b1", "1.0-beta-1"},
		{"1M1", "1-milestone-1"},
		{"1.ABC", "1.abc"},
		{"1.\xc3\xa9", "1.e"},
	};
	expect_maven_agrees("compare", pairs, "curated maven pairs");
}

TEST(MavenVersionOracle, GeneratedRanges) {
	std::mt19937 rng(99);
	auto version = [&] { return testing::generate_version(kGrammar, static_cast<uint32_t>(rng())); };
	// Placeholders 1, 2, 3 stand for versions.
	const std::vector<std::string> forms = {"[1,2)", "(1,2]", "[1,2]", "(1,2)", "[1]", "(,1]", "[1,)", "(1)",
	                                        "[1,2),[3,)", "(,1],[2,3)", "[1,2],[3]", "1", "[1", "[1,2)x", " [1,2) ",
	                                        "[ 1 , 2 ]", "[1,2)(3,)", "[1,1]", "[,]", "", "(,1),(,2)"};
	std::vector<testing::VersionPair> pairs;
	for (auto &p : testing::generate_pairs(kGrammar, 10000, 1234)) {
		const std::string &form = forms[std::uniform_int_distribution<size_t>(0, forms.size() - 1)(rng)];
		const std::string values[] = {p.b, version(), version()};
		std::string spec;
		for (char c : form) {
			spec += (c >= '1' && c <= '3') ? values[c - '1'] : std::string(1, c);
		}
		pairs.push_back({p.a, spec});
	}
	expect_maven_agrees("range", pairs, "generated maven ranges");
}

TEST(MavenVersion, RangesReadAsMavenDoes) {
	// A readable summary of VersionRange's rules; the oracle tests above decide.
	EXPECT_TRUE(maven().satisfies("1.5", "[1.0,2.0)").value());
	EXPECT_FALSE(maven().satisfies("2.0", "[1.0,2.0)").value());
	EXPECT_TRUE(maven().satisfies("3.5", "[1,2),[3,4)").value());
	EXPECT_TRUE(maven().satisfies("1.2", "[1.2]").value());
	EXPECT_TRUE(maven().satisfies("0.1", "(,1.0]").value());
	EXPECT_FALSE(maven().satisfies("1.0", "(1.0)").ok());
}

} // namespace

} // namespace bulwark
