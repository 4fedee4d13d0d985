// Helpers shared by unit tests: temp dirs, reading test data, building a FileView by hand.
#pragma once

#include <filesystem>
#include <string>

#include "fs/file_view.h"

namespace bulwark::testing {

// Path of a file under tests/data.
std::filesystem::path data_path(const std::string &relative);
// The whole content of a file (empty string if missing).
std::string read_file(const std::filesystem::path &path);
void write_file(const std::filesystem::path &path, const std::string &content);

// A fresh directory under the system temp dir, removed when this object dies.
class TempDir {
public:
	TempDir();
	~TempDir();
	TempDir(const TempDir &) = delete;
	TempDir &operator=(const TempDir &) = delete;
	const std::filesystem::path &path() const {
		return path_;
	}

private:
	std::filesystem::path path_;
};

// Add a regular file with content to the current layer of `view`.
void add_file(FileView &view, const std::string &path, const std::string &content, uint32_t mode = 0644);
void add_symlink(FileView &view, const std::string &path, const std::string &target);
void add_dir(FileView &view, const std::string &path);

// Build a one-layer view from a directory tree on disk (every file captured), as a rootfs
// scan would; used to run analyzers on the fixture databases.
FileView view_from_directory(const std::filesystem::path &root);

} // namespace bulwark::testing
