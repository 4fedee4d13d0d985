#include "support/test_support.h"

#include <fstream>
#include <random>
#include <sstream>
#include <sys/stat.h>

namespace bulwark::testing {

namespace fs = std::filesystem;

fs::path data_path(const std::string &relative) {
	return fs::path(BULWARK_TEST_DATA) / relative;
}

std::string read_file(const fs::path &path) {
	std::ifstream in(path, std::ios::binary);
	std::ostringstream out;
	out << in.rdbuf();
	return out.str();
}

void write_file(const fs::path &path, const std::string &content) {
	fs::create_directories(path.parent_path());
	std::ofstream out(path, std::ios::binary);
	out << content;
}

TempDir::TempDir() {
	std::random_device rd;
	path_ = fs::temp_directory_path() / ("bulwark-test-" + std::to_string(rd()) + std::to_string(rd()));
	fs::create_directories(path_);
}

TempDir::~TempDir() {
	std::error_code ec;
	fs::remove_all(path_, ec);
}

void add_file(FileView &view, const std::string &path, const std::string &content, uint32_t mode) {
	FileEntry entry;
	entry.path = path;
	entry.type = FileType::regular;
	entry.mode = mode;
	entry.size = content.size();
	entry.content = std::make_shared<const std::string>(content);
	view.add(std::move(entry));
}

void add_symlink(FileView &view, const std::string &path, const std::string &target) {
	FileEntry entry;
	entry.path = path;
	entry.type = FileType::symlink;
	entry.mode = 0777;
	entry.link_target = target;
	view.add(std::move(entry));
}

void add_dir(FileView &view, const std::string &path) {
	FileEntry entry;
	entry.path = path;
	entry.type = FileType::directory;
	entry.mode = 0755;
	view.add(std::move(entry));
}

FileView view_from_directory(const fs::path &root) {
	FileView view;
	view.begin_layer(0);
	for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
		auto rel = fs::relative(it->path(), root).generic_string();
		if (it->is_symlink()) {
			add_symlink(view, rel, fs::read_symlink(it->path()).string());
		} else if (it->is_directory()) {
			add_dir(view, rel);
		} else if (it->is_regular_file()) {
			add_file(view, rel, read_file(it->path()));
		}
	}
	return view;
}

} // namespace bulwark::testing
