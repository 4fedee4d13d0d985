// Fuzzes the rpm header parser: the input is one header blob as stored in an rpm database.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analyze/rpm/header.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	auto header = bulwark::rpm::parse_header(std::string_view(reinterpret_cast<const char *>(data), size));
	if (header.ok() && header->name.empty()) {
		__builtin_trap(); // parse_header promises a NAME
	}
	return 0;
}
