// An analyzer reads files of the merged filesystem view and reports what it finds
// (OS identity, packages, warnings). Each analyzer is one file in src/analyze/ and one
// line in analyzers.cpp. While layers stream, `wants` is asked for every regular file;
// the contents of wanted files are captured (in every layer, so deleted and replaced
// versions are kept) and `analyze` runs once on the merged view.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "fs/file_view.h"
#include "model/scan_report.h"

namespace bulwark {

struct AnalysisResult {
	std::optional<OsInfo> os;
	std::vector<Package> packages;
	std::vector<Warning> warnings;
};

class Analyzer {
public:
	virtual ~Analyzer() = default;
	virtual std::string_view name() const = 0;
	// Cheap: called for every regular file of every layer. `path` is normalised.
	virtual bool wants(std::string_view path) const = 0;
	virtual void analyze(const FileView &view, AnalysisResult &out) const = 0;
};

// Every analyzer, in the order they run. The list lives in analyzers.cpp.
std::vector<std::unique_ptr<Analyzer>> make_analyzers();

} // namespace bulwark
