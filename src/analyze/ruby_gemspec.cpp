// Ruby: installed gems from `specifications/*.gemspec` (RubyGems' GEM_HOME layout, Debian's
// /usr/share/rubygems-integration/*/specifications, the default gems under
// specifications/default/, Bundler's /usr/local/bundle/specifications). RubyGems writes
// these files itself (Gem::Specification#to_ruby): Ruby code, one `s.field = literal` per
// line. A gemspec is never evaluated here: only assignments whose right-hand side is a
// literal are read — "x", 'x', "x".freeze, Gem::Version.new("x") and arrays of strings —
// and a spec whose name or version is anything else (a constant, a method call, an
// interpolated string) is skipped with a warning.
#include <cctype>
#include <optional>

#include "analyze/control_file.h"
#include "analyze/manifest_files.h"
#include "util/lines.h"

namespace bulwark {

namespace {

constexpr size_t kMaxLicenses = 16;

bool is_gemspec(std::string_view path) {
	return path.ends_with(".gemspec") && has_ancestor_dir(path, "specifications");
}

// A cursor over one line of Ruby that reads only the literal forms RubyGems writes.
class LiteralReader {
public:
	explicit LiteralReader(std::string_view text) : text_(text) {
	}

	void skip_blanks() {
		while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) {
			++pos_;
		}
	}
	bool consume(std::string_view token) {
		skip_blanks();
		if (text_.substr(pos_).starts_with(token)) {
			pos_ += token.size();
			return true;
		}
		return false;
	}
	// [A-Za-z_][A-Za-z0-9_]*
	std::string_view identifier() {
		skip_blanks();
		size_t start = pos_;
		while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_')) {
			++pos_;
		}
		if (pos_ == start || std::isdigit(static_cast<unsigned char>(text_[start]))) {
			pos_ = start;
			return {};
		}
		return text_.substr(start, pos_ - start);
	}

	// A string literal, optionally frozen, or Gem::Version.new(<string>) when `allow_version`.
	std::optional<std::string> string_value(bool allow_version) {
		if (allow_version && consume("Gem::Version.new(")) {
			auto inner = string_value(false);
			if (!inner || !consume(")")) {
				return std::nullopt;
			}
			return inner;
		}
		skip_blanks();
		if (pos_ >= text_.size() || (text_[pos_] != '"' && text_[pos_] != '\'')) {
			return std::nullopt;
		}
		auto value = text_[pos_] == '"' ? double_quoted() : single_quoted();
		if (value) {
			consume(".freeze");
		}
		return value;
	}

	// ["a", "b"] (each element a string literal).
	std::optional<std::vector<std::string>> string_array() {
		if (!consume("[")) {
			return std::nullopt;
		}
		std::vector<std::string> values;
		if (consume("]")) {
			return values;
		}
		do {
			auto value = string_value(false);
			if (!value) {
				return std::nullopt;
			}
			if (values.size() < kMaxLicenses) {
				values.push_back(std::move(*value));
			}
		} while (consume(","));
		if (!consume("]")) {
			return std::nullopt;
		}
		return values;
	}

private:
	// Ruby's double-quoted string: backslash escapes, and "#{", "#$", "#@" interpolate code,
	// which is not a literal. RubyGems escapes a literal '#' before those as "\#".
	std::optional<std::string> double_quoted() {
		std::string value;
		for (++pos_; pos_ < text_.size(); ++pos_) {
			char c = text_[pos_];
			if (c == '"') {
				++pos_;
				return value;
			}
			if (c == '\\') {
				if (++pos_ >= text_.size()) {
					return std::nullopt;
				}
				char escaped = text_[pos_];
				value += escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped;
				continue;
			}
			if (c == '#' && pos_ + 1 < text_.size() &&
			    (text_[pos_ + 1] == '{' || text_[pos_ + 1] == '$' || text_[pos_ + 1] == '@')) {
				return std::nullopt;
			}
			value += c;
		}
		return std::nullopt;
	}

	// Ruby's single-quoted string: only \\ and \' are escapes.
	std::optional<std::string> single_quoted() {
		std::string value;
		for (++pos_; pos_ < text_.size(); ++pos_) {
			char c = text_[pos_];
			if (c == '\'') {
				++pos_;
				return value;
			}
			if (c == '\\' && pos_ + 1 < text_.size() && (text_[pos_ + 1] == '\\' || text_[pos_ + 1] == '\'')) {
				c = text_[++pos_];
			}
			value += c;
		}
		return std::nullopt;
	}

	std::string_view text_;
	size_t pos_ = 0;
};

struct GemspecFields {
	std::optional<std::string> name;
	std::optional<std::string> version;
	std::vector<std::string> licenses;
	size_t name_line = 0;    // where a non-literal name was met, for the warning
	size_t version_line = 0; // likewise for the version
};

// One line "<receiver>.<field> = <literal>"; later assignments win, as when Ruby runs them.
void read_assignment(std::string_view line, size_t line_no, GemspecFields &fields) {
	LiteralReader reader(line);
	if (reader.identifier().empty() || !reader.consume(".")) {
		return;
	}
	auto field = reader.identifier();
	if (field.empty() || !reader.consume("=") || reader.consume("=")) {
		return;
	}
	if (field == "name") {
		fields.name = reader.string_value(false);
		fields.name_line = line_no;
	} else if (field == "version") {
		fields.version = reader.string_value(true);
		fields.version_line = line_no;
	} else if (field == "license") {
		auto license = reader.string_value(false);
		fields.licenses.clear();
		if (license) {
			fields.licenses.push_back(std::move(*license));
		}
	} else if (field == "licenses") {
		fields.licenses = reader.string_array().value_or(std::vector<std::string> {});
	}
}

std::vector<Package> parse_gemspec(const std::string &text, const std::string &source, std::vector<Warning> &out) {
	RecordWarnings warnings(out, source);
	GemspecFields fields;
	LineReader lines(text);
	std::string_view line;
	while (lines.next(line)) {
		read_assignment(line, lines.line_number(), fields);
	}
	if (!fields.name || fields.name->empty()) {
		warnings.bad_record(fields.name_line ? fields.name_line : 1,
		                    fields.name_line ? "the gem name is not a string literal; skipped"
		                                     : "no name assignment; not a gemspec RubyGems wrote, skipped");
		return {};
	}
	if (!fields.version || fields.version->empty()) {
		warnings.bad_record(fields.version_line ? fields.version_line : 1,
		                    "gem '" + *fields.name + "' has no literal version; skipped");
		return {};
	}
	Package pkg;
	pkg.name = std::move(*fields.name);
	pkg.version = std::move(*fields.version);
	pkg.licenses = std::move(fields.licenses);
	return {std::move(pkg)};
}

class RubyGemspecAnalyzer : public Analyzer {
public:
	std::string_view name() const override {
		return "ruby-gemspec";
	}

	bool wants(std::string_view path) const override {
		return is_gemspec(path);
	}

	void analyze(const FileView &view, AnalysisResult &out) const override {
		analyze_manifest_files(view, is_gemspec, "gem", parse_gemspec, out);
	}
};

} // namespace

std::unique_ptr<Analyzer> make_ruby_gemspec_analyzer() {
	return std::make_unique<RubyGemspecAnalyzer>();
}

} // namespace bulwark
