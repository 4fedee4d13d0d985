#include "image/blob_store.h"

#include <archive.h>
#include <algorithm>
#include <archive_entry.h>
#include <sys/stat.h>

#include "fs/file_view.h"

namespace bulwark {

Result<std::string> BlobStore::read_small(const std::string &name, size_t limit) const {
	auto source = open(name);
	if (!source.ok()) {
		return source.error();
	}
	return read_all(**source, limit, describe(name));
}

namespace {

class DirectoryStore final : public BlobStore {
public:
	explicit DirectoryStore(std::string root) : root_(std::move(root)) {
	}
	bool exists(const std::string &name) const override {
		struct stat st {};
		return ::stat(full(name).c_str(), &st) == 0 && S_ISREG(st.st_mode);
	}
	Result<std::unique_ptr<ByteSource>> open(const std::string &name) const override {
		return open_file_source(full(name));
	}
	std::string describe(const std::string &name) const override {
		return full(name);
	}

private:
	std::string full(const std::string &name) const {
		return root_ + "/" + normalize_image_path(name);
	}
	std::string root_;
};

struct ArchiveDeleter {
	void operator()(archive *a) const {
		archive_read_free(a);
	}
};
using ArchivePtr = std::unique_ptr<archive, ArchiveDeleter>;

struct Member {
	bool regular = false;
	std::string link_target; // symlink or hard link, normalised
	int64_t size = 0;
};

Result<ArchivePtr> open_outer(const std::string &path) {
	ArchivePtr a(archive_read_new());
	archive_read_support_format_tar(a.get());
	archive_read_support_format_gnutar(a.get());
	archive_read_support_filter_gzip(a.get());
	archive_read_support_filter_zstd(a.get());
	archive_read_support_filter_xz(a.get());
	if (archive_read_open_filename(a.get(), path.c_str(), 1 << 20) != ARCHIVE_OK) {
		std::string why = archive_error_string(a.get()) ? archive_error_string(a.get()) : "cannot open";
		ErrorCode code = why.find("Unrecognized archive format") != std::string::npos ? ErrorCode::unsupported
		                                                                               : ErrorCode::io;
		return make_error(code, path + ": " + why);
	}
	return a;
}

// Streams one member of the outer tar through its own libarchive handle, so several
// layers can be read at once.
class MemberSource final : public ByteSource {
public:
	MemberSource(ArchivePtr a, std::string what) : archive_(std::move(a)), what_(std::move(what)) {
	}
	Result<size_t> read(char *buffer, size_t capacity) override {
		la_ssize_t n = archive_read_data(archive_.get(), buffer, capacity);
		if (n < 0) {
			std::string why = archive_error_string(archive_.get()) ? archive_error_string(archive_.get()) : "read error";
			ErrorCode code = why.find("runcated") != std::string::npos ? ErrorCode::truncated : ErrorCode::corrupt;
			return make_error(code, what_ + ": " + why);
		}
		return static_cast<size_t>(n);
	}

private:
	ArchivePtr archive_;
	std::string what_;
};

class TarStore final : public BlobStore {
public:
	TarStore(std::string path, std::map<std::string, Member> members)
	    : path_(std::move(path)), members_(std::move(members)) {
	}
	bool exists(const std::string &name) const override {
		auto resolved = resolve(name);
		return resolved.ok();
	}
	Result<std::unique_ptr<ByteSource>> open(const std::string &name) const override {
		auto resolved = resolve(name);
		if (!resolved.ok()) {
			return resolved.error();
		}
		auto a = open_outer(path_);
		if (!a.ok()) {
			return a.error();
		}
		archive_entry *e = nullptr;
		for (;;) {
			int rc = archive_read_next_header(a->get(), &e);
			if (rc == ARCHIVE_EOF) {
				return make_error(ErrorCode::missing_blob, describe(name) + ": member vanished");
			}
			if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
				return make_error(ErrorCode::corrupt, path_ + ": " + archive_error_string(a->get()));
			}
			const char *raw = archive_entry_pathname(e);
			if (raw && normalize_image_path(raw) == *resolved) {
				return std::unique_ptr<ByteSource>(std::make_unique<MemberSource>(std::move(*a), describe(name)));
			}
		}
	}
	std::string describe(const std::string &name) const override {
		return path_ + ":" + normalize_image_path(name);
	}

private:
	// Follows member-level symlinks (docker-archive's "<id>/layer.tar" -> "../<diffid>.tar").
	Result<std::string> resolve(const std::string &name) const {
		std::string current = normalize_image_path(name);
		for (int hops = 0; hops < 16; ++hops) {
			auto it = members_.find(current);
			if (it == members_.end()) {
				return make_error(ErrorCode::missing_blob, describe(name) + ": no such member in the archive");
			}
			if (it->second.regular) {
				return current;
			}
			if (it->second.link_target.empty()) {
				return make_error(ErrorCode::missing_blob, describe(name) + ": not a regular file");
			}
			current = it->second.link_target;
		}
		return make_error(ErrorCode::corrupt, describe(name) + ": link loop inside the archive");
	}

	std::string path_;
	std::map<std::string, Member> members_;
};

class MemoryStore final : public BlobStore {
public:
	explicit MemoryStore(std::map<std::string, std::string> blobs) : blobs_(std::move(blobs)) {
	}
	bool exists(const std::string &name) const override {
		return blobs_.count(normalize_image_path(name)) > 0;
	}
	Result<std::unique_ptr<ByteSource>> open(const std::string &name) const override {
		auto it = blobs_.find(normalize_image_path(name));
		if (it == blobs_.end()) {
			return make_error(ErrorCode::missing_blob, describe(name) + ": no such blob");
		}
		return std::unique_ptr<ByteSource>(std::make_unique<SpanSource>(it->second));
	}
	std::string describe(const std::string &name) const override {
		return "memory:" + normalize_image_path(name);
	}

private:
	class SpanSource final : public ByteSource {
	public:
		explicit SpanSource(std::string_view data) : data_(data) {
		}
		Result<size_t> read(char *buffer, size_t capacity) override {
			size_t n = std::min(capacity, data_.size());
			std::copy_n(data_.data(), n, buffer);
			data_.remove_prefix(n);
			return n;
		}

	private:
		std::string_view data_;
	};
	std::map<std::string, std::string> blobs_;
};

} // namespace

std::unique_ptr<BlobStore> make_memory_store(std::map<std::string, std::string> blobs) {
	return std::make_unique<MemoryStore>(std::move(blobs));
}

Result<std::unique_ptr<BlobStore>> open_directory_store(const std::string &dir) {
	struct stat st {};
	if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
		return make_error(ErrorCode::io, dir + ": not a directory");
	}
	return std::unique_ptr<BlobStore>(std::make_unique<DirectoryStore>(dir));
}

Result<std::unique_ptr<BlobStore>> open_tar_store(const std::string &tar_path) {
	auto a = open_outer(tar_path);
	if (!a.ok()) {
		return a.error();
	}
	std::map<std::string, Member> members;
	archive_entry *e = nullptr;
	for (;;) {
		int rc = archive_read_next_header(a->get(), &e);
		if (rc == ARCHIVE_EOF) {
			break;
		}
		if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
			std::string why = archive_error_string(a->get()) ? archive_error_string(a->get()) : "read error";
			ErrorCode code = why.find("runcated") != std::string::npos ? ErrorCode::truncated : ErrorCode::corrupt;
			if (members.empty() && why.find("Unrecognized archive format") != std::string::npos) {
				code = ErrorCode::unsupported;
				why = "not a tar archive, OCI layout or docker-archive";
			}
			return make_error(code, tar_path + ": " + why);
		}
		const char *raw = archive_entry_pathname(e);
		if (!raw) {
			continue;
		}
		std::string name = normalize_image_path(raw);
		Member member;
		member.size = archive_entry_size(e);
		if (const char *hard = archive_entry_hardlink(e)) {
			member.link_target = normalize_image_path(hard);
		} else if (archive_entry_filetype(e) == AE_IFLNK) {
			const char *target = archive_entry_symlink(e);
			std::string base = name.find('/') == std::string::npos ? "" : name.substr(0, name.rfind('/') + 1);
			std::string t = target ? target : "";
			member.link_target = normalize_image_path(!t.empty() && t.front() == '/' ? t : base + t);
		} else {
			member.regular = archive_entry_filetype(e) == AE_IFREG;
		}
		members[name] = std::move(member);
	}
	return std::unique_ptr<BlobStore>(std::make_unique<TarStore>(tar_path, std::move(members)));
}

} // namespace bulwark
