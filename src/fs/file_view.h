// The merged filesystem of an image: every entry of every layer, whiteouts applied,
// each file knowing the layer it came from and, when a later layer removed or replaced
// it, which one. Paths are normalised image paths without a leading '/', e.g.
// "etc/os-release"; the root is "". Nothing here touches the host filesystem: symlinks
// are resolved only against the image's own entries.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/scan_report.h"

namespace bulwark {

enum class FileType : uint8_t { regular, directory, symlink, hardlink, other };

struct FileEntry {
	std::string path;
	FileType type = FileType::regular;
	uint32_t mode = 0; // permission bits incl. setuid/setgid/sticky (07777)
	uint32_t uid = 0;
	uint32_t gid = 0;
	uint64_t size = 0;
	std::string link_target; // symlink: the raw target; hardlink: the normalised path it links to
	size_t layer = 0;        // index of the layer that wrote this entry
	std::optional<size_t> removed_in; // a later layer deleted or replaced it (history only)
	// Content, when an analyzer asked for this path and the file fit the capture limit.
	std::shared_ptr<const std::string> content;
};

class FileView {
public:
	// --- building (used by the layer walker and by tests) ---

	// Start a new layer; entries added after this belong to it. Layers must be added in order.
	void begin_layer(size_t layer_index);
	// Add one tar entry of the current layer. The path must already be normalised.
	// A later add of the same path in the same layer replaces the earlier one (the later wins);
	// returns false in that case so the caller can warn about the duplicate.
	bool add(FileEntry entry);
	// A whiteout ".wh.NAME" in the current layer: removes `path` and everything under it
	// that lower layers wrote.
	void whiteout(const std::string &path);
	// An opaque whiteout ".wh..wh..opq" in directory `dir`: hides lower layers' children.
	void opaque(const std::string &dir);

	// --- reading ---

	// The visible entry at `path`, without following a final symlink (lstat).
	const FileEntry *lstat(std::string_view path) const;
	// Follow symlinks (every component, absolute or relative, clamped at the image root)
	// and hard links; nullopt for a dangling link or a loop (more than 40 links).
	std::optional<std::string> resolve(std::string_view path) const;
	// The visible file at `path` after resolving links (stat).
	const FileEntry *stat(std::string_view path) const;
	// Content of the visible regular file at `path` (links followed); nullptr when absent,
	// not a regular file, or not captured.
	const std::string *read(std::string_view path) const;
	// Every version of `path` that any layer wrote, in layer order, including those a later
	// layer removed or replaced (for layer attribution and deleted-secret findings).
	std::vector<const FileEntry *> history(std::string_view path) const;
	// Visible entries in path order.
	void for_each(const std::function<void(const FileEntry &)> &fn) const;
	size_t size() const {
		return visible_.size();
	}
	size_t layer_count() const {
		return layer_count_;
	}

private:
	void remove_subtree(const std::string &path, bool keep_root);

	std::map<std::string, FileEntry, std::less<>> visible_;
	// Versions no longer visible (removed or replaced), keyed by path.
	std::multimap<std::string, FileEntry, std::less<>> hidden_;
	size_t current_layer_ = 0;
	size_t layer_count_ = 0;
};

// Normalise a name from a tar entry or link target into an image path: strips "./" and
// leading '/', collapses "//" and ".", and resolves ".." lexically without climbing above
// the root. Sets *escaped when a ".." would have left the image.
std::string normalize_image_path(std::string_view name, bool *escaped = nullptr);

} // namespace bulwark
