// `bulwark version-compare --ecosystem E`: lines "a<TAB>b" in, -1/0/1 (or "error: ...") out.
#pragma once

#include <istream>
#include <ostream>
#include <string_view>

#include "util/result.h"

namespace bulwark {

// Returns how many lines were errors; fails only for an unknown ecosystem.
Result<size_t> compare_version_lines(std::string_view ecosystem, std::istream &in, std::ostream &out);

} // namespace bulwark
