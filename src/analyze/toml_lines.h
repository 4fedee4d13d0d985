// Reading the TOML lockfiles tools write (Cargo.lock, poetry.lock, uv.lock) line by line,
// never as general TOML: each tool writes one `key = value` per line, arrays of tables as
// `[[name]]` headers in column 0 and long arrays spread over lines. An inventory needs only
// a few string keys of each `[[package]]`, so no recursion and no document tree: hostile
// nesting cannot exhaust the stack, and memory is the size of the keys kept.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/control_file.h"

namespace bulwark {

// One `[[name]]` table: the line of its header and its own `key = value` lines, values as
// written (trimmed). Sub-tables (`[name.dependencies]`) and other tables end it; lines of
// a multi-line array belong to the key that opened it and are not keys themselves.
struct TomlTable {
	size_t line = 0;
	std::map<std::string, std::string_view, std::less<>> values;

	// The value of `key` if it is a basic ("...") or literal ('...') string.
	std::optional<std::string> string(std::string_view key) const;
};

// Every `[[name]]` table of `text`, at most `max_tables`; past that one bad_record warning
// says the rest were ignored. The views point into `text`.
std::vector<TomlTable> toml_array_tables(std::string_view text, std::string_view name, size_t max_tables,
                                         RecordWarnings &warnings);

// A TOML basic string `"..."` (escapes \" \\ \t \n resolved; \uXXXX kept as written) or
// literal string `'...'`; nullopt if `value` does not start with one.
std::optional<std::string> toml_string(std::string_view value);

// The strings of a one-line array `["a", "b"]`; nullopt when `value` is not one.
std::optional<std::vector<std::string>> toml_string_array(std::string_view value);

// The string value of `key` in a one-line inline table `{ a = "x", b = "y" }`; nullopt when
// absent or not a string.
std::optional<std::string> toml_inline_string(std::string_view value, std::string_view key);

} // namespace bulwark
