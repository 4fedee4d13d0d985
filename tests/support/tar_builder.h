// Builds tar archives in memory with libarchive's writer (a real tar implementation), for
// tests of the layer walker and image sources.
#pragma once

#include <string>
#include <vector>

#include "image/byte_source.h"

namespace bulwark::testing {

struct TarMember {
	std::string name;
	std::string content;
	char type = '0'; // '0' file, '5' dir, '2' symlink, '1' hard link
	std::string link;
	unsigned mode = 0644;
};

enum class TarCompression { none, gzip, zstd };

std::string make_tar(const std::vector<TarMember> &members, TarCompression compression = TarCompression::none);
std::string gzip_bytes(const std::string &data);

// A ByteSource over a string, read in small uneven chunks to exercise buffering.
std::unique_ptr<ByteSource> string_source(std::string data);

} // namespace bulwark::testing
