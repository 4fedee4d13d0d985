// Readers of the three rpm database containers. Each takes the whole database file as
// bytes (as captured from an image layer; nothing is opened on the host) and returns the
// rpm header blobs it holds, for parse_header (header.h). A container that cannot be read
// at all is an error; a single record that cannot be read is skipped and its reason kept,
// so the caller can report it and go on.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace bulwark::rpm {

struct RpmDbBlobs {
	std::vector<std::string> blobs;   // header blobs, in database order
	std::vector<std::string> skipped; // one reason per record left out
};

// rpmdb.sqlite (rpm >= 4.16): the `blob` column of table Packages. The bytes are
// deserialised into a read-only in-memory SQLite database; a WAL-mode header is read as
// rollback mode (the -wal file is not part of the input).
Result<RpmDbBlobs> read_sqlite_blobs(std::string_view bytes);

// Packages (Berkeley DB hash database, either byte order, 512 B to 64 KiB pages, optional
// page checksums which are not verified). Values are the data items of hash pages,
// inline or on overflow-page chains. Btree, encrypted and off-page-duplicate databases
// are `unsupported`.
Result<RpmDbBlobs> read_bdb_blobs(std::string_view bytes);

// Packages.db (rpm's ndb backend): slot pages naming blobs framed by "BlbS" heads and
// "BlbE" tails, read in block order as rpm lists them. As rpm does on read, the
// adler32 of each blob is not verified; the framing (magics, index, lengths) is.
Result<RpmDbBlobs> read_ndb_blobs(std::string_view bytes);

// Picks the reader by magic bytes (SQLite, ndb, else Berkeley DB, which checks its own),
// so a database is read by what it is, not by what its file is called.
Result<RpmDbBlobs> read_rpmdb_blobs(std::string_view bytes);

} // namespace bulwark::rpm
