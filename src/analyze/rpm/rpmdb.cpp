#include "analyze/rpm/rpmdb.h"

namespace bulwark::rpm {

Result<RpmDbBlobs> read_rpmdb_blobs(std::string_view bytes) {
	if (bytes.starts_with(std::string_view("SQLite format 3\0", 16))) {
		return read_sqlite_blobs(bytes);
	}
	if (bytes.starts_with("RpmP")) {
		return read_ndb_blobs(bytes);
	}
	return read_bdb_blobs(bytes);
}

} // namespace bulwark::rpm
