#include "util/zip_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <array>

namespace bulwark {

namespace {

std::string archive_message(archive *a) {
	const char *message = archive_error_string(a);
	return message ? message : "unknown libarchive error";
}

} // namespace

void ZipReader::ArchiveCloser::operator()(archive *a) const {
	archive_read_free(a);
}

ZipReader::ZipReader(std::string_view bytes, size_t max_entries)
    : archive_(archive_read_new()), max_entries_(max_entries) {
	if (supports_zip_only() && archive_read_open_memory(archive_.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
		open_error_ = make_error(ErrorCode::corrupt, "not a readable zip archive: " + archive_message(archive_.get()));
	}
}

ZipReader::ZipReader(const ZipFile &file, size_t max_entries)
    : archive_(archive_read_new()), max_entries_(max_entries) {
	if (supports_zip_only() && archive_read_open_filename(archive_.get(), file.path.c_str(), 1 << 20) != ARCHIVE_OK) {
		open_error_ = make_error(ErrorCode::corrupt,
		                         file.path + ": not a readable zip archive: " + archive_message(archive_.get()));
	}
}

bool ZipReader::supports_zip_only() {
	if (!archive_) {
		open_error_ = make_error(ErrorCode::internal, "libarchive could not allocate a reader");
		return false;
	}
	// Only the seekable zip reader, which trusts the central directory as Java does: the
	// streaming one would have to inflate every skipped entry written with a data
	// descriptor to find where it ends (a bomb costs CPU even when nobody reads it), and a
	// jar must not be read as some other format that happens to sit in it.
	if (archive_read_support_format_zip_seekable(archive_.get()) != ARCHIVE_OK) {
		open_error_ = make_error(ErrorCode::internal, "libarchive has no seekable zip reader");
		return false;
	}
	return true;
}

ZipReader::~ZipReader() = default;

Result<bool> ZipReader::next() {
	if (open_error_) {
		return *open_error_;
	}
	for (;;) {
		archive_entry *entry = nullptr;
		const int rc = archive_read_next_header(archive_.get(), &entry);
		if (rc == ARCHIVE_EOF) {
			return false;
		}
		if (rc < ARCHIVE_WARN) {
			return make_error(ErrorCode::corrupt, "zip entry " + std::to_string(entries_seen_ + 1) + ": " +
			                                          archive_message(archive_.get()));
		}
		if (++entries_seen_ > max_entries_) {
			return make_error(ErrorCode::limit_exceeded,
			                  "more than " + std::to_string(max_entries_) + " zip entries; the rest are not read");
		}
		const char *pathname = archive_entry_pathname(entry);
		if (archive_entry_filetype(entry) != AE_IFREG || pathname == nullptr) {
			continue;
		}
		name_ = pathname;
		declared_size_.reset();
		if (archive_entry_size_is_set(entry) && archive_entry_size(entry) >= 0) {
			declared_size_ = static_cast<uint64_t>(archive_entry_size(entry));
		}
		return true;
	}
}

Result<std::string> ZipReader::read(uint64_t limit) {
	const auto too_large = [&] {
		return make_error(ErrorCode::limit_exceeded,
		                  "zip entry " + name_ + " is larger than " + std::to_string(limit) + " bytes; not read");
	};
	if (declared_size_ && *declared_size_ > limit) {
		return too_large();
	}
	std::string content;
	std::array<char, 64 * 1024> buffer;
	for (;;) {
		const la_ssize_t n = archive_read_data(archive_.get(), buffer.data(), buffer.size());
		if (n == 0) {
			return content;
		}
		if (n < 0) {
			return make_error(ErrorCode::corrupt, "zip entry " + name_ + ": " + archive_message(archive_.get()));
		}
		if (static_cast<uint64_t>(n) > limit - content.size()) {
			return too_large();
		}
		content.append(buffer.data(), static_cast<size_t>(n));
	}
}

} // namespace bulwark
