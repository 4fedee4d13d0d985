// Parsing untrusted JSON (manifests, configs, indexes, package manifests) with limits
// checked first: size before parsing, nesting depth while parsing (simdjson).
#pragma once

#include <cstddef>
#include <optional>
#include <simdjson.h>
#include <string>
#include <string_view>

#include "util/result.h"

namespace bulwark {

struct JsonLimits {
	size_t max_bytes = 8U << 20;
	size_t max_depth = 64;
};

// `what` names the document in errors ("manifest sha256:...").
Result<simdjson::dom::element> parse_json(simdjson::dom::parser &parser, const std::string &bytes,
                                          const JsonLimits &limits, const std::string &what);

// Field accessors that treat a missing or mistyped field as absent.
std::optional<std::string_view> json_string(simdjson::dom::element object, std::string_view key);
std::optional<int64_t> json_int(simdjson::dom::element object, std::string_view key);
std::optional<simdjson::dom::array> json_array(simdjson::dom::element object, std::string_view key);
std::optional<simdjson::dom::object> json_object(simdjson::dom::element object, std::string_view key);

} // namespace bulwark
