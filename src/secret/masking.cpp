#include "secret/masking.h"

#include <algorithm>

namespace bulwark::secret {

std::string mask_secret(std::string_view secret) {
	const size_t keep = std::min<size_t>(4, secret.size() / 4);
	std::string out;
	for (size_t i = 0; i < keep; ++i) {
		const unsigned char c = static_cast<unsigned char>(secret[i]);
		if (c < 0x21 || c > 0x7e) {
			break;
		}
		out += static_cast<char>(c);
	}
	return out + "*****";
}

} // namespace bulwark::secret
