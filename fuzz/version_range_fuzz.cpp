// Fuzzes every registered version comparator: the input splits at its first tab into a
// version and a constraint; compare() and satisfies() run on them (and on the version
// against itself) and must return, never crash or hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "version/version.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	std::string_view input(reinterpret_cast<const char *>(data), size);
	size_t tab = input.find('\t');
	std::string_view version = input.substr(0, tab);
	std::string_view constraint = tab == std::string_view::npos ? std::string_view() : input.substr(tab + 1);
	for (const auto &ecosystem : bulwark::version::ecosystems()) {
		const auto *comparator = bulwark::version::comparator_for(ecosystem);
		(void)comparator->compare(version, constraint);
		(void)comparator->compare(version, version);
		(void)comparator->satisfies(version, constraint);
	}
	return 0;
}
