// Fuzzes the rpm database reader for an rpmdb.sqlite file, then the header parser on every blob it
// returns, as the rpm analyzer would.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analyze/rpm/header.h"
#include "analyze/rpm/rpmdb.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	auto blobs = bulwark::rpm::read_sqlite_blobs(std::string_view(reinterpret_cast<const char *>(data), size));
	if (blobs.ok()) {
		for (const auto &blob : blobs->blobs) {
			(void)bulwark::rpm::parse_header(blob);
		}
	}
	return 0;
}
