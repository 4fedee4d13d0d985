// An unpacked root filesystem on the host as a one-layer FileView. The walk never follows
// symlinks (they are recorded and resolved later inside the view), never leaves `root`,
// skips kernel pseudo-filesystems (proc, sysfs, cgroup, ...) and reads only the files an
// analyzer or the content sink wants, each opened with O_NOFOLLOW.
#pragma once

#include <string>
#include <vector>

#include "fs/file_view.h"
#include "image/layer_walker.h"
#include "util/result.h"

namespace bulwark {

struct RootfsOptions {
	uint64_t max_capture_bytes = 256ULL << 20;
	size_t max_entries = 2'000'000;
	size_t max_depth = 256;
};

struct RootfsView {
	FileView view;
	std::vector<Package> inspected; // found by FileHandlers::inspect (layer 0)
	std::vector<SecretFinding> secrets; // found by FileHandlers::content_sink (no layer)
};

Result<RootfsView> read_rootfs(const std::string &root, const FileHandlers &handlers, const RootfsOptions &options,
                               std::vector<Warning> &warnings);

} // namespace bulwark
