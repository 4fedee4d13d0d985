#include "fs/file_view.h"

#include <algorithm>
#include <deque>

namespace bulwark {

namespace {

constexpr int max_symlink_follows = 40; // the kernel's limit (MAXSYMLINKS)

bool is_under(std::string_view path, std::string_view dir) {
	if (dir.empty()) {
		return !path.empty();
	}
	return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

std::string parent_of(const std::string &path) {
	auto slash = path.rfind('/');
	return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string join(const std::string &dir, std::string_view name) {
	if (dir.empty()) {
		return std::string(name);
	}
	std::string out = dir;
	out += '/';
	out += name;
	return out;
}

void split_into(std::string_view path, std::deque<std::string> &out, bool at_front) {
	std::vector<std::string> parts;
	size_t start = 0;
	while (start <= path.size()) {
		auto slash = path.find('/', start);
		auto end = slash == std::string_view::npos ? path.size() : slash;
		if (end > start) {
			parts.emplace_back(path.substr(start, end - start));
		}
		if (slash == std::string_view::npos) {
			break;
		}
		start = slash + 1;
	}
	if (at_front) {
		out.insert(out.begin(), parts.begin(), parts.end());
	} else {
		out.insert(out.end(), parts.begin(), parts.end());
	}
}

} // namespace

std::string normalize_image_path(std::string_view name, bool *escaped) {
	std::vector<std::string_view> parts;
	size_t start = 0;
	while (start <= name.size()) {
		auto slash = name.find('/', start);
		auto end = slash == std::string_view::npos ? name.size() : slash;
		auto part = name.substr(start, end - start);
		if (part == "..") {
			if (parts.empty()) {
				if (escaped) {
					*escaped = true;
				}
			} else {
				parts.pop_back();
			}
		} else if (!part.empty() && part != ".") {
			parts.push_back(part);
		}
		if (slash == std::string_view::npos) {
			break;
		}
		start = slash + 1;
	}
	std::string out;
	for (auto part : parts) {
		if (!out.empty()) {
			out += '/';
		}
		out += part;
	}
	return out;
}

void FileView::begin_layer(size_t layer_index) {
	current_layer_ = layer_index;
	layer_count_ = std::max(layer_count_, layer_index + 1);
}

void FileView::remove_subtree(const std::string &path, bool keep_root) {
	auto hide = [&](std::map<std::string, FileEntry, std::less<>>::iterator it) {
		it->second.removed_in = current_layer_;
		auto key = it->first;
		hidden_.emplace(std::move(key), std::move(it->second));
		return visible_.erase(it);
	};
	if (!keep_root) {
		auto it = visible_.find(path);
		if (it != visible_.end() && it->second.layer < current_layer_) {
			hide(it);
		}
	}
	auto it = path.empty() ? visible_.begin() : visible_.lower_bound(path + "/");
	while (it != visible_.end() && is_under(it->first, path)) {
		if (it->second.layer < current_layer_) {
			it = hide(it);
		} else {
			++it;
		}
	}
}

bool FileView::add(FileEntry entry) {
	entry.layer = current_layer_;
	auto it = visible_.find(entry.path);
	if (it == visible_.end()) {
		auto key = entry.path;
		visible_.emplace(std::move(key), std::move(entry));
		return true;
	}
	FileEntry &old = it->second;
	const bool same_layer = old.layer == current_layer_;
	if (old.type == FileType::directory && entry.type == FileType::directory) {
		// A directory entry in an upper layer updates metadata; its children stay.
		old.mode = entry.mode;
		old.uid = entry.uid;
		old.gid = entry.gid;
		old.layer = entry.layer;
		return !same_layer;
	}
	if (old.type == FileType::directory) {
		remove_subtree(entry.path, true); // a file replacing a directory hides its children
	}
	if (old.layer < current_layer_) {
		old.removed_in = current_layer_;
		hidden_.emplace(entry.path, std::move(old));
	}
	it->second = std::move(entry);
	return !same_layer;
}

void FileView::whiteout(const std::string &path) {
	remove_subtree(path, false);
}

void FileView::opaque(const std::string &dir) {
	remove_subtree(dir, true);
}

const FileEntry *FileView::lstat(std::string_view path) const {
	auto it = visible_.find(path);
	return it == visible_.end() ? nullptr : &it->second;
}

std::optional<std::string> FileView::resolve(std::string_view path) const {
	std::deque<std::string> pending;
	split_into(path, pending, false);
	std::string resolved;
	int follows = 0;
	while (!pending.empty()) {
		std::string part = std::move(pending.front());
		pending.pop_front();
		if (part == ".") {
			continue;
		}
		if (part == "..") {
			resolved = parent_of(resolved); // ".." at the root stays at the root
			continue;
		}
		std::string candidate = join(resolved, part);
		auto it = visible_.find(candidate);
		if (it != visible_.end() && it->second.type == FileType::symlink) {
			if (++follows > max_symlink_follows) {
				return std::nullopt;
			}
			const std::string &target = it->second.link_target;
			if (!target.empty() && target.front() == '/') {
				resolved.clear(); // absolute targets mean the image's root, never the host's
			}
			split_into(target, pending, true);
			continue;
		}
		resolved = std::move(candidate);
	}
	return resolved;
}

const FileEntry *FileView::stat(std::string_view path) const {
	auto resolved = resolve(path);
	if (!resolved) {
		return nullptr;
	}
	const FileEntry *entry = lstat(*resolved);
	if (entry && entry->type == FileType::hardlink && !entry->content) {
		const FileEntry *target = lstat(entry->link_target);
		if (target && target->type == FileType::regular) {
			return target;
		}
	}
	return entry;
}

const std::string *FileView::read(std::string_view path) const {
	const FileEntry *entry = stat(path);
	if (!entry || (entry->type != FileType::regular && entry->type != FileType::hardlink) || !entry->content) {
		return nullptr;
	}
	return entry->content.get();
}

std::vector<const FileEntry *> FileView::history(std::string_view path) const {
	std::vector<const FileEntry *> versions;
	auto range = hidden_.equal_range(path);
	for (auto it = range.first; it != range.second; ++it) {
		versions.push_back(&it->second);
	}
	if (const FileEntry *visible = lstat(path)) {
		versions.push_back(visible);
	}
	std::stable_sort(versions.begin(), versions.end(),
	                 [](const FileEntry *a, const FileEntry *b) { return a->layer < b->layer; });
	return versions;
}

void FileView::for_each(const std::function<void(const FileEntry &)> &fn) const {
	for (const auto &[path, entry] : visible_) {
		fn(entry);
	}
}

} // namespace bulwark
