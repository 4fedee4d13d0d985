#include "analyze/manifest_files.h"

namespace bulwark {

void analyze_manifest_files(const FileView &view, const std::function<bool(std::string_view)> &matches,
                            std::string_view type, const ManifestParser &parse, AnalysisResult &out) {
	std::vector<const FileEntry *> files;
	view.for_each([&](const FileEntry &entry) {
		if (entry.type == FileType::regular && entry.content && matches(entry.path)) {
			files.push_back(&entry);
		}
	});
	for (const FileEntry *entry : files) {
		const std::string source = entry->path + " (layer " + std::to_string(entry->layer) + ")";
		for (auto &pkg : parse(*entry->content, source, out.warnings)) {
			pkg.type = std::string(type);
			pkg.db_path = entry->path;
			pkg.layer = entry->layer;
			out.packages.push_back(std::move(pkg));
		}
	}
}

void SkippedRecords::skip(std::string_view reason) {
	if (count_++ == 0) {
		// Reasons quote names from the file; a hostile name must not make a huge warning.
		constexpr size_t max_reason = 200;
		first_ = std::string(reason.substr(0, max_reason)) + (reason.size() > max_reason ? "..." : "");
	}
}

void SkippedRecords::report(const std::string &source, std::vector<Warning> &out) const {
	if (count_ > 0) {
		out.push_back(Warning {WarningKind::bad_record, source + ": " + std::to_string(count_) +
		                                                    " record(s) skipped; first: " + first_});
	}
}

bool within_size_limit(const std::string &content, size_t limit, const std::string &source,
                       std::vector<Warning> &warnings) {
	if (content.size() <= limit) {
		return true;
	}
	warnings.push_back({WarningKind::limit_reached, source + ": " + std::to_string(content.size()) +
	                                                    " bytes exceeds the limit of " + std::to_string(limit) +
	                                                    "; not read"});
	return false;
}

bool has_ancestor_dir(std::string_view path, std::string_view dir) {
	size_t start = 0;
	for (size_t slash = path.find('/'); slash != std::string_view::npos; slash = path.find('/', start)) {
		if (path.substr(start, slash - start) == dir) {
			return true;
		}
		start = slash + 1;
	}
	return false;
}

} // namespace bulwark
