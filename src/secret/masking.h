// How a secret appears anywhere bulwark writes it: a few leading characters, then "*****".
// The raw secret is never stored in a finding, a warning or an error; this is the only
// function that turns one into text.
#pragma once

#include <string>
#include <string_view>

namespace bulwark::secret {

// Keeps min(4, size/4) leading characters (none of a secret shorter than 4), and only
// printable ASCII ones, so that what is shown is always safe to print and valid UTF-8:
// "ghp_0123456789..." -> "ghp_*****", "hunter22" -> "hu*****".
std::string mask_secret(std::string_view secret);

} // namespace bulwark::secret
