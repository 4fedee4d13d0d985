// Fuzzes the SBOM reader: the input as a CycloneDX or SPDX JSON document (format detection,
// both format readers, purl interpretation, OS and layer resolution).
#include <cstddef>
#include <cstdint>
#include <string>

#include "sbom/sbom_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	const std::string input(reinterpret_cast<const char *>(data), size);
	auto report = bulwark::read_sbom_bytes(input, "fuzz.json", bulwark::JsonLimits {});
	(void)report;
	return 0;
}
