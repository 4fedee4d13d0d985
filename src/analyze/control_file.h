// Reading the line-oriented package databases of untrusted images: the RFC 822-style
// control stanzas of dpkg (`status`, distroless `status.d/*`, deb822 files), and a bounded
// way for every such reader to report the records it had to skip.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/scan_report.h"

namespace bulwark {

// Adds bad_record warnings for one database file, at most `limit` of them; past the limit
// one limit_reached warning says the rest went unreported, so a file of junk cannot flood
// the report.
class RecordWarnings {
public:
	// `source` names the file and layer, e.g. "var/lib/dpkg/status (layer 2)".
	RecordWarnings(std::vector<Warning> &out, std::string source, size_t limit = 50);
	// "<source> line <line>: <reason>", the reason cut at 200 bytes.
	void bad_record(size_t line, std::string_view reason);
	// "<source> <where>: <reason>", for records that are not lines ("components[3]").
	void bad_record(std::string_view where, std::string_view reason);
	size_t count() const {
		return count_;
	}

private:
	std::vector<Warning> &out_;
	std::string source_;
	size_t limit_;
	size_t count_ = 0;
};

struct ControlField {
	std::string name;  // as written
	std::string value; // leading/trailing blanks trimmed; continuation lines joined with '\n'
};

struct ControlStanza {
	size_t line = 0; // 1-based line of the stanza's first field
	std::vector<ControlField> fields;

	// The value of field `name`, compared case-insensitively as dpkg does; nullptr if absent.
	const std::string *find(std::string_view name) const;
};

// Limits that keep one hostile stanza from costing more than a real one ever needs.
inline constexpr size_t kMaxControlFields = 1000;          // real dpkg stanzas have ~30
inline constexpr size_t kMaxControlValueBytes = 1u << 20;  // the largest Conffiles/Description are ~100 KiB

// Splits `text` into stanzas separated by blank lines (or lines of only blanks). CRLF line
// ends are accepted; lines starting with '#' are comments. A stanza that breaks the syntax
// (a line without "Name:", a continuation line with no field before it, a duplicate field,
// a limit above) is skipped with one bad_record warning and parsing goes on with the next.
// What the fields must contain is the caller's business.
std::vector<ControlStanza> parse_control_stanzas(std::string_view text, RecordWarnings &warnings);

// `text` without leading and trailing spaces, tabs, CR and LF.
std::string_view trim_blanks(std::string_view text);

} // namespace bulwark
