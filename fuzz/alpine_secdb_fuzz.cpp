// Fuzzes the Alpine secdb importer on one branch file, as JSON and as YAML.
#include <cstddef>
#include <cstdint>

#include "vulndb_fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	bulwark::vulndb::fuzzing::import_bytes("alpine", data, size, "main.json");
	bulwark::vulndb::fuzzing::import_bytes("alpine", data, size, "main.yaml");
	return 0;
}
