// Reading untrusted YAML (advisory databases written in YAML: PyPA's OSV records, Alpine's
// secdb, ruby-advisory-db) by turning one document into JSON text, so that the rest of the
// reader is the same simdjson code that reads the JSON form of each format.
//
// Scalars become JSON strings exactly as written (YAML 1.1 typing is not applied: `0.10`
// stays "0.10", `2019-09-11` stays a string), except plain `null`, `~` and empty scalars,
// which become JSON null. Limits are checked first (size) and while converting (nesting
// depth, and the size of the JSON produced, which bounds alias expansion: a "billion laughs"
// document stops at the limit instead of expanding).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "util/result.h"

namespace bulwark {

struct YamlLimits {
	size_t max_bytes = 8U << 20;     // the YAML text, and the JSON made from it
	size_t max_depth = 64;
};

// The first document of `text` as JSON; `what` names it in errors. Map keys must be
// scalars. Errors: limit_exceeded, or malformed_json for YAML that does not parse.
Result<std::string> yaml_to_json(std::string_view text, const YamlLimits &limits, const std::string &what);

// `text` as a JSON string literal, quotes included.
void append_json_string(std::string &out, std::string_view text);

} // namespace bulwark
