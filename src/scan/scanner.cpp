#include "scan/scanner.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <tuple>

#include "analyze/analyzer.h"
#include "report/purl.h"

namespace bulwark {

namespace {

WantsFile wants_of(const std::vector<std::unique_ptr<Analyzer>> &analyzers) {
	return [&analyzers](std::string_view path) {
		return std::any_of(analyzers.begin(), analyzers.end(), [&](const auto &a) { return a->wants(path); });
	};
}

void report_progress(const ScanOptions &options, const std::string &line) {
	if (options.progress) {
		options.progress(line);
	}
}

// Runs every analyzer on the merged view and fills the report's OS and packages.
void analyze_view(const FileView &view, const std::vector<std::unique_ptr<Analyzer>> &analyzers,
                  ScanReport &report) {
	for (const auto &analyzer : analyzers) {
		AnalysisResult result;
		analyzer->analyze(view, result);
		if (result.os && report.os.family.empty()) {
			report.os = std::move(*result.os);
		}
		std::move(result.packages.begin(), result.packages.end(), std::back_inserter(report.packages));
		std::move(result.warnings.begin(), result.warnings.end(), std::back_inserter(report.warnings));
	}
	for (auto &pkg : report.packages) {
		pkg.purl = make_purl(pkg, report.os);
	}
	std::sort(report.packages.begin(), report.packages.end(), [](const Package &a, const Package &b) {
		return std::tie(a.type, a.name, a.version, a.arch, a.db_path) <
		       std::tie(b.type, b.name, b.version, b.arch, b.db_path);
	});
}

// Walks every layer, several at a time; results come back in layer order.
Result<std::vector<WalkedLayer>> walk_layers(const ResolvedImage &image, const WantsFile &wants,
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
				results[i] = walk_layer(std::move(*source), blob.info, blob.expected_digest, wants, options.walk);
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
	auto walked = walk_layers(*image, wants_of(analyzers), options);
	if (!walked.ok()) {
		return walked.error();
	}
	ScanReport report;
	report.target = image->target;
	FileView view;
	for (size_t i = 0; i < walked->size(); ++i) {
		WalkedLayer &layer = (*walked)[i];
		LayerInfo info = image->layers[i].info;
		info.digest = layer.digest; // legacy docker-archive layers are named only by what we hashed
		info.size = layer.compressed_bytes;
		report.layers.push_back(std::move(info));
		apply_layer(view, i, layer);
		std::move(layer.warnings.begin(), layer.warnings.end(), std::back_inserter(report.warnings));
	}
	report_progress(options, "analysing " + std::to_string(view.size()) + " files");
	analyze_view(view, analyzers, report);
	return report;
}

Result<ScanReport> scan_rootfs(const std::string &dir, const ScanOptions &options) {
	auto analyzers = make_analyzers();
	ScanReport report;
	report.target.kind = "rootfs";
	report.target.format = "rootfs";
	report.target.name = dir;
	report_progress(options, "reading " + dir);
	auto view = read_rootfs(dir, wants_of(analyzers), options.rootfs, report.warnings);
	if (!view.ok()) {
		return view.error();
	}
	report_progress(options, "analysing " + std::to_string(view->size()) + " files");
	analyze_view(*view, analyzers, report);
	return report;
}

} // namespace bulwark
