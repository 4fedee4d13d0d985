#include "support/declared_packages.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "support/test_support.h"

namespace bulwark::testing {

AnalysisResult analyze_files(const Analyzer &analyzer, const std::vector<std::pair<std::string, std::string>> &files) {
	FileView view;
	view.begin_layer(0);
	for (const auto &[path, content] : files) {
		EXPECT_TRUE(analyzer.wants(path)) << path;
		add_file(view, path, content);
	}
	AnalysisResult result;
	analyzer.analyze(view, result);
	return result;
}

std::vector<std::string> declared_rows(const std::vector<Package> &packages, const std::string &type) {
	std::vector<std::string> rows;
	for (const auto &pkg : packages) {
		EXPECT_EQ(pkg.type, type);
		EXPECT_TRUE(pkg.declared);
		rows.push_back(pkg.name + " " + pkg.version + (pkg.dev ? " dev" : ""));
	}
	std::sort(rows.begin(), rows.end());
	return rows;
}

} // namespace bulwark::testing
