// Shannon entropy of a byte string, in bits per byte (0 for "aaaa", 4 for 16 equally used
// symbols): rules with an entropy floor drop low-variety matches such as "xxxxxxxx".
#pragma once

#include <string_view>

namespace bulwark::secret {

double shannon_entropy(std::string_view bytes);

} // namespace bulwark::secret
