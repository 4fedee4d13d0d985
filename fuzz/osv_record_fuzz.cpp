// Fuzzes the OSV importer on one record: the input as a JSON file, and as a YAML file
// (the YAML-to-JSON conversion, then the same record reader), and as a zip when it is one.
#include <cstddef>
#include <cstdint>

#include "vulndb_fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	bulwark::vulndb::fuzzing::import_bytes("osv", data, size, "record.json");
	bulwark::vulndb::fuzzing::import_bytes("osv", data, size, "record.yaml");
	return 0;
}
