// The compact byte encoding the store keeps advisories in: strings as LEB128 length + bytes,
// lists as LEB128 count + items, no field names. Blobs start with one format byte: raw, or
// zstd-compressed (used when it saves bytes; advisory text and long version lists compress
// well, short rows do not). Decoding checks every length against the bytes left and reports
// damage as `corrupt`, so a damaged database file is an error, never a crash.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"
#include "vulndb/advisory.h"

namespace bulwark::vulndb {

// Everything of an advisory except id, source and affected (the store keeps those apart).
std::string encode_advisory_body(const Advisory &advisory);
Status decode_advisory_body(std::string_view bytes, Advisory &advisory);

// The affected entries of one advisory for one (ecosystem, release, name), without those
// three fields (they are the row's key).
std::string encode_affected(const std::vector<AffectedPackage> &entries);
Status decode_affected(std::string_view bytes, std::vector<AffectedPackage> &entries);

// zstd contexts, kept per writer and per reader so that each blob does not allocate them.
class BlobCodec {
public:
	BlobCodec();
	~BlobCodec();
	BlobCodec(const BlobCodec &) = delete;
	BlobCodec &operator=(const BlobCodec &) = delete;

	// `raw` with its format byte, compressed when that is smaller.
	std::string pack(std::string_view raw);
	// The raw bytes of a packed blob; the view is valid until the next unpack().
	Result<std::string_view> unpack(std::string_view blob);

private:
	struct Contexts;
	std::unique_ptr<Contexts> contexts_;
	std::string buffer_;
};

} // namespace bulwark::vulndb
