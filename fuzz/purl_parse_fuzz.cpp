// Fuzzes parse_purl, differentially: whatever parses must format, and the canonical form
// must parse back into the same components (format_purl and parse_purl are inverses on
// parse_purl's output).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "report/purl.h"

namespace {

bool same(const bulwark::PurlComponents &a, const bulwark::PurlComponents &b) {
	return a.type == b.type && a.namespace_ == b.namespace_ && a.name == b.name && a.version == b.version &&
	       a.qualifiers == b.qualifiers && a.subpath == b.subpath;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	const auto parsed = bulwark::parse_purl(std::string_view(reinterpret_cast<const char *>(data), size));
	if (!parsed.ok()) {
		return 0;
	}
	const auto canonical = bulwark::format_purl(parsed.value());
	if (!canonical.ok()) {
		__builtin_trap();
	}
	const auto again = bulwark::parse_purl(canonical.value());
	if (!again.ok() || !same(again.value(), parsed.value())) {
		__builtin_trap();
	}
	return 0;
}
