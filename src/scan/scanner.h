// The pipeline driver: source → layers (streamed in parallel) → merged view → analyzers
// → ScanReport. Report formats are not its business.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "image/image_source.h"
#include "image/layer_walker.h"
#include "image/rootfs_source.h"
#include "model/scan_report.h"
#include "util/result.h"

namespace bulwark {

namespace secret {
class SecretScanner;
}

struct ScanOptions {
	ImageOptions image;
	LayerWalkOptions walk;
	RootfsOptions rootfs;
	unsigned threads = 0; // 0 = one per core
	// Called with a short status line as work progresses (the CLI shows it on a TTY).
	std::function<void(std::string_view)> progress;
	// The scanners asked for ("vuln", "secret"), copied to ScanReport::scanners.
	std::vector<std::string> scanners;
	// When set, every regular file of every layer (deleted and replaced ones included) and the
	// image config are scanned for secrets (ScanReport::secrets).
	const secret::SecretScanner *secrets = nullptr;
};

Result<ScanReport> scan_image(const std::string &input, const ScanOptions &options);
// An unpacked root filesystem (`kind` "rootfs") or a project source tree (`kind` "fs"):
// the same analyzers run on both; lockfiles and manifests come out marked declared.
Result<ScanReport> scan_directory(const std::string &dir, const std::string &kind, const ScanOptions &options);

} // namespace bulwark
