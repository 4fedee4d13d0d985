#include "secret/entropy.h"

#include <array>
#include <cmath>
#include <cstdint>

namespace bulwark::secret {

double shannon_entropy(std::string_view bytes) {
	if (bytes.empty()) {
		return 0;
	}
	std::array<uint32_t, 256> counts {};
	for (unsigned char c : bytes) {
		++counts[c];
	}
	const double n = static_cast<double>(bytes.size());
	double bits = 0;
	for (uint32_t count : counts) {
		if (count) {
			const double p = count / n;
			bits -= p * std::log2(p);
		}
	}
	return bits;
}

} // namespace bulwark::secret
