// Human-readable table for terminals: a target summary, then one line per package, then
// warnings; every line fits 80 columns. Values come from the image, so they are made safe
// for a terminal first: invalid UTF-8 becomes U+FFFD and control characters '?' (an
// escape sequence in a package name must not drive the user's terminal).
#include <array>
#include <string>
#include <vector>

#include "report/report_support.h"
#include "report/report_writer.h"

namespace bulwark {

namespace {

constexpr size_t line_width = 80;
constexpr std::string_view ellipsis = "\xE2\x80\xA6"; // U+2026
constexpr std::string_view replacement = "\xEF\xBF\xBD"; // U+FFFD

// One terminal column per code point (wide East Asian characters are not measured).
struct Cell {
	std::string text;
	size_t columns = 0;
};

// Length of the valid UTF-8 sequence at text[i], or 0 when it is not one.
size_t utf8_sequence(std::string_view text, size_t i) {
	const auto lead = static_cast<unsigned char>(text[i]);
	size_t length = 0;
	uint32_t min = 0;
	if (lead < 0x80) {
		return 1;
	} else if ((lead & 0xE0) == 0xC0) {
		length = 2;
		min = 0x80;
	} else if ((lead & 0xF0) == 0xE0) {
		length = 3;
		min = 0x800;
	} else if ((lead & 0xF8) == 0xF0) {
		length = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if (i + length > text.size()) {
		return 0;
	}
	uint32_t code = lead & (0x7F >> length);
	for (size_t k = 1; k < length; ++k) {
		const auto next = static_cast<unsigned char>(text[i + k]);
		if ((next & 0xC0) != 0x80) {
			return 0;
		}
		code = (code << 6) | (next & 0x3F);
	}
	const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
	const bool c1_control = code >= 0x80 && code <= 0x9F;
	return code < min || code > 0x10FFFF || surrogate || c1_control ? 0 : length;
}

Cell terminal_safe(std::string_view text) {
	Cell cell;
	for (size_t i = 0; i < text.size();) {
		const size_t length = utf8_sequence(text, i);
		const char c = text[i];
		if (length == 0) {
			cell.text += replacement;
			++i;
		} else if (length == 1 && (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)) {
			cell.text += '?';
			++i;
		} else {
			cell.text.append(text.substr(i, length));
			i += length;
		}
		++cell.columns;
	}
	return cell;
}

// At most `width` columns; a cut value ends in '…'.
Cell fit(const Cell &cell, size_t width) {
	if (cell.columns <= width) {
		return cell;
	}
	Cell out;
	for (size_t i = 0; out.columns + 1 < width; ++out.columns) {
		const size_t length = utf8_sequence(cell.text, i); // cell.text is valid UTF-8 by now
		out.text.append(cell.text, i, length);
		i += length;
	}
	out.text += ellipsis;
	++out.columns;
	return out;
}

// The space-separated words of `text`, with words wider than `max_columns` cut into pieces.
std::vector<Cell> words(const Cell &text, size_t max_columns) {
	std::vector<Cell> out;
	Cell word;
	for (size_t i = 0; i <= text.text.size();) {
		const bool end = i == text.text.size() || text.text[i] == ' ';
		if (end || word.columns == max_columns) {
			if (word.columns > 0) {
				out.push_back(std::move(word));
				word = {};
			}
			i += end ? 1 : 0;
			continue;
		}
		const size_t length = utf8_sequence(text.text, i); // valid UTF-8 after terminal_safe
		word.text.append(text.text, i, length);
		++word.columns;
		i += length;
	}
	return out;
}

class TableWriter final : public ReportWriter {
public:
	explicit TableWriter(const ReportOptions &options) : color_(options.color) {
	}

	std::string_view format() const override {
		return "table";
	}

	Status write(const ScanReport &report, std::ostream &out) const override {
		write_summary(report, out);
		out << '\n';
		write_packages(report, out);
		write_warnings(report, out);
		return {};
	}

private:
	static constexpr size_t label_width = 9;

	std::string styled(std::string_view text, std::string_view sgr) const {
		return color_ ? "\x1b[" + std::string(sgr) + "m" + std::string(text) + "\x1b[0m" : std::string(text);
	}

	void write_field(std::ostream &out, std::string_view label, const std::string &value) const {
		if (value.empty()) {
			return;
		}
		std::string padded(label);
		padded.resize(label_width, ' ');
		out << styled(padded, "1") << fit(terminal_safe(value), line_width - label_width).text << '\n';
	}

	void write_summary(const ScanReport &report, std::ostream &out) const {
		const TargetInfo &target = report.target;
		std::string kind = target.kind;
		if (!target.format.empty() && target.format != target.kind) {
			kind += ", " + target.format;
		}
		write_field(out, "Target", target.name + (kind.empty() ? "" : " (" + kind + ")"));
		std::string tags;
		for (const auto &tag : target.repo_tags) {
			tags += (tags.empty() ? "" : ", ") + tag;
		}
		write_field(out, "Tags", tags);
		write_field(out, "Manifest", target.manifest_digest);
		write_field(out, "Platform", target.platform);
		const OsInfo &os = report.os;
		std::string os_line = !os.pretty_name.empty() ? os.pretty_name : os.family + (os.version_id.empty() ? "" : " " + os.version_id);
		if (os.distroless) {
			os_line += " (distroless)";
		}
		write_field(out, "OS", os_line.empty() ? "unknown" : os_line);
		write_field(out, "Layers", std::to_string(report.layers.size()));
		write_field(out, "Packages", std::to_string(report.packages.size()));
	}

	void write_packages(const ScanReport &report, std::ostream &out) const {
		if (report.packages.empty()) {
			out << "No packages found.\n";
			return;
		}
		static constexpr std::array<size_t, 4> widths = {28, 32, 8, 5};
		static constexpr size_t gap = 2;
		auto write_row = [&](const std::array<std::string, 4> &values, bool header) {
			std::string line;
			for (size_t column = 0; column < values.size(); ++column) {
				Cell cell = fit(terminal_safe(values[column]), widths[column]);
				line += cell.text;
				if (column + 1 < values.size()) {
					line.append(widths[column] - cell.columns + gap, ' ');
				}
			}
			out << (header ? styled(line, "1") : line) << '\n';
		};
		write_row({"NAME", "VERSION", "TYPE", "LAYER"}, true);
		for (const auto &package : report.packages) {
			const std::string layer = package.layer ? std::to_string(*package.layer) : "-";
			write_row({package.name, package.version, package.type, layer}, false);
		}
	}

	// Messages are kept whole, word-wrapped at 80 columns with a hanging indent.
	void write_warnings(const ScanReport &report, std::ostream &out) const {
		if (report.warnings.empty()) {
			return;
		}
		static constexpr std::string_view first_indent = "  ";
		static constexpr std::string_view indent = "    ";
		out << '\n' << styled("Warnings (" + std::to_string(report.warnings.size()) + ")", "33;1") << '\n';
		for (const auto &warning : report.warnings) {
			const Cell message = terminal_safe(std::string(warning_kind_name(warning.kind)) + ": " + warning.message);
			Cell line {std::string(first_indent), first_indent.size()};
			bool line_empty = true;
			for (const Cell &word : words(message, line_width - indent.size())) {
				if (!line_empty && line.columns + 1 + word.columns > line_width) {
					out << line.text << '\n';
					line = {std::string(indent), indent.size()};
					line_empty = true;
				}
				if (!line_empty) {
					line.text += ' ';
					++line.columns;
				}
				line.text += word.text;
				line.columns += word.columns;
				line_empty = false;
			}
			out << line.text << '\n';
		}
	}

	bool color_;
};

} // namespace

std::unique_ptr<ReportWriter> make_table_writer(const ReportOptions &options) {
	return std::make_unique<TableWriter>(options);
}

} // namespace bulwark
