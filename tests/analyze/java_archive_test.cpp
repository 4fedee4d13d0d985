// The Java archive analyzer against real jars from Debian's Java library packages
// (scripts/setup.sh installs libguava-java, libcommons-lang3-java, libguice-java), with
// `unzip` as the oracle for what pom.properties they carry; wars and Spring Boot style jars
// are built from those jars with `zip` and python3's zipfile (streamed, so entries carry data
// descriptors); hostile archives (a 1 GB deflate bomb, nesting 10 deep, truncation, garbage)
// must end in warnings, in bounded time.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <set>

#include "analyze/analyzer.h"
#include "support/oracle_command.h"
#include "support/test_support.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_java_archive_analyzer();

namespace {

namespace fs = std::filesystem;

constexpr const char *kJavaDir = "/usr/share/java";

// The oracle: "group:artifact@version" of every META-INF/maven/*/*/pom.properties in `jar`,
// each read with `unzip -p`.
std::set<std::string> unzip_pom_coordinates(const fs::path &jar) {
	std::set<std::string> found;
	for (const auto &entry : testing::sorted_lines(testing::command_output("unzip -Z1 " + testing::shell_quote(jar.string())))) {
		if (!entry.starts_with("META-INF/maven/") || !entry.ends_with("/pom.properties")) {
			continue;
		}
		std::string group, artifact, version;
		for (const auto &line : testing::sorted_lines(testing::command_output("unzip -p " + testing::shell_quote(jar.string()) + " " + testing::shell_quote(entry)))) {
			const auto eq = line.find('=');
			const std::string value = eq == std::string::npos ? "" : line.substr(eq + 1, line.find_last_not_of("\r") - eq);
			if (line.starts_with("groupId=")) {
				group = value;
			} else if (line.starts_with("artifactId=")) {
				artifact = value;
			} else if (line.starts_with("version=")) {
				version = value;
			}
		}
		found.insert(group + ":" + artifact + "@" + version);
	}
	return found;
}

AnalysisResult inspect_bytes(const std::string &path, const std::string &content) {
	auto analyzer = make_java_archive_analyzer();
	AnalysisResult result;
	FileMeta meta {path, content.size(), 0644};
	EXPECT_TRUE(analyzer->inspects(meta)) << path;
	analyzer->inspect(meta, content, result);
	return result;
}

AnalysisResult inspect_file(const fs::path &file, const std::string &image_path) {
	return inspect_bytes(image_path, testing::read_file(file));
}

std::set<std::string> coordinates_of(const AnalysisResult &result) {
	std::set<std::string> found;
	for (const auto &pkg : result.packages) {
		EXPECT_EQ(pkg.type, "maven");
		found.insert(pkg.name + "@" + pkg.version);
	}
	return found;
}

// Real jars (not symlinks) under /usr/share/java that carry pom.properties; Debian names
// most of them without a version (guava.jar), so exactly the pom.properties describe them.
std::vector<fs::path> debian_jars_with_poms() {
	std::vector<fs::path> jars;
	if (!fs::is_directory(kJavaDir)) {
		return jars;
	}
	for (const auto &entry : fs::directory_iterator(kJavaDir)) {
		if (entry.is_symlink() || entry.path().extension() != ".jar" || fs::file_size(entry.path()) > (8 << 20)) {
			continue;
		}
		if (!unzip_pom_coordinates(entry.path()).empty()) {
			jars.push_back(entry.path());
		}
	}
	std::sort(jars.begin(), jars.end());
	return jars;
}

#define REQUIRE_TOOLS(...)                                                                                             \
	for (const char *tool : {__VA_ARGS__}) {                                                                           \
		if (!testing::tool_available(tool)) {                                                                                             \
			GTEST_SKIP() << tool << " is not installed (scripts/setup.sh installs it)";                                \
		}                                                                                                              \
	}

TEST(JavaArchive, InspectsJavaArchivesByNameOnly) {
	auto analyzer = make_java_archive_analyzer();
	for (const char *path : {"app/lib/a.jar", "x/B.WAR", "srv/app.ear", "opt/plugin.Par"}) {
		EXPECT_TRUE(analyzer->inspects({path, 1000, 0644})) << path;
	}
	for (const char *path : {"app/jar", "app/a.jar.sha1", "app/a.zip", "app/.jar2"}) {
		EXPECT_FALSE(analyzer->inspects({path, 1000, 0644})) << path;
	}
	EXPECT_FALSE(analyzer->inspects({"app/huge.jar", 1ULL << 40, 0644}));
}

TEST(JavaArchive, DebianJarsMatchUnzipPomProperties) {
	REQUIRE_TOOLS("unzip");
	const auto jars = debian_jars_with_poms();
	if (jars.empty()) {
		GTEST_SKIP() << "no jars with pom.properties in " << kJavaDir;
	}
	size_t packages = 0;
	for (const auto &jar : jars) {
		const auto result = inspect_file(jar, "usr/share/java/" + jar.filename().string());
		const auto found = coordinates_of(result);
		const auto poms = unzip_pom_coordinates(jar);
		EXPECT_TRUE(std::includes(found.begin(), found.end(), poms.begin(), poms.end())) << jar;
		// A versioned name none of its pom.properties matches (wagon-http-shaded-3.5.3.jar
		// bundles wagon-http's) adds the archive's own artifact from its manifest or name.
		EXPECT_LE(found.size(), poms.size() + 1) << jar;
		EXPECT_TRUE(result.warnings.empty()) << jar << ": " << result.warnings.front().message;
		for (const auto &pkg : result.packages) {
			EXPECT_EQ(pkg.db_path, "usr/share/java/" + jar.filename().string());
		}
		packages += result.packages.size();
	}
	RecordProperty("jars", static_cast<int>(jars.size()));
	RecordProperty("packages", static_cast<int>(packages));
}

// guice-servlet.jar has no pom.properties; its manifest carries OSGi Bundle- headers only.
TEST(JavaArchive, ManifestGivesCoordinatesWithoutPomProperties) {
	REQUIRE_TOOLS("unzip");
	const fs::path jar = fs::path(kJavaDir) / "guice-servlet.jar";
	if (!fs::exists(jar)) {
		GTEST_SKIP() << jar << " missing (libguice-java)";
	}
	ASSERT_TRUE(unzip_pom_coordinates(jar).empty());
	std::string symbolic_name, bundle_name, bundle_version;
	for (const auto &line : testing::sorted_lines(testing::command_output("unzip -p " + jar.string() + " META-INF/MANIFEST.MF"))) {
		const std::string value = line.substr(line.find(':') + 1 + (line.find(": ") != std::string::npos));
		const std::string clean = value.substr(0, value.find_last_not_of("\r") + 1);
		if (line.starts_with("Bundle-SymbolicName:")) {
			symbolic_name = clean;
		} else if (line.starts_with("Bundle-Name:")) {
			bundle_name = clean;
		} else if (line.starts_with("Bundle-Version:")) {
			bundle_version = clean;
		}
	}
	ASSERT_FALSE(bundle_name.empty());
	const auto result = inspect_file(jar, "app/lib/guice-servlet.jar");
	const std::string group = symbolic_name.substr(0, symbolic_name.rfind('.'));
	EXPECT_EQ(coordinates_of(result), std::set<std::string> {group + ":" + bundle_name + "@" + bundle_version});
}

// aopalliance-1.0.jar: neither pom.properties nor coordinates in its manifest: the file name.
TEST(JavaArchive, FileNameIsTheLastResort) {
	REQUIRE_TOOLS("unzip");
	const fs::path jar = fs::path(kJavaDir) / "aopalliance-1.0.jar";
	if (!fs::exists(jar)) {
		GTEST_SKIP() << jar << " missing (libaopalliance-java)";
	}
	ASSERT_TRUE(unzip_pom_coordinates(jar).empty());
	const std::string manifest = testing::command_output("unzip -p " + jar.string() + " META-INF/MANIFEST.MF");
	ASSERT_EQ(manifest.find("Implementation-"), std::string::npos);
	ASSERT_EQ(manifest.find("Bundle-"), std::string::npos);
	EXPECT_EQ(coordinates_of(inspect_file(jar, "app/lib/aopalliance-1.0.jar")),
	          std::set<std::string> {"aopalliance@1.0"});
	// Renamed without a version, nothing identifies it.
	EXPECT_TRUE(inspect_file(jar, "app/lib/aopalliance.jar").packages.empty());
}

// A war built with `zip` and a Spring Boot style jar streamed by python3's zipfile (data
// descriptors after every entry), both holding the real Debian jars: every nested
// pom.properties is found, named by its location inside the outer archive.
TEST(JavaArchive, NestedArchivesInWarAndBootJar) {
	REQUIRE_TOOLS("unzip", "zip", "python3");
	auto jars = debian_jars_with_poms();
	if (jars.size() > 6) {
		jars.resize(6);
	}
	if (jars.empty()) {
		GTEST_SKIP() << "no jars with pom.properties in " << kJavaDir;
	}
	testing::TempDir dir;
	fs::create_directories(dir.path() / "war/WEB-INF/lib");
	std::set<std::string> expected;
	std::string names;
	for (const auto &jar : jars) {
		fs::copy_file(jar, dir.path() / "war/WEB-INF/lib" / jar.filename());
		auto coordinates = unzip_pom_coordinates(jar);
		expected.insert(coordinates.begin(), coordinates.end());
		names += " " + testing::shell_quote(jar.string());
	}
	testing::command_output("cd " + testing::shell_quote((dir.path() / "war").string()) + " && zip -qr ../app.war WEB-INF");
	ASSERT_TRUE(fs::exists(dir.path() / "app.war"));
	const auto war = inspect_file(dir.path() / "app.war", "srv/app.war");
	EXPECT_EQ(coordinates_of(war), expected);
	EXPECT_TRUE(war.warnings.empty());
	for (const auto &pkg : war.packages) {
		EXPECT_TRUE(pkg.db_path.starts_with("srv/app.war!/WEB-INF/lib/")) << pkg.db_path;
	}

	const std::string script = "import sys, zipfile, os\n"
	                           "out = os.fdopen(sys.stdout.fileno(), 'wb')\n"
	                           "with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:\n"
	                           "    for p in sys.argv[1:]:\n"
	                           "        with z.open('BOOT-INF/lib/' + os.path.basename(p), 'w') as f:\n"
	                           "            f.write(open(p, 'rb').read())\n";
	testing::write_file(dir.path() / "boot.py", script);
	testing::command_output("python3 " + testing::shell_quote((dir.path() / "boot.py").string()) + names + " | cat > " +
	                        testing::shell_quote((dir.path() / "app.jar").string()));
	ASSERT_GT(fs::file_size(dir.path() / "app.jar"), 0u);
	const auto boot = inspect_file(dir.path() / "app.jar", "app/app.jar");
	EXPECT_EQ(coordinates_of(boot), expected);
	EXPECT_TRUE(boot.warnings.empty()) << boot.warnings.front().message;
}

// Hostile archives written by python3 (zipfile, plus a hand-assembled deflate bomb: one
// fully flushed block of zeros repeated, so 1 GiB costs no compression time).
constexpr const char *kHostileScript = R"PY(
import sys, zipfile, zlib, struct, io

def nested(depth):
    data = b''
    for level in range(depth, -1, -1):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
            z.writestr('META-INF/maven/deep/level%d/pom.properties' % level,
                       'groupId=deep\nartifactId=level%d\nversion=1.0\n' % level)
            if data:
                z.writestr('lib/level%d.jar' % (level + 1), data)
        data = buf.getvalue()
    return data

def bomb(name, declared):
    block = bytes(1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    body = chunk * 1024 + c.flush()
    crc = 0
    if declared is None:  # only an honest entry is inflated far enough to check its CRC
        for _ in range(1024):
            crc = zlib.crc32(block, crc)
    size = declared if declared is not None else 1 << 30
    n = name.encode()
    local = struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, 8, 0, 0, crc, len(body), size, len(n), 0) + n
    central = struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, 0, 8, 0, 0, crc, len(body), size,
                          len(n), 0, 0, 0, 0, 0, 0) + n
    end = struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, 1, 1, len(central), len(local) + len(body), 0)
    return local + body + central + end

kind = sys.argv[1]
out = sys.stdout.buffer
if kind == 'nested':
    out.write(nested(9))
elif kind == 'bomb':
    out.write(bomb('WEB-INF/lib/bomb.jar', None))
elif kind == 'lying-bomb':
    out.write(bomb('WEB-INF/lib/bomb.jar', 1000))
elif kind == 'pom-bomb':
    out.write(bomb('META-INF/maven/a/b/pom.properties', 100))
)PY";

class JavaArchiveHostile : public ::testing::Test {
protected:
	void SetUp() override {
		if (!testing::tool_available("python3")) {
			GTEST_SKIP() << "python3 is not installed";
		}
		testing::write_file(dir_.path() / "hostile.py", kHostileScript);
	}
	std::string make(const std::string &kind) {
		auto bytes = testing::command_output("python3 " + testing::shell_quote((dir_.path() / "hostile.py").string()) + " " + kind);
		EXPECT_FALSE(bytes.empty()) << kind;
		return bytes;
	}
	testing::TempDir dir_;
};

bool has_warning(const AnalysisResult &result, WarningKind kind) {
	return std::any_of(result.warnings.begin(), result.warnings.end(), [&](const Warning &w) { return w.kind == kind; });
}

TEST_F(JavaArchiveHostile, NestingStopsAtTheDepthLimit) {
	const auto result = inspect_bytes("app/deep.jar", make("nested"));
	// The outer archive and four levels below it are read; level 5's archive is not opened.
	std::set<std::string> expected;
	for (int level = 0; level <= 4; ++level) {
		expected.insert("deep:level" + std::to_string(level) + "@1.0");
	}
	EXPECT_EQ(coordinates_of(result), expected);
	ASSERT_TRUE(has_warning(result, WarningKind::limit_reached));
	EXPECT_NE(result.warnings.front().message.find("lib/level5.jar"), std::string::npos)
	    << result.warnings.front().message;
}

TEST_F(JavaArchiveHostile, DeflateBombsAreNotInflated) {
	for (const char *kind : {"bomb", "lying-bomb", "pom-bomb"}) {
		const std::string bytes = make(kind);
		ASSERT_LT(bytes.size(), 2u << 20) << kind;
		const auto start = std::chrono::steady_clock::now();
		const auto result = inspect_bytes("app/bomb.war", bytes);
		const auto elapsed = std::chrono::steady_clock::now() - start;
		EXPECT_TRUE(result.packages.empty()) << kind;
		EXPECT_FALSE(result.warnings.empty()) << kind;
		// Stopping at 64 MiB (or at the declared size) takes well under a second.
		EXPECT_LT(elapsed, std::chrono::seconds(3)) << kind;
		for (const auto &w : result.warnings) {
			EXPECT_NE(w.message.find("app/bomb.war"), std::string::npos) << w.message;
		}
	}
}

TEST_F(JavaArchiveHostile, TruncatedAndGarbageArchivesWarn) {
	const fs::path jar = fs::path(kJavaDir) / "commons-lang3.jar";
	if (fs::exists(jar)) {
		const std::string bytes = testing::read_file(jar);
		for (size_t keep : {bytes.size() / 2, bytes.size() - 10, size_t {100}}) {
			const auto result = inspect_bytes("app/cut.jar", bytes.substr(0, keep));
			EXPECT_FALSE(result.warnings.empty()) << keep;
		}
	}
	for (const std::string garbage : {std::string(), std::string("not a zip at all"), std::string(5000, 'P'),
	                                  std::string("PK\x03\x04garbage", 12)}) {
		const auto result = inspect_bytes("app/garbage.jar", garbage);
		EXPECT_TRUE(result.packages.empty());
		EXPECT_FALSE(result.warnings.empty()) << garbage.size();
	}
}

} // namespace

} // namespace bulwark
