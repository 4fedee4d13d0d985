#include "image/byte_source.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace bulwark {

namespace {

class FileSource final : public ByteSource {
public:
	FileSource(int fd, std::string path) : fd_(fd), path_(std::move(path)) {
	}
	~FileSource() override {
		::close(fd_);
	}
	FileSource(const FileSource &) = delete;
	FileSource &operator=(const FileSource &) = delete;

	Result<size_t> read(char *buffer, size_t capacity) override {
		for (;;) {
			ssize_t n = ::read(fd_, buffer, capacity);
			if (n >= 0) {
				return static_cast<size_t>(n);
			}
			if (errno != EINTR) {
				return make_error(ErrorCode::io, path_ + ": read failed: " + std::strerror(errno));
			}
		}
	}

private:
	int fd_;
	std::string path_;
};

} // namespace

Result<std::string> read_all(ByteSource &source, size_t limit, const std::string &what) {
	std::string out;
	char buffer[65536];
	for (;;) {
		auto n = source.read(buffer, sizeof(buffer));
		if (!n.ok()) {
			return n.error();
		}
		if (*n == 0) {
			return out;
		}
		if (out.size() + *n > limit) {
			return make_error(ErrorCode::limit_exceeded,
			                  what + ": larger than the limit of " + std::to_string(limit) + " bytes");
		}
		out.append(buffer, *n);
	}
}

Result<std::unique_ptr<ByteSource>> open_file_source(const std::string &path) {
	int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;
		return make_error(err == ENOENT ? ErrorCode::missing_blob : ErrorCode::io,
		                  path + ": cannot open: " + std::strerror(err));
	}
	return std::unique_ptr<ByteSource>(std::make_unique<FileSource>(fd, path));
}

} // namespace bulwark
