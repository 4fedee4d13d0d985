#include "support/tar_builder.h"

#include <archive.h>
#include <archive_entry.h>
#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace bulwark::testing {

namespace {

la_ssize_t append_callback(archive *, void *client, const void *buffer, size_t length) {
	static_cast<std::string *>(client)->append(static_cast<const char *>(buffer), length);
	return static_cast<la_ssize_t>(length);
}

class StringSource final : public ByteSource {
public:
	explicit StringSource(std::string data) : data_(std::move(data)) {
	}
	Result<size_t> read(char *buffer, size_t capacity) override {
		size_t n = std::min({capacity, data_.size() - pos_, chunk_});
		std::memcpy(buffer, data_.data() + pos_, n);
		pos_ += n;
		chunk_ = chunk_ == 4093 ? 65536 : 4093; // alternate odd and large reads
		return n;
	}

private:
	std::string data_;
	size_t pos_ = 0;
	size_t chunk_ = 4093;
};

} // namespace

std::string make_tar(const std::vector<TarMember> &members, TarCompression compression) {
	std::string out;
	archive *a = archive_write_new();
	archive_write_set_format_gnutar(a);
	if (compression == TarCompression::gzip) {
		archive_write_add_filter_gzip(a);
	} else if (compression == TarCompression::zstd) {
		archive_write_add_filter_zstd(a);
	}
	archive_write_set_bytes_in_last_block(a, 1);
	if (archive_write_open(a, &out, nullptr, append_callback, nullptr) != ARCHIVE_OK) {
		throw std::runtime_error(archive_error_string(a));
	}
	for (const auto &m : members) {
		archive_entry *e = archive_entry_new();
		archive_entry_copy_pathname(e, m.name.c_str());
		archive_entry_set_perm(e, m.mode);
		switch (m.type) {
		case '5':
			archive_entry_set_filetype(e, AE_IFDIR);
			break;
		case '2':
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_copy_symlink(e, m.link.c_str());
			break;
		case '1':
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_copy_hardlink(e, m.link.c_str());
			break;
		default:
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_size(e, static_cast<la_int64_t>(m.content.size()));
		}
		archive_write_header(a, e);
		if (m.type == '0') {
			archive_write_data(a, m.content.data(), m.content.size());
		}
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
	return out;
}

std::string gzip_bytes(const std::string &data) {
	std::string out;
	archive *a = archive_write_new();
	archive_write_set_format_raw(a);
	archive_write_add_filter_gzip(a);
	archive_write_set_bytes_in_last_block(a, 1);
	archive_write_open(a, &out, nullptr, append_callback, nullptr);
	archive_entry *e = archive_entry_new();
	archive_entry_set_filetype(e, AE_IFREG);
	archive_write_header(a, e);
	archive_write_data(a, data.data(), data.size());
	archive_entry_free(e);
	archive_write_close(a);
	archive_write_free(a);
	return out;
}

std::unique_ptr<ByteSource> string_source(std::string data) {
	return std::make_unique<StringSource>(std::move(data));
}

} // namespace bulwark::testing
