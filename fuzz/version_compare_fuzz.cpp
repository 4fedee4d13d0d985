// Fuzzes every registered version comparator. The input is "a<TAB>b" (without a tab, its
// two halves). For each ecosystem: compare(a, b) and compare(b, a) must both succeed or both
// fail, and be opposite (antisymmetry); a version accepted must equal itself; and
// satisfies(a, b) (b read as a constraint) must return where the ecosystem has constraints.
// A violation abort()s so libFuzzer keeps the input.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "version/version.h"

namespace {

[[noreturn]] void violated(const std::string &ecosystem, const char *what) {
	std::fprintf(stderr, "%s comparator: %s\n", ecosystem.c_str(), what);
	std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	std::string_view input(reinterpret_cast<const char *>(data), size);
	size_t tab = input.find('\t');
	std::string_view a = tab == std::string_view::npos ? input.substr(0, size / 2) : input.substr(0, tab);
	std::string_view b = tab == std::string_view::npos ? input.substr(size / 2) : input.substr(tab + 1);
	for (const std::string &ecosystem : bulwark::version::ecosystems()) {
		const bulwark::version::Comparator &comparator = *bulwark::version::comparator_for(ecosystem);
		auto forward = comparator.compare(a, b);
		auto backward = comparator.compare(b, a);
		if (forward.ok() != backward.ok()) {
			violated(ecosystem, "compare(a, b) and compare(b, a) disagree on validity");
		}
		if (forward.ok() && forward.value() != -backward.value()) {
			violated(ecosystem, "compare(a, b) != -compare(b, a)");
		}
		if (forward.ok() && (forward.value() < -1 || forward.value() > 1)) {
			violated(ecosystem, "compare returned something other than -1, 0, 1");
		}
		for (std::string_view v : {a, b}) {
			auto self = comparator.compare(v, v);
			if (self.ok() && self.value() != 0) {
				violated(ecosystem, "compare(v, v) != 0");
			}
		}
		(void)comparator.satisfies(a, b);
	}
	return 0;
}
