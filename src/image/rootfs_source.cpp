#include "image/rootfs_source.h"

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <optional>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

namespace bulwark {

namespace {

// Kernel pseudo-filesystems describe the running host, not the installed system.
bool is_pseudo_filesystem(int dir_fd) {
	struct statfs fs {};
	if (::fstatfs(dir_fd, &fs) != 0) {
		return false;
	}
	switch (static_cast<unsigned long>(fs.f_type)) {
	case PROC_SUPER_MAGIC:
	case SYSFS_MAGIC:
	case DEVPTS_SUPER_MAGIC:
	case CGROUP_SUPER_MAGIC:
	case CGROUP2_SUPER_MAGIC:
	case DEBUGFS_MAGIC:
	case TRACEFS_MAGIC:
	case SECURITYFS_MAGIC:
	case BPF_FS_MAGIC:
		return true;
	default:
		return false;
	}
}

// One open directory of the depth-first walk; at most max_depth are open at once.
struct Frame {
	DIR *listing;
	std::string path; // image path of the directory ("" = root)
	size_t depth;
};

std::string read_fd(int fd, uint64_t limit, bool &too_big) {
	std::string out;
	char buffer[65536];
	for (;;) {
		ssize_t n = ::read(fd, buffer, sizeof(buffer));
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			break;
		}
		if (out.size() + static_cast<size_t>(n) > limit) {
			too_big = true;
			break;
		}
		out.append(buffer, static_cast<size_t>(n));
	}
	return out;
}

// Feeds a file to `sink` in pieces of `buffer`'s size, from its start.
void stream_fd(int fd, std::vector<char> &buffer, ContentSink &sink) {
	if (::lseek(fd, 0, SEEK_SET) != 0) {
		return;
	}
	for (;;) {
		ssize_t n = ::read(fd, buffer.data(), buffer.size());
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			break;
		}
		sink.feed(std::string_view(buffer.data(), static_cast<size_t>(n)));
	}
}

} // namespace

Result<RootfsView> read_rootfs(const std::string &root, const FileHandlers &handlers, const RootfsOptions &options,
                               std::vector<Warning> &warnings) {
	int root_fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root_fd < 0) {
		return make_error(ErrorCode::io, root + ": cannot open directory: " + std::strerror(errno));
	}
	DIR *root_listing = ::fdopendir(root_fd);
	if (!root_listing) {
		::close(root_fd);
		return make_error(ErrorCode::io, root + ": cannot list directory: " + std::strerror(errno));
	}
	RootfsView out;
	FileView &view = out.view;
	view.begin_layer(0);
	std::vector<Frame> stack {{root_listing, "", 0}};
	size_t entries = 0;
	bool entry_limit_warned = false;
	std::unique_ptr<ContentSink> sink = handlers.content_sink ? handlers.content_sink() : nullptr;
	std::vector<char> stream_buffer(sink ? 256U << 10 : 0);
	while (!stack.empty()) {
		Frame &dir = stack.back();
		dirent *d = ::readdir(dir.listing);
		if (!d) {
			::closedir(dir.listing);
			stack.pop_back();
			continue;
		}
		std::string_view name = d->d_name;
		if (name == "." || name == "..") {
			continue;
		}
		const int parent_fd = dirfd(dir.listing);
		std::string path = dir.path.empty() ? std::string(name) : dir.path + "/" + std::string(name);
		struct stat st {};
		if (::fstatat(parent_fd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			continue;
		}
		if (++entries > options.max_entries) {
			if (!entry_limit_warned) {
				warnings.push_back({WarningKind::limit_reached, root + ": more than " + std::to_string(options.max_entries) +
				                                                    " entries; the rest is not recorded"});
				entry_limit_warned = true;
			}
			continue;
		}
		FileEntry entry;
		entry.path = path;
		entry.mode = st.st_mode & 07777;
		entry.uid = st.st_uid;
		entry.gid = st.st_gid;
		entry.size = static_cast<uint64_t>(st.st_size);
		std::optional<Frame> descend;
		if (S_ISDIR(st.st_mode)) {
			entry.type = FileType::directory;
			int child = ::openat(parent_fd, d->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (child >= 0 && is_pseudo_filesystem(child)) {
				::close(child);
			} else if (child >= 0 && dir.depth + 1 > options.max_depth) {
				warnings.push_back({WarningKind::limit_reached, root + "/" + path + ": deeper than " +
				                                                    std::to_string(options.max_depth) +
				                                                    " levels; not descended"});
				::close(child);
			} else if (child >= 0) {
				if (DIR *listing = ::fdopendir(child)) {
					descend = Frame {listing, path, dir.depth + 1};
				} else {
					::close(child);
				}
			}
		} else if (S_ISLNK(st.st_mode)) {
			entry.type = FileType::symlink;
			std::string target(static_cast<size_t>(st.st_size) + 1, '\0');
			ssize_t n = ::readlinkat(parent_fd, d->d_name, target.data(), target.size());
			entry.link_target = n > 0 ? target.substr(0, static_cast<size_t>(n)) : "";
		} else if (S_ISREG(st.st_mode)) {
			entry.type = FileType::regular;
			const bool capture = handlers.capture(path);
			const bool inspect = handlers.wants_inspection && handlers.wants_inspection(path, entry.size, entry.mode);
			const bool stream = sink && sink->begin(path, entry.size);
			if (capture || inspect || stream) {
				int fd = ::openat(parent_fd, d->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
				if (fd >= 0) {
					bool streamed = false;
					if (capture || inspect) {
						bool too_big = false;
						std::string content = read_fd(fd, options.max_capture_bytes, too_big);
						if (too_big) {
							warnings.push_back({WarningKind::limit_reached,
							                    root + "/" + path + ": larger than the capture limit; not analysed"});
						} else {
							if (inspect) {
								inspect_file(handlers, entry, content, 0, out.inspected, warnings);
							}
							if (stream) {
								sink->feed(content);
								streamed = true;
							}
							if (capture) {
								entry.content = std::make_shared<const std::string>(std::move(content));
							}
						}
					}
					if (stream && !streamed) {
						stream_fd(fd, stream_buffer, *sink);
					}
					::close(fd);
				}
			}
			if (sink) {
				sink->end(out.secrets, warnings);
			}
		} else {
			entry.type = FileType::other;
		}
		view.add(std::move(entry));
		if (descend) {
			stack.push_back(std::move(*descend)); // invalidates `dir`; nothing uses it after this
		}
	}
	return out;
}

} // namespace bulwark
