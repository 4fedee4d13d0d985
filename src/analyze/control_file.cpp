#include "analyze/control_file.h"
#include "util/lines.h"

#include <optional>

namespace bulwark {

RecordWarnings::RecordWarnings(std::vector<Warning> &out, std::string source, size_t limit)
    : out_(out), source_(std::move(source)), limit_(limit) {
}

void RecordWarnings::bad_record(size_t line, std::string_view reason) {
	bad_record("line " + std::to_string(line), reason);
}

void RecordWarnings::bad_record(std::string_view where, std::string_view reason) {
	++count_;
	if (count_ <= limit_) {
		// Reasons quote names from the file; a hostile name must not make a huge warning.
		constexpr size_t max_reason = 200;
		std::string text(reason.substr(0, max_reason));
		if (reason.size() > max_reason) {
			text += "...";
		}
		out_.push_back(Warning {WarningKind::bad_record, source_ + " " + std::string(where) + ": " + text});
	} else if (count_ == limit_ + 1) {
		out_.push_back(Warning {WarningKind::limit_reached,
		                        source_ + ": more than " + std::to_string(limit_) +
		                            " bad records; the rest are skipped without a warning each"});
	}
}

namespace {

bool is_blank(char c) {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

char ascii_lower(char c) {
	return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
	if (a.size() != b.size()) {
		return false;
	}
	for (size_t i = 0; i < a.size(); ++i) {
		if (ascii_lower(a[i]) != ascii_lower(b[i])) {
			return false;
		}
	}
	return true;
}

// deb822(5): a field name is printable US-ASCII except ':' and must not begin with '-'.
bool valid_field_name(std::string_view name) {
	if (name.empty() || name.front() == '-') {
		return false;
	}
	for (char c : name) {
		if (c <= ' ' || c > '~') {
			return false;
		}
	}
	return true;
}

// One stanza being read; once broken it only swallows lines until the next blank line.
class StanzaBuilder {
public:
	explicit StanzaBuilder(RecordWarnings &warnings) : warnings_(warnings) {
	}

	bool active() const {
		return active_;
	}

	void field_line(size_t line_no, std::string_view line) {
		start(line_no);
		if (error_) {
			return;
		}
		auto colon = line.find(':');
		if (colon == std::string_view::npos) {
			return fail(line_no, "field line without ':'");
		}
		auto name = line.substr(0, colon);
		if (!valid_field_name(name)) {
			return fail(line_no, "invalid field name");
		}
		if (stanza_.find(name)) {
			return fail(line_no, "duplicate field '" + std::string(name) + "'");
		}
		if (stanza_.fields.size() >= kMaxControlFields) {
			return fail(line_no, "more than " + std::to_string(kMaxControlFields) + " fields in one stanza");
		}
		auto value = trim_blanks(line.substr(colon + 1));
		if (value.size() > kMaxControlValueBytes) {
			return fail(line_no, "field value longer than " + std::to_string(kMaxControlValueBytes) + " bytes");
		}
		stanza_.fields.push_back(ControlField {std::string(name), std::string(value)});
	}

	void continuation_line(size_t line_no, std::string_view line) {
		start(line_no);
		if (error_) {
			return;
		}
		if (stanza_.fields.empty()) {
			return fail(line_no, "continuation line before any field");
		}
		auto &value = stanza_.fields.back().value;
		auto text = trim_blanks(line);
		if (value.size() + 1 + text.size() > kMaxControlValueBytes) {
			return fail(line_no, "field value longer than " + std::to_string(kMaxControlValueBytes) + " bytes");
		}
		value += '\n';
		value += text;
	}

	// The stanza ended (blank line or end of text): hand it over unless it was broken.
	std::optional<ControlStanza> finish() {
		std::optional<ControlStanza> done;
		if (active_ && error_) {
			warnings_.bad_record(error_line_, error_reason_ + "; stanza skipped");
		} else if (active_) {
			done = std::move(stanza_);
		}
		stanza_ = ControlStanza {};
		active_ = false;
		error_ = false;
		error_reason_.clear();
		return done;
	}

private:
	void start(size_t line_no) {
		if (!active_) {
			active_ = true;
			stanza_.line = line_no;
		}
	}

	void fail(size_t line_no, std::string reason) {
		error_ = true;
		error_line_ = line_no;
		error_reason_ = std::move(reason);
		stanza_.fields.clear();
		stanza_.fields.shrink_to_fit();
	}

	RecordWarnings &warnings_;
	ControlStanza stanza_;
	bool active_ = false;
	bool error_ = false;
	size_t error_line_ = 0;
	std::string error_reason_;
};

} // namespace

const std::string *ControlStanza::find(std::string_view name) const {
	for (const auto &field : fields) {
		if (equals_ignore_case(field.name, name)) {
			return &field.value;
		}
	}
	return nullptr;
}

std::string_view trim_blanks(std::string_view text) {
	size_t begin = 0;
	size_t end = text.size();
	while (begin < end && is_blank(text[begin])) {
		++begin;
	}
	while (end > begin && is_blank(text[end - 1])) {
		--end;
	}
	return text.substr(begin, end - begin);
}

std::vector<ControlStanza> parse_control_stanzas(std::string_view text, RecordWarnings &warnings) {
	std::vector<ControlStanza> stanzas;
	StanzaBuilder builder(warnings);
	auto flush = [&] {
		if (auto stanza = builder.finish()) {
			stanzas.push_back(std::move(*stanza));
		}
	};
	LineReader lines(text);
	std::string_view line;
	while (lines.next(line)) {
		const size_t line_no = lines.line_number();
		if (trim_blanks(line).empty()) {
			flush();
		} else if (line.front() == '#') {
			continue;
		} else if (line.front() == ' ' || line.front() == '\t') {
			builder.continuation_line(line_no, line);
		} else {
			builder.field_line(line_no, line);
		}
	}
	flush();
	return stanzas;
}

} // namespace bulwark
