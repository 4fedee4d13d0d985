// Fuzzes the Debian tracker importer: the member-by-member reader of the one large JSON
// object, then each source package's CVEs and releases.
#include <cstddef>
#include <cstdint>

#include "vulndb_fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	bulwark::vulndb::fuzzing::import_bytes("debian", data, size, "tracker.json");
	return 0;
}
