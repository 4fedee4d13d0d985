// An analyzer reads files of the merged filesystem view and reports what it finds
// (OS identity, packages, warnings). Each analyzer is one file in src/analyze/ and one
// line in analyzers.cpp. While layers stream, `wants` is asked for every regular file;
// the contents of wanted files are captured (in every layer, so deleted and replaced
// versions are kept) and `analyze` runs once on the merged view.
#pragma once

#include <cstdint>
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

// A regular file as the walker meets it, before its content is read.
struct FileMeta {
	std::string_view path; // normalised image path
	uint64_t size = 0;
	uint32_t mode = 0; // permission bits (07777)
};

class Analyzer {
public:
	virtual ~Analyzer() = default;
	virtual std::string_view name() const = 0;

	// Small files read on the merged view (package databases, manifests): `wants` is asked
	// for every regular file of every layer (cheap; `path` is normalised); wanted contents
	// are kept in the view and `analyze` runs once on it.
	virtual bool wants(std::string_view path) const = 0;
	virtual void analyze(const FileView &view, AnalysisResult &out) const = 0;

	// Large files inspected while they stream (executables, archives): content is handed to
	// `inspect` on the walker's thread (several layers at once: must be thread-safe and
	// keep no state) and dropped afterwards, so memory stays bounded. Packages found get
	// db_path = the file unless they set one ("app.war!/WEB-INF/lib/x.jar" for nested
	// archives); the scanner sets their layer and keeps only those whose file is still
	// visible in the final image.
	virtual bool inspects(const FileMeta & /*file*/) const {
		return false;
	}
	virtual void inspect(const FileMeta & /*file*/, std::string_view /*content*/, AnalysisResult & /*out*/) const {
	}
};

// Every analyzer, in the order they run. The list lives in analyzers.cpp.
std::vector<std::unique_ptr<Analyzer>> make_analyzers();

} // namespace bulwark
