// Running one lockfile/manifest analyzer on files given in the test, and listing the
// declared packages it found for comparing with an oracle.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "analyze/analyzer.h"

namespace bulwark::testing {

// One-layer view of `files` (path, content), each of which `analyzer` must want; the
// analyzer's result on it.
AnalysisResult analyze_files(const Analyzer &analyzer, const std::vector<std::pair<std::string, std::string>> &files);

// "name version" (plus " dev" for dev packages), sorted; expects every package to be of
// `type` and declared.
std::vector<std::string> declared_rows(const std::vector<Package> &packages, const std::string &type);

} // namespace bulwark::testing
