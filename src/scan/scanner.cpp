#include "scan/scanner.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "analyze/analyzer.h"
#include "report/purl.h"
#include "scan/secret_scan.h"

namespace bulwark {

namespace {

FileHandlers handlers_of(const std::vector<std::unique_ptr<Analyzer>> &analyzers, const ScanOptions &options) {
	FileHandlers handlers;
	if (options.secrets) {
		const secret::SecretScanner *secrets = options.secrets;
		handlers.content_sink = [secrets] { return make_secret_sink(*secrets); };
	}
	handlers.capture = [&analyzers](std::string_view path) {
		return std::any_of(analyzers.begin(), analyzers.end(), [&](const auto &a) { return a->wants(path); });
	};
	handlers.wants_inspection = [&analyzers](std::string_view path, uint64_t size, uint32_t mode) {
		FileMeta meta {path, size, mode};
		return std::any_of(analyzers.begin(), analyzers.end(), [&](const auto &a) { return a->inspects(meta); });
	};
	handlers.inspect = [&analyzers](std::string_view path, uint64_t size, uint32_t mode, std::string_view content,
	                                std::vector<Package> &packages, std::vector<Warning> &warnings) {
		FileMeta meta {path, size, mode};
		for (const auto &a : analyzers) {
			if (a->inspects(meta)) {
				AnalysisResult result;
				a->inspect(meta, content, result);
				std::move(result.packages.begin(), result.packages.end(), std::back_inserter(packages));
				std::move(result.warnings.begin(), result.warnings.end(), std::back_inserter(warnings));
			}
		}
	};
	return handlers;
}

// Packages found in files while streaming count only if that file version is the one the
// final image holds (not deleted or replaced by a later layer).
void keep_visible_inspected(const FileView &view, std::vector<Package> &inspected, ScanReport &report) {
	for (auto &pkg : inspected) {
		const FileEntry *entry = view.lstat(pkg.db_path.substr(0, pkg.db_path.find('!')));
		if (entry && pkg.layer && entry->layer == *pkg.layer) {
			report.packages.push_back(std::move(pkg));
		}
	}
}

void report_progress(const ScanOptions &options, const std::string &line) {
	if (options.progress) {
		options.progress(line);
	}
}

bool is_os_package(const Package &pkg) {
	return pkg.type == "deb" || pkg.type == "rpm" || pkg.type == "apk";
}

// Links language packages to the OS package that installed their file (python3-flask's
// METADATA, a Go binary shipped in a .deb), comparing paths after resolving links inside
// the image so that /lib and /usr/lib (usrmerge) meet.
void link_os_ownership(const FileView &view, std::vector<Package> &packages) {
	std::unordered_map<std::string, const Package *> owner_of;
	for (const auto &pkg : packages) {
		if (!is_os_package(pkg)) {
			continue;
		}
		for (const auto &file : pkg.installed_files) {
			auto resolved = view.resolve(file);
			owner_of.emplace(resolved ? *resolved : normalize_image_path(file), &pkg);
		}
	}
	if (owner_of.empty()) {
		return;
	}
	for (auto &pkg : packages) {
		if (is_os_package(pkg) || pkg.db_path.empty()) {
			continue;
		}
		// Nested archives name their file as "outer.jar!/inner.jar": the outer file is owned.
		std::string file = pkg.db_path.substr(0, pkg.db_path.find('!'));
		auto resolved = view.resolve(file);
		auto it = owner_of.find(resolved ? *resolved : file);
		if (it != owner_of.end()) {
			pkg.owned_by = it->second->name;
		}
	}
}

// Runs every analyzer on the merged view and fills the report's OS and packages.
void analyze_view(const FileView &view, const std::vector<std::unique_ptr<Analyzer>> &analyzers,
                  std::vector<Package> &inspected, ScanReport &report) {
	keep_visible_inspected(view, inspected, report);
	for (const auto &analyzer : analyzers) {
		AnalysisResult result;
		analyzer->analyze(view, result);
		if (result.os && report.os.family.empty()) {
			report.os = std::move(*result.os);
		}
		std::move(result.packages.begin(), result.packages.end(), std::back_inserter(report.packages));
		std::move(result.warnings.begin(), result.warnings.end(), std::back_inserter(report.warnings));
	}
	link_os_ownership(view, report.packages);
	for (auto &pkg : report.packages) {
		pkg.purl = make_purl(pkg, report.os);
	}
	std::sort(report.packages.begin(), report.packages.end(), [](const Package &a, const Package &b) {
		return std::tie(a.type, a.name, a.version, a.arch, a.db_path) <
		       std::tie(b.type, b.name, b.version, b.arch, b.db_path);
	});
}

// Walks every layer, several at a time; results come back in layer order.
Result<std::vector<WalkedLayer>> walk_layers(const ResolvedImage &image, const FileHandlers &handlers,
                                             const ScanOptions &options) {
	const size_t count = image.layers.size();
	std::vector<std::optional<Result<WalkedLayer>>> results(count);
	std::atomic<size_t> next {0};
	std::atomic<bool> failed {false};
	std::atomic<size_t> done {0};
	std::mutex progress_mutex;
	auto worker = [&]() {
		for (size_t i = next++; i < count && !failed; i = next++) {
			const LayerBlob &blob = image.layers[i];
			auto source = image.store->open(blob.blob_name);
			if (!source.ok()) {
				results[i] = Result<WalkedLayer>(source.error());
			} else {
				results[i] = walk_layer(std::move(*source), blob.info, blob.expected_digest, handlers, options.walk);
			}
			if (!results[i]->ok()) {
				failed = true;
			}
			std::lock_guard lock(progress_mutex);
			report_progress(options, "layers " + std::to_string(++done) + "/" + std::to_string(count));
		}
	};
	unsigned threads = options.threads ? options.threads : std::max(1U, std::thread::hardware_concurrency());
	threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(count, 1)));
	std::vector<std::thread> pool;
	for (unsigned t = 1; t < threads; ++t) {
		pool.emplace_back(worker);
	}
	worker();
	for (auto &t : pool) {
		t.join();
	}
	std::vector<WalkedLayer> walked;
	walked.reserve(count);
	for (size_t i = 0; i < count; ++i) {
		if (!results[i]) {
			continue; // not started because another layer failed first
		}
		if (!results[i]->ok()) {
			return results[i]->error();
		}
		walked.push_back(std::move(results[i]->value()));
	}
	if (walked.size() != count) {
		return make_error(ErrorCode::internal, "not every layer was read");
	}
	return walked;
}

} // namespace

Result<ScanReport> scan_image(const std::string &input, const ScanOptions &options) {
	auto image = open_image(input, options.image);
	if (!image.ok()) {
		return image.error();
	}
	auto analyzers = make_analyzers();
	auto walked = walk_layers(*image, handlers_of(analyzers, options), options);
	if (!walked.ok()) {
		return walked.error();
	}
	ScanReport report;
	report.target = image->target;
	FileView view;
	std::vector<Package> inspected;
	for (size_t i = 0; i < walked->size(); ++i) {
		WalkedLayer &layer = (*walked)[i];
		LayerInfo info = image->layers[i].info;
		info.digest = layer.digest; // legacy docker-archive layers are named only by what we hashed
		info.size = layer.compressed_bytes;
		report.layers.push_back(std::move(info));
		apply_layer(view, i, layer);
		std::move(layer.inspected.begin(), layer.inspected.end(), std::back_inserter(inspected));
		std::move(layer.secrets.begin(), layer.secrets.end(), std::back_inserter(report.secrets));
		std::move(layer.warnings.begin(), layer.warnings.end(), std::back_inserter(report.warnings));
	}
	report_progress(options, "analysing " + std::to_string(view.size()) + " files");
	analyze_view(view, analyzers, inspected, report);
	report.scanners = options.scanners;
	if (options.secrets) {
		mark_removed_secrets(view, report.secrets);
		scan_image_config(*options.secrets, image->config_json, options.image.json, report);
		sort_secrets(report.secrets);
	}
	return report;
}

Result<ScanReport> scan_directory(const std::string &dir, const std::string &kind, const ScanOptions &options) {
	auto analyzers = make_analyzers();
	ScanReport report;
	report.target.kind = kind;
	report.target.format = kind == "fs" ? "directory" : "rootfs";
	report.target.name = dir;
	report_progress(options, "reading " + dir);
	auto rootfs = read_rootfs(dir, handlers_of(analyzers, options), options.rootfs, report.warnings);
	if (!rootfs.ok()) {
		return rootfs.error();
	}
	report_progress(options, "analysing " + std::to_string(rootfs->view.size()) + " files");
	analyze_view(rootfs->view, analyzers, rootfs->inspected, report);
	report.scanners = options.scanners;
	report.secrets = std::move(rootfs->secrets);
	sort_secrets(report.secrets);
	return report;
}

} // namespace bulwark
