// The compact byte encoding the store keeps advisories in: strings as LEB128 length + bytes,
// lists as LEB128 count + items, no field names (blob_codec.h compresses what this makes).
// Decoding checks every length against the bytes left and reports damage as `corrupt`, so a
// damaged database file is an error, never a crash.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"
#include "vulndb/advisory.h"

namespace bulwark::vulndb {

// One row of `affected`: the entry (without ecosystem, release and name: they are the row's
// key) and what matching needs of its advisory (source, id, aliases, dates, CVSS,
// severity), so that a lookup reads one range of one table and nothing else.
std::string encode_affected_row(int64_t source, const Advisory &advisory, const AffectedPackage &entry);
Status decode_affected_row(std::string_view bytes, int64_t &source, Advisory &advisory, AffectedPackage &entry);

// The advisory's text (summary, details, references), read only for what a scan reports.
std::string encode_advisory_text(const Advisory &advisory);
Status decode_advisory_text(std::string_view bytes, Advisory &advisory);

} // namespace bulwark::vulndb
