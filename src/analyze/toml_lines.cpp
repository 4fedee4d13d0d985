#include "analyze/toml_lines.h"

#include "util/lines.h"

namespace bulwark {

namespace {

// Reads the string starting at text[pos] (a quote) and moves pos past its closing quote.
std::optional<std::string> read_string(std::string_view text, size_t &pos) {
	if (pos >= text.size() || (text[pos] != '"' && text[pos] != '\'')) {
		return std::nullopt;
	}
	const char quote = text[pos];
	std::string out;
	for (size_t i = pos + 1; i < text.size(); ++i) {
		const char c = text[i];
		if (c == quote) {
			pos = i + 1;
			return out;
		}
		if (c != '\\' || quote == '\'') {
			out += c;
			continue;
		}
		if (++i == text.size()) {
			return std::nullopt;
		}
		switch (text[i]) {
		case 't':
			out += '\t';
			break;
		case 'n':
			out += '\n';
			break;
		case 'u':
		case 'U':
			out += '\\';
			out += text[i];
			break;
		default:
			out += text[i];
			break;
		}
	}
	return std::nullopt; // unterminated
}

void skip_blanks(std::string_view text, size_t &pos, std::string_view also = {}) {
	while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || also.find(text[pos]) != std::string_view::npos)) {
		++pos;
	}
}

// How many arrays/inline tables `text` leaves open (negative when it closes more), strings
// and a trailing comment skipped; an unterminated string ends the line.
long bracket_balance(std::string_view text) {
	long depth = 0;
	for (size_t i = 0; i < text.size();) {
		const char c = text[i];
		if (c == '"' || c == '\'') {
			if (!read_string(text, i)) {
				return depth;
			}
			continue;
		}
		if (c == '#') {
			break;
		}
		depth += (c == '[' || c == '{') ? 1 : (c == ']' || c == '}') ? -1 : 0;
		++i;
	}
	return depth;
}

} // namespace

std::optional<std::string> toml_string(std::string_view value) {
	size_t pos = 0;
	return read_string(value, pos);
}

std::optional<std::string> TomlTable::string(std::string_view key) const {
	auto it = values.find(key);
	return it == values.end() ? std::nullopt : toml_string(it->second);
}

std::optional<std::vector<std::string>> toml_string_array(std::string_view value) {
	if (value.empty() || value.front() != '[') {
		return std::nullopt;
	}
	std::vector<std::string> items;
	size_t pos = 1;
	while (true) {
		skip_blanks(value, pos, ",");
		if (pos < value.size() && value[pos] == ']') {
			return items;
		}
		auto item = read_string(value, pos);
		if (!item) {
			return std::nullopt;
		}
		items.push_back(std::move(*item));
	}
}

std::optional<std::string> toml_inline_string(std::string_view value, std::string_view key) {
	if (value.empty() || value.front() != '{') {
		return std::nullopt;
	}
	size_t pos = 1;
	while (true) {
		skip_blanks(value, pos, ",");
		const auto equals = value.find('=', pos);
		if (pos >= value.size() || value[pos] == '}' || equals == std::string_view::npos) {
			return std::nullopt;
		}
		const auto this_key = trim_blanks(value.substr(pos, equals - pos));
		pos = equals + 1;
		skip_blanks(value, pos);
		if (auto text = read_string(value, pos)) {
			if (this_key == key) {
				return text;
			}
			continue;
		}
		// A number, boolean or nested value: skip to the ',' or '}' that ends it.
		long depth = 0;
		for (; pos < value.size() && !(depth == 0 && (value[pos] == ',' || value[pos] == '}')); ++pos) {
			depth += (value[pos] == '[' || value[pos] == '{') ? 1 : (value[pos] == ']' || value[pos] == '}') ? -1 : 0;
		}
	}
}

std::vector<TomlTable> toml_array_tables(std::string_view text, std::string_view name, size_t max_tables,
                                         RecordWarnings &warnings) {
	const std::string header = "[[" + std::string(name) + "]]";
	std::vector<TomlTable> tables;
	bool in_table = false;
	long open_brackets = 0; // of a multi-line array still open
	LineReader lines(text);
	std::string_view raw;
	while (lines.next(raw)) {
		const auto line = trim_blanks(raw);
		if (open_brackets > 0) {
			open_brackets += bracket_balance(line);
			continue;
		}
		if (line.empty() || line.front() == '#') {
			continue;
		}
		if (raw.front() == '[') { // a table header starts in column 0
			in_table = line == header;
			if (in_table && tables.size() == max_tables) {
				warnings.bad_record(lines.line_number(),
				                    "more than " + std::to_string(max_tables) + " " + header + " tables; the rest ignored");
				break;
			}
			if (in_table) {
				tables.emplace_back().line = lines.line_number();
			}
			continue;
		}
		const auto equals = line.find('=');
		if (equals == std::string_view::npos) {
			continue;
		}
		const auto value = trim_blanks(line.substr(equals + 1));
		open_brackets = bracket_balance(value);
		if (in_table) {
			tables.back().values.emplace(trim_blanks(line.substr(0, equals)), value);
		}
	}
	return tables;
}

} // namespace bulwark
