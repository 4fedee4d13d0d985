// The .NET analyzer on a deps.json. No .NET SDK is packaged in Debian 12, so the fixture is
// written by hand in the format the SDK emits (learn.microsoft.com, "deps.json" in the
// dotnet/runtime host design docs): a project entry, NuGet packages and a reference
// assembly; only "type": "package" libraries are packages.
#include <gtest/gtest.h>

#include <memory>

#include "analyze/analyzer.h"
#include "support/test_support.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_dotnet_deps_analyzer();

namespace {

constexpr const char *kDepsPath = "app/WebApi.deps.json";

constexpr const char *kDepsJson = R"({
  "runtimeTarget": {"name": ".NETCoreApp,Version=v8.0", "signature": ""},
  "compilationOptions": {},
  "targets": {
    ".NETCoreApp,Version=v8.0": {
      "WebApi/1.0.0": {"dependencies": {"Newtonsoft.Json": "13.0.3", "Serilog": "3.1.1"},
                       "runtime": {"WebApi.dll": {}}},
      "Newtonsoft.Json/13.0.3": {"runtime": {"lib/net6.0/Newtonsoft.Json.dll":
                                 {"assemblyVersion": "13.0.0.0", "fileVersion": "13.0.3.27908"}}},
      "Serilog/3.1.1": {"runtime": {"lib/net7.0/Serilog.dll": {"assemblyVersion": "2.0.0.0"}}},
      "System.Text.Encodings.Web/8.0.0-preview.7.23375.6": {}
    }
  },
  "libraries": {
    "WebApi/1.0.0": {"type": "project", "serviceable": false, "sha512": ""},
    "Newtonsoft.Json/13.0.3": {"type": "package", "serviceable": true,
      "sha512": "sha512-HrC5BXdl00IP9zeV+0Z848QWPAoCr9P3bDEZguI+gkLcBKAOxix/tLEAAHC+UvDNPv4a2d18lOReHMOagPa+zQ==",
      "path": "newtonsoft.json/13.0.3", "hashPath": "newtonsoft.json.13.0.3.nupkg.sha512"},
    "Serilog/3.1.1": {"type": "package", "serviceable": true, "path": "serilog/3.1.1"},
    "System.Text.Encodings.Web/8.0.0-preview.7.23375.6": {"type": "package", "serviceable": true},
    "Microsoft.CSharp.Reference/4.0.0.0": {"type": "referenceassembly", "serviceable": false}
  }
})";

AnalysisResult analyze_deps(const std::string &content) {
	FileView view;
	view.begin_layer(0);
	testing::add_file(view, "app/WebApi.dll", "MZ");
	testing::add_file(view, kDepsPath, content);
	AnalysisResult result;
	make_dotnet_deps_analyzer()->analyze(view, result);
	return result;
}

TEST(DotnetDeps, PackageLibrariesBecomeNugetPackages) {
	auto result = analyze_deps(kDepsJson);
	EXPECT_TRUE(result.warnings.empty());
	std::vector<std::string> rows;
	for (const auto &pkg : result.packages) {
		EXPECT_EQ(pkg.type, "nuget");
		EXPECT_EQ(pkg.db_path, kDepsPath);
		EXPECT_EQ(pkg.layer, std::optional<size_t>(0));
		rows.push_back(pkg.name + "@" + pkg.version);
	}
	EXPECT_EQ(rows, (std::vector<std::string> {"Newtonsoft.Json@13.0.3", "Serilog@3.1.1",
	                                           "System.Text.Encodings.Web@8.0.0-preview.7.23375.6"}));
}

TEST(DotnetDeps, MalformedFilesAndKeysAreWarnings) {
	auto truncated = analyze_deps(std::string(kDepsJson).substr(0, 300));
	EXPECT_TRUE(truncated.packages.empty());
	ASSERT_EQ(truncated.warnings.size(), 1u);
	EXPECT_NE(truncated.warnings[0].message.find("app/WebApi.deps.json (layer 0)"), std::string::npos);

	EXPECT_EQ(analyze_deps("{\"libraries\": []}").warnings.size(), 1u);
	auto bad_keys = analyze_deps(
	    R"({"libraries": {"NoVersion": {"type": "package"}, "/1.0": {"type": "package"}, "A/1": {"type": "package"}}})");
	ASSERT_EQ(bad_keys.packages.size(), 1u);
	EXPECT_EQ(bad_keys.packages[0].name, "A");
	ASSERT_EQ(bad_keys.warnings.size(), 1u);
	EXPECT_NE(bad_keys.warnings[0].message.find("2 record(s) skipped"), std::string::npos);
}

} // namespace

} // namespace bulwark
