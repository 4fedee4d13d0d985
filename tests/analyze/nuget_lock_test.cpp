// The packages.lock.json analyzer. No .NET SDK is available to write a real lockfile, so the
// fixture is hand-written in the documented format (NuGet's "Enable repeatable package
// restores using a lock file": version 1, per-framework maps with Direct, Transitive,
// CentralTransitive and Project entries); jq, where installed, is the oracle for which
// entries are packages.
#include <gtest/gtest.h>

#include <memory>

#include "analyze/analyzer.h"
#include "support/declared_packages.h"
#include "support/oracle_command.h"
#include "support/test_support.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_nuget_lock_analyzer();

namespace {

using testing::shell_quote;

constexpr std::string_view kLockfile = R"json({
  "version": 1,
  "dependencies": {
    "net8.0": {
      "Newtonsoft.Json": {"type": "Direct", "requested": "[13.0.3, )", "resolved": "13.0.3", "contentHash": "HrC5BXdl=="},
      "Serilog": {"type": "Transitive", "resolved": "3.1.1", "contentHash": "P6G4/4Kt=="},
      "System.Text.Json": {"type": "CentralTransitive", "requested": "[8.0.4, )", "resolved": "8.0.4"},
      "MyCompany.Shared": {"type": "Project", "dependencies": {"Serilog": "[3.1.1, )"}}
    },
    "net8.0/linux-x64": {
      "Serilog": {"type": "Transitive", "resolved": "3.1.1"},
      "runtime.native.System": {"type": "Transitive", "resolved": "4.3.0"}
    },
    "net6.0": {
      "Newtonsoft.Json": {"type": "Direct", "requested": "[12.0.1, )", "resolved": "12.0.1"},
      "Broken": {"type": "Transitive"}
    }
  }
})json";



TEST(NugetLock, PackagesOfEveryFrameworkOnce) {
	auto result = testing::analyze_files(*make_nuget_lock_analyzer(), {{"src/App/packages.lock.json", std::string(kLockfile)}});
	const std::vector<std::string> expected {"Newtonsoft.Json 12.0.1", "Newtonsoft.Json 13.0.3", "Serilog 3.1.1",
	                                         "System.Text.Json 8.0.4", "runtime.native.System 4.3.0"};
	EXPECT_EQ(testing::declared_rows(result.packages, "nuget"), expected);
	ASSERT_EQ(result.warnings.size(), 1u);
	EXPECT_NE(result.warnings[0].message.find("'Broken'"), std::string::npos);
	EXPECT_EQ(result.packages[0].db_path, "src/App/packages.lock.json");
	if (testing::tool_available("jq")) {
		testing::TempDir dir;
		testing::write_file(dir.path() / "packages.lock.json", std::string(kLockfile));
		EXPECT_EQ(testing::sorted_lines(testing::command_output(
		              "jq -r '.dependencies[] | to_entries[] | select(.value.type != \"Project\" and .value.resolved) | "
		              ".key + \" \" + .value.resolved' " +
		              shell_quote((dir.path() / "packages.lock.json").string()) + " | sort -u")),
		          expected);
	}
}

TEST(NugetLock, MalformedFilesWarn) {
	for (std::string_view bad : {"{\"version\": 1", "{\"version\": 1}", "{\"dependencies\": {\"net8.0\": 3}}"}) {
		auto result = testing::analyze_files(*make_nuget_lock_analyzer(), {{"packages.lock.json", std::string(bad)}});
		EXPECT_TRUE(result.packages.empty());
		EXPECT_EQ(result.warnings.size(), 1u) << bad;
	}
	EXPECT_FALSE(make_nuget_lock_analyzer()->wants("app/mypackages.lock.json"));
}

} // namespace

} // namespace bulwark
