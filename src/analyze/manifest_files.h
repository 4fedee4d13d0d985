// Language package manifests that are one file per installation (a METADATA, a gemspec,
// an installed.json, a deps.json): the analyzers differ only in which paths they read and
// how one file parses, so finding the files, naming them in warnings and stamping each
// package with its file and layer happens once, here.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/analyzer.h"

namespace bulwark {

// Parses one manifest into packages (name, version, licences). Records it cannot read
// become bounded bad_record warnings in `warnings`, named by `source` ("<path> (layer N)"):
// line-oriented formats through RecordWarnings, JSON ones as one summary per file.
using ManifestParser = std::function<std::vector<Package>(const std::string &content, const std::string &source,
                                                          std::vector<Warning> &warnings)>;

// Runs `parse` on every visible captured regular file whose path satisfies `matches`, in
// path order, and adds its packages to `out` with `type`, db_path = the file and layer = the
// layer that wrote the file.
void analyze_manifest_files(const FileView &view, const std::function<bool(std::string_view)> &matches,
                            std::string_view type, const ManifestParser &parse, AnalysisResult &out);

// JSON manifests have no line numbers worth quoting: the records one of them had to skip
// are reported as a single bad_record warning that counts them and quotes the first reason,
// so a file of junk entries costs one warning.
class SkippedRecords {
public:
	void skip(std::string_view reason);
	// Adds that warning to `out` when anything was skipped.
	void report(const std::string &source, std::vector<Warning> &out) const;

private:
	size_t count_ = 0;
	std::string first_;
};

// False, with a limit_reached warning naming `source`, when `content` is over `limit` bytes:
// every manifest and lockfile reader checks its size this way before parsing.
bool within_size_limit(const std::string &content, size_t limit, const std::string &source,
                       std::vector<Warning> &warnings);

// True when some directory component of `path` (not the file name) equals `dir`.
bool has_ancestor_dir(std::string_view path, std::string_view dir);

} // namespace bulwark
