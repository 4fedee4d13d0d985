// Fuzzes the CVSS vector parser (vulndb/cvss): any input is refused or scored, and a score
// is a multiple of 0.1 in [0, 10] with the severity its version gives it.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "vulndb/cvss.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	const std::string_view input(reinterpret_cast<const char *>(data), size);
	auto parsed = bulwark::vulndb::parse_cvss(input);
	if (parsed) {
		const double score = parsed->score;
		if (!(score >= 0 && score <= 10) || score != std::round(score * 10) / 10 ||
		    parsed->severity != bulwark::vulndb::severity_from_score(score, parsed->version)) {
			__builtin_trap();
		}
	}
	return 0;
}
