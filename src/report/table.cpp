// Human-readable table for terminals: a target summary, one line per package, then what
// the vulnerability and secret scanners found (when they ran), then warnings; every line
// fits 80 columns. Values come from the image and from advisories, so every cell goes
// through terminal_safe first.
#include <algorithm>
#include <array>
#include <string>
#include <tuple>
#include <vector>

#include "report/report_support.h"
#include "report/report_writer.h"
#include "report/terminal_text.h"

namespace bulwark {

namespace {

constexpr size_t line_width = 80;
constexpr size_t gap = 2;

struct Column {
	std::string_view header;
	size_t cap = 0;         // never wider than this
	bool shrinks = false;   // gives up columns when the row is too wide
	bool keep_tail = false; // a cut value keeps its end (paths)
	size_t weight = 1;      // shrinking columns keep widths in proportion to their weights
};

// Each column as wide as its widest cell (header included, up to its cap); when that is more
// than a line, the shrinking column widest for its weight gives up a column at a time, down
// to its header.
std::vector<size_t> column_widths(const std::vector<Column> &columns, const std::vector<std::vector<Cell>> &rows) {
	std::vector<size_t> widths;
	size_t total = gap * (columns.size() - 1);
	for (size_t c = 0; c < columns.size(); ++c) {
		size_t width = columns[c].header.size();
		for (const auto &row : rows) {
			width = std::max(width, row[c].columns);
		}
		widths.push_back(std::min(width, columns[c].cap));
		total += widths.back();
	}
	while (total > line_width) {
		size_t widest = columns.size();
		for (size_t c = 0; c < columns.size(); ++c) {
			const bool can_shrink = columns[c].shrinks && widths[c] > columns[c].header.size();
			if (can_shrink && (widest == columns.size() || widths[c] * columns[widest].weight > widths[widest] * columns[c].weight)) {
				widest = c;
			}
		}
		if (widest == columns.size()) {
			break; // the caps keep the fixed columns narrow enough for this not to happen
		}
		--widths[widest];
		--total;
	}
	return widths;
}

const char *severity_style(Severity severity) {
	switch (severity) {
	case Severity::critical:
		return "1;31";
	case Severity::high:
		return "31";
	case Severity::medium:
		return "33";
	case Severity::low:
		return "34";
	case Severity::unknown:
		break;
	}
	return "";
}

// "Vulnerabilities: 4 (CRITICAL: 1, HIGH: 1, MEDIUM: 1, LOW: 1, UNKNOWN: 0)"
template <class Finding>
std::string severity_summary(std::string_view label, const std::vector<const Finding *> &findings) {
	std::array<size_t, 5> counts {};
	for (const Finding *finding : findings) {
		++counts[static_cast<size_t>(finding->severity)];
	}
	std::string text = std::string(label) + ": " + std::to_string(findings.size()) + " (";
	for (size_t s = counts.size(); s-- > 0;) {
		text += std::string(severity_name(static_cast<Severity>(s))) + ": " + std::to_string(counts[s]) + (s > 0 ? ", " : ")");
	}
	return text;
}

std::string_view package_name(const ScanReport &report, const VulnFinding &finding) {
	const Package *package = finding_package(report, finding);
	return package ? std::string_view(package->name) : std::string_view();
}

// "2", or "1 (deleted in 3)" for bytes a later layer removed; "-" for the image config.
std::string secret_layer(const SecretFinding &secret) {
	if (!secret.layer) {
		return "-";
	}
	std::string text = std::to_string(*secret.layer);
	if (secret.removed_in) {
		text += " (deleted in " + std::to_string(*secret.removed_in) + ")";
	}
	return text;
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
		if (scanner_ran(report, "vuln") || !report.vulnerabilities.empty()) {
			write_vulnerabilities(report, out);
		}
		if (scanner_ran(report, "secret") || !report.secrets.empty()) {
			write_secrets(report, out);
		}
		write_warnings(report, out);
		return {};
	}

private:
	static constexpr size_t label_width = 9;
	static constexpr std::string_view detail_indent = "  ";

	std::string styled(std::string_view text, std::string_view sgr) const {
		return color_ && !sgr.empty() ? "\x1b[" + std::string(sgr) + "m" + std::string(text) + "\x1b[0m" : std::string(text);
	}

	void write_field(std::ostream &out, std::string_view label, const std::string &value) const {
		if (value.empty()) {
			return;
		}
		std::string padded(label);
		padded.resize(label_width, ' ');
		out << styled(padded, "1") << fit(terminal_safe(value), line_width - label_width).text << '\n';
	}

	// One row: cells cut to their widths, padded, no trailing spaces. `styles` colours cells.
	void write_row(std::ostream &out, const std::vector<Column> &columns, const std::vector<size_t> &widths,
	               const std::vector<Cell> &cells, const std::vector<std::string_view> &styles = {}) const {
		std::string line;
		size_t pending_spaces = 0;
		for (size_t c = 0; c < columns.size(); ++c) {
			const Cell cell = columns[c].keep_tail ? fit_tail(cells[c], widths[c]) : fit(cells[c], widths[c]);
			if (cell.columns > 0) {
				line.append(pending_spaces, ' ');
				line += c < styles.size() ? styled(cell.text, styles[c]) : cell.text;
				pending_spaces = 0;
			}
			pending_spaces += widths[c] - cell.columns + gap;
		}
		out << line << '\n';
	}

	void write_header(std::ostream &out, const std::vector<Column> &columns, const std::vector<size_t> &widths) const {
		std::vector<Cell> cells;
		for (const auto &column : columns) {
			cells.push_back(terminal_safe(column.header));
		}
		write_row(out, columns, widths, cells, std::vector<std::string_view>(columns.size(), "1"));
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
		std::string scanners;
		for (const auto &scanner : report.scanners) {
			scanners += (scanners.empty() ? "" : ", ") + scanner;
		}
		write_field(out, "Scanners", scanners);
		if (report.vulndb) {
			const std::string built = report.vulndb->built_at.empty() ? "" : " (built " + report.vulndb->built_at + ")";
			write_field(out, "Vuln DB", report.vulndb->path + built);
		}
	}

	void write_packages(const ScanReport &report, std::ostream &out) const {
		if (report.packages.empty()) {
			out << "No packages found.\n";
			return;
		}
		static const std::vector<Column> columns = {{"NAME", 28}, {"VERSION", 32}, {"TYPE", 8}, {"LAYER", 5}};
		static const std::vector<size_t> widths = {28, 32, 8, 5};
		write_header(out, columns, widths);
		for (const auto &package : report.packages) {
			const std::string layer = package.layer ? std::to_string(*package.layer) : "-";
			write_row(out, columns, widths,
			          {terminal_safe(package.name), terminal_safe(package.version), terminal_safe(package.type), terminal_safe(layer)});
		}
	}

	// Counted ones first, most severe first; then the suppressed ones with who suppressed them.
	void write_vulnerabilities(const ScanReport &report, std::ostream &out) const {
		std::vector<const VulnFinding *> counted;
		std::vector<const VulnFinding *> suppressed;
		for (const auto &finding : report.vulnerabilities) {
			(finding.suppression ? suppressed : counted).push_back(&finding);
		}
		const auto order = [&](const VulnFinding *a, const VulnFinding *b) {
			if (a->severity != b->severity) {
				return a->severity > b->severity;
			}
			const std::string_view name_a = package_name(report, *a);
			const std::string_view name_b = package_name(report, *b);
			return std::tie(name_a, a->package, a->id) < std::tie(name_b, b->package, b->id);
		};
		std::stable_sort(counted.begin(), counted.end(), order);
		std::stable_sort(suppressed.begin(), suppressed.end(), order);

		out << '\n' << styled(severity_summary("Vulnerabilities", counted), "1") << '\n';
		write_vulnerability_rows(report, counted, out);
		if (!suppressed.empty()) {
			out << '\n' << styled("Suppressed vulnerabilities: " + std::to_string(suppressed.size()), "1") << '\n';
			write_vulnerability_rows(report, suppressed, out);
		}
	}

	// A row per finding (a fix, or "(none)", in FIXED stands for the fixed/affected status),
	// and under it the title, or for a suppressed finding why it is suppressed.
	void write_vulnerability_rows(const ScanReport &report, const std::vector<const VulnFinding *> &findings, std::ostream &out) const {
		if (findings.empty()) {
			return;
		}
		static const std::vector<Column> columns = {
		    {"PACKAGE", 28, true}, {"INSTALLED", 32, true}, {"ID", 20}, {"SEVERITY", 8}, {"FIXED", 32, true}};
		std::vector<std::vector<Cell>> rows;
		for (const VulnFinding *finding : findings) {
			const std::string fixed = finding->status == VulnStatus::fixed && !finding->fixed_version.empty() ? finding->fixed_version : "(none)";
			rows.push_back({terminal_safe(package_name(report, *finding)), terminal_safe(finding->installed_version), terminal_safe(finding->id),
			                terminal_safe(severity_name(finding->severity)), terminal_safe(fixed)});
		}
		const std::vector<size_t> widths = column_widths(columns, rows);
		write_header(out, columns, widths);
		for (size_t i = 0; i < findings.size(); ++i) {
			const VulnFinding &finding = *findings[i];
			write_row(out, columns, widths, rows[i], {"", "", "", severity_style(finding.severity)});
			if (finding.suppression) {
				for (const auto &line : wrap(terminal_safe(suppression_text(*finding.suppression)), line_width, detail_indent, detail_indent)) {
					out << line << '\n';
				}
			} else if (!finding.title.empty()) {
				out << detail_indent << fit(terminal_safe(finding.title), line_width - detail_indent.size()).text << '\n';
			}
		}
	}

	void write_secrets(const ScanReport &report, std::ostream &out) const {
		std::vector<const SecretFinding *> secrets;
		for (const auto &secret : report.secrets) {
			secrets.push_back(&secret);
		}
		std::stable_sort(secrets.begin(), secrets.end(), [](const SecretFinding *a, const SecretFinding *b) {
			if (a->severity != b->severity) {
				return a->severity > b->severity;
			}
			return std::tie(a->path, a->line, a->rule_id) < std::tie(b->path, b->line, b->rule_id);
		});
		out << '\n' << styled(severity_summary("Secrets", secrets), "1") << '\n';
		if (secrets.empty()) {
			return;
		}
		static const std::vector<Column> columns = {
		    {"SEVERITY", 8}, {"RULE", 32, true}, {"PATH:LINE", 60, true, true, 2}, {"LAYER", 16}, {"MATCH", 24, true}};
		std::vector<std::vector<Cell>> rows;
		for (const SecretFinding *secret : secrets) {
			const std::string where = secret->path + (secret->line > 0 ? ":" + std::to_string(secret->line) : "");
			// Only the masked match: the raw secret never reaches a report.
			rows.push_back({terminal_safe(severity_name(secret->severity)), terminal_safe(secret->rule_id), terminal_safe(where),
			                terminal_safe(secret_layer(*secret)), terminal_safe(secret->masked)});
		}
		const std::vector<size_t> widths = column_widths(columns, rows);
		write_header(out, columns, widths);
		for (size_t i = 0; i < secrets.size(); ++i) {
			write_row(out, columns, widths, rows[i], {severity_style(secrets[i]->severity)});
		}
	}

	// Messages are kept whole, word-wrapped at 80 columns with a hanging indent.
	void write_warnings(const ScanReport &report, std::ostream &out) const {
		if (report.warnings.empty()) {
			return;
		}
		out << '\n' << styled("Warnings (" + std::to_string(report.warnings.size()) + ")", "33;1") << '\n';
		for (const auto &warning : report.warnings) {
			const Cell message = terminal_safe(std::string(warning_kind_name(warning.kind)) + ": " + warning.message);
			for (const auto &line : wrap(message, line_width, "  ", "    ")) {
				out << line << '\n';
			}
		}
	}

	bool color_;
};

} // namespace

std::unique_ptr<ReportWriter> make_table_writer(const ReportOptions &options) {
	return std::make_unique<TableWriter>(options);
}

} // namespace bulwark
