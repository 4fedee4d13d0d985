// The rpm header as rpm stores it in its databases (sqlite, Berkeley DB, ndb): no lead and
// no 8-byte header magic, just
//   be32 index_count | be32 data_size | index_count x {be32 tag, type, offset, count} | data
// The installed-package fields bulwark needs are decoded from untrusted bytes: every
// offset and count is checked against the data store, and sizes are checked before
// anything is allocated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace bulwark::rpm {

struct RpmHeader {
	std::string name;
	std::string version;
	std::string release;
	// Optional tags stay nullopt when absent (rpm prints "(none)"), which differs from a
	// tag that is present but empty. EPOCH 0 is a real value.
	std::optional<uint32_t> epoch;
	std::optional<std::string> arch;
	std::optional<std::string> source_rpm; // "name-version-release.src.rpm"
	std::optional<std::string> license;
	std::optional<std::string> vendor;
	std::optional<std::string> packager;
	std::optional<std::string> modularity_label;
	// Absolute paths as rpm -ql prints them: DIRNAMES[DIRINDEXES[i]] + BASENAMES[i], or
	// OLDFILENAMES in headers from before rpm 4.
	std::vector<std::string> files;
};

// rpm's own limits (HEADER_TAGS_MAX, HEADER_DATA_MAX); bigger headers are refused.
inline constexpr uint32_t max_header_index_count = 0xffff;
inline constexpr uint32_t max_header_data_size = 0x0fffffff;

// Decodes one header blob. NAME, VERSION and RELEASE are required; every other tag is
// optional. Errors: truncated (blob shorter than its sizes say), corrupt (bad entry type,
// offset, count, missing NUL, a DIRINDEXES value out of range, trailing bytes),
// limit_exceeded (index count, data size or file-list size over the limits).
Result<RpmHeader> parse_header(std::string_view blob);

} // namespace bulwark::rpm
