// Reads the members of a zip archive (jar, war, ear, ...) held in memory, through
// libarchive's seekable zip reader: the central directory names the entries and their
// sizes, so entries nobody reads are skipped without being inflated, and entries written
// with data descriptors (sizes after the data, as `jar` and streaming writers do) are
// handled. An archive without a readable central directory (truncated) is an error, as it
// is for the JVM. Nothing is written anywhere; entry names are only compared, never used as paths.
//
// Hostile input: every read is capped by the caller's limit (an entry that inflates past
// it is a limit_exceeded error, whatever size the directory claims), the number of entries
// is capped, and structural damage is reported as corrupt/truncated instead of thrown.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.h"

struct archive;

namespace bulwark {

// A zip archive on disk, read in place (seeking to the central directory) rather than
// loaded whole: the public advisory dumps are hundreds of megabytes.
struct ZipFile {
	std::string path;
};

class ZipReader {
public:
	// `bytes` must outlive the reader. At most `max_entries` entries are visited.
	ZipReader(std::string_view bytes, size_t max_entries);
	ZipReader(const ZipFile &file, size_t max_entries);
	~ZipReader();
	ZipReader(const ZipReader &) = delete;
	ZipReader &operator=(const ZipReader &) = delete;

	// Moves to the next regular-file entry (directories are passed over): true when there
	// is one, false at the end; an error when the archive is unreadable or has more
	// entries than allowed.
	Result<bool> next();
	// The current entry's name as stored ("META-INF/MANIFEST.MF").
	const std::string &name() const {
		return name_;
	}
	// The uncompressed size the archive declares for the current entry, when it does.
	std::optional<uint64_t> declared_size() const {
		return declared_size_;
	}
	// The current entry's content; limit_exceeded when it is longer than `limit` bytes
	// (checked against the declared size first and against the bytes inflated as they come).
	Result<std::string> read(uint64_t limit);

private:
	bool supports_zip_only();

	struct ArchiveCloser {
		void operator()(archive *a) const;
	};
	std::unique_ptr<archive, ArchiveCloser> archive_;
	std::optional<Error> open_error_;
	size_t max_entries_ = 0;
	size_t entries_seen_ = 0;
	std::string name_;
	std::optional<uint64_t> declared_size_;
};

} // namespace bulwark
