// The TOML that advisory front matter is written in (RustSec's ```toml block): tables,
// `key = value` with bare, quoted and dotted keys, basic/literal strings (one-line and
// multi-line, escapes resolved), arrays over several lines with comments and trailing
// commas. Values bulwark does not read (numbers, dates, booleans, inline tables, nested
// arrays) are checked for balance and skipped, not interpreted. No recursion deeper than
// `max_depth`; malformed text is a malformed_json error naming the line.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace bulwark::vulndb {

struct TomlValue {
	bool is_string = false;
	bool is_string_array = false; // every item a string (an empty array counts)
	std::string string;
	std::vector<std::string> strings;
};

// table name ("advisory", "affected.functions"; "" for keys before any header) → key → value
using TomlTables = std::map<std::string, std::map<std::string, TomlValue>>;

Result<TomlTables> read_toml_subset(std::string_view text, size_t max_depth);

} // namespace bulwark::vulndb
