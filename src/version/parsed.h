// What every comparator's compare() does: parse both versions, refuse what does not parse
// (naming it), order the rest.
#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace bulwark::version {

// "not an npm version: 'x'" and the like; `kind` is "an npm", "a PEP 440", ...
inline Error not_a_version(std::string_view kind, std::string_view text) {
	return make_error(ErrorCode::invalid_argument, "not " + std::string(kind) + " version: '" + std::string(text) + "'");
}

template <class Parse, class Order>
Result<int> compare_parsed(std::string_view a, std::string_view b, std::string_view kind, Parse parse, Order order) {
	auto va = parse(a);
	if (!va) {
		return not_a_version(kind, a);
	}
	auto vb = parse(b);
	if (!vb) {
		return not_a_version(kind, b);
	}
	return order(*va, *vb);
}

} // namespace bulwark::version
