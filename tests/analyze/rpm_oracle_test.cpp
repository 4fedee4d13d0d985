// Live oracle: packages built with rpmbuild and installed with rpm into a fresh database,
// then our reader and analyzer compared with what `rpm -qa` prints for the same database.
// Skipped when rpm or rpmbuild is not installed (CI installs both).
#include <algorithm>
#include <cstdlib>
#include <sstream>

#include <gtest/gtest.h>

#include "analyze/analyzer.h"
#include "support/test_support.h"
#include "support/oracle_command.h"

namespace bulwark {

std::unique_ptr<Analyzer> make_rpm_analyzer();

namespace {

namespace fs = std::filesystem;

int run(const std::string &command) {
	return std::system(command.c_str());
}

// One spec per tricky case: vendor/packager set, an epoch, a '~' pre-release version, and
// two subpackages sharing one source RPM with the main package.
struct Spec {
	std::string name;
	std::string text;
};

std::string spec(const std::string &preamble, const std::string &name, const std::string &body) {
	return preamble +
	       "Summary: bulwark oracle package\nLicense: MIT AND (BSD-2-Clause OR GPL-2.0-only)\n"
	       "BuildArch: noarch\n\n%description\nTest package.\n\n%install\nmkdir -p %{buildroot}/usr/share/" +
	       name + "\necho 1 > %{buildroot}/usr/share/" + name + "/VERSION\n" + body + "\n%files\n/usr/share/" + name +
	       "\n";
}

std::vector<Spec> specs() {
	return {
		{ "bwo-plain",
		  spec("Name: bwo-plain\nVersion: 1.1\nRelease: 1\nVendor: Bulwark Test\nPackager: Oracle <o@example.org>\n",
		       "bwo-plain", "") },
		{ "bwo-epoch", spec("Name: bwo-epoch\nEpoch: 3\nVersion: 0.9.1\nRelease: 3.el9\n", "bwo-epoch", "") },
		{ "bwo-tilde", spec("Name: bwo-tilde\nVersion: 2.0~rc1\nRelease: 0.1\n", "bwo-tilde", "") },
		{ "bwo-multi",
		  spec("Name: bwo-multi\nVersion: 5.4.1\nRelease: 7\n", "bwo-multi",
		       "mkdir -p %{buildroot}/usr/include/bwo %{buildroot}/usr/lib/python3/bwo\n"
		       "echo h > %{buildroot}/usr/include/bwo/bwo.h\necho p > %{buildroot}/usr/lib/python3/bwo/__init__.py\n") +
		      "\n%package devel\nSummary: headers\n%description devel\nHeaders.\n%files devel\n/usr/include/bwo\n"
		      "\n%package -n python3-bwo\nSummary: python\n%description -n python3-bwo\nPython.\n"
		      "%files -n python3-bwo\n/usr/lib/python3/bwo\n" },
	};
}

TEST(RpmOracle, ReaderMatchesRpmOnFreshDatabase) {
	if (!testing::tool_available("rpm") || !testing::tool_available("rpmbuild")) {
		GTEST_SKIP() << "rpm and rpmbuild not on PATH";
	}
	testing::TempDir tmp;
	std::string top = tmp.path().string();
	std::string db = top + "/db";
	std::string log = " >>" + top + "/log 2>&1";
	for (const auto &s : specs()) {
		std::string spec_path = top + "/" + s.name + ".spec";
		testing::write_file(spec_path, s.text);
		ASSERT_EQ(run("rpmbuild --quiet --define '_topdir " + top + "/build' --define '_tmppath " + top + "/tmp' -bb " +
		              spec_path + log),
		          0)
		    << testing::read_file(tmp.path() / "log");
	}
	std::string rpm = "rpm --define '_db_backend sqlite' --dbpath " + db;
	ASSERT_EQ(run(rpm + " --initdb" + log), 0);
	ASSERT_EQ(run(rpm + " -i --nodeps --justdb --noscripts " + top + "/build/RPMS/noarch/*.rpm" + log), 0)
	    << testing::read_file(tmp.path() / "log");
	ASSERT_EQ(run(rpm +
	              " -qa --qf '%{NAME}\\t%{EVR}\\t%{ARCH}\\t%{SOURCERPM}\\t%{LICENSE}\\t%{VENDOR}\\t%{PACKAGER}\\n' >" +
	              top + "/qa.tsv"),
	          0);
	ASSERT_EQ(run(rpm + " -qa --qf '[%{=NAME}\\t%{FILENAMES}\\n]' >" + top + "/files.tsv"), 0);

	FileView view;
	view.begin_layer(0);
	testing::add_file(view, "var/lib/rpm/rpmdb.sqlite", testing::read_file(fs::path(db) / "rpmdb.sqlite"));
	AnalysisResult result;
	make_rpm_analyzer()->analyze(view, result);
	EXPECT_TRUE(result.warnings.empty());

	std::string packages;
	std::string files;
	auto none = [](const std::string &value) { return value.empty() ? std::string("(none)") : value; };
	for (const auto &pkg : result.packages) {
		packages += pkg.name + '\t' + pkg.version + '\t' + pkg.arch + '\t' + pkg.source_name + '-' +
		            pkg.source_version + ".src.rpm\t" + pkg.licenses.at(0) + '\t' + none(pkg.vendor) + '\t' +
		            none(pkg.maintainer) + '\n';
		for (const auto &file : pkg.installed_files) {
			files += pkg.name + '\t' + file + '\n';
		}
	}
	auto expected = testing::sorted_lines(testing::read_file(tmp.path() / "qa.tsv"));
	ASSERT_EQ(expected.size(), 6u);
	EXPECT_EQ(testing::sorted_lines(packages), expected);
	EXPECT_EQ(testing::sorted_lines(files), testing::sorted_lines(testing::read_file(tmp.path() / "files.tsv")));
}

} // namespace

} // namespace bulwark
