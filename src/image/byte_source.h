// A forward-only stream of bytes (a blob in a directory or inside an outer tar).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "util/result.h"

namespace bulwark {

class ByteSource {
public:
	virtual ~ByteSource() = default;
	// Reads up to `capacity` bytes; returns 0 at the end of the stream.
	virtual Result<size_t> read(char *buffer, size_t capacity) = 0;
};

// Reads a whole source into memory, refusing more than `limit` bytes.
Result<std::string> read_all(ByteSource &source, size_t limit, const std::string &what);

// A regular file on the host, opened read-only.
Result<std::unique_ptr<ByteSource>> open_file_source(const std::string &path);

} // namespace bulwark
