#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <unistd.h>

#include "cli/scanner_flags.h"
#include "cli/version_compare.h"
#include "report/report_writer.h"
#include "scan/scanner.h"
#include "version/version.h"

namespace bulwark {

namespace {

// Exit codes (docs/cli.md).
constexpr int exit_ok = 0;
constexpr int exit_usage = 2;
constexpr int exit_refused = 3;
constexpr int exit_internal = 4;

int exit_code_for(const Error &error) {
	switch (error.code) {
	case ErrorCode::invalid_argument:
		return exit_usage;
	case ErrorCode::internal:
		return exit_internal;
	default:
		return exit_refused;
	}
}

struct OutputFlags {
	std::string format = "table";
	std::string output;
	bool quiet = false;
};

struct LimitFlags {
	uint64_t max_layer_bytes = ExpansionLimits {}.max_expanded_bytes;
	uint64_t max_ratio = ExpansionLimits {}.max_ratio;
	size_t max_entries = LayerWalkOptions {}.max_entries;
	uint64_t max_file_bytes = LayerWalkOptions {}.max_capture_bytes;
	size_t max_json_bytes = JsonLimits {}.max_bytes;
	size_t max_json_depth = JsonLimits {}.max_depth;
	unsigned threads = 0;
};

void add_output_flags(CLI::App &cmd, OutputFlags &flags) {
	std::string formats;
	for (const auto &f : report_formats()) {
		formats += (formats.empty() ? "" : "|") + f;
	}
	cmd.add_option("-f,--format", flags.format, "Report format: " + formats)->default_val("table");
	cmd.add_option("-o,--output", flags.output, "Write the report to FILE instead of standard output");
	cmd.add_flag("-q,--quiet", flags.quiet, "No progress or warnings on standard error");
}

void add_limit_flags(CLI::App &cmd, LimitFlags &flags) {
	cmd.add_option("--max-layer-bytes", flags.max_layer_bytes, "Refuse a layer that expands beyond this many bytes")
	    ->capture_default_str();
	cmd.add_option("--max-ratio", flags.max_ratio,
	               "Refuse a layer whose compression ratio exceeds this (checked after 256 MiB)")
	    ->capture_default_str();
	cmd.add_option("--max-entries", flags.max_entries, "Record at most this many entries per layer")
	    ->capture_default_str();
	cmd.add_option("--max-file-bytes", flags.max_file_bytes, "Analyse package files up to this size")
	    ->capture_default_str();
	cmd.add_option("--max-json-bytes", flags.max_json_bytes, "Refuse manifests/configs larger than this")
	    ->capture_default_str();
	cmd.add_option("--max-json-depth", flags.max_json_depth, "Refuse JSON nested deeper than this")
	    ->capture_default_str();
	cmd.add_option("--threads", flags.threads, "Layers read at once (0 = one per core)")->capture_default_str();
}

ScanOptions scan_options(const LimitFlags &limits) {
	ScanOptions options;
	options.walk.expansion.max_expanded_bytes = limits.max_layer_bytes;
	options.walk.expansion.max_ratio = limits.max_ratio;
	options.walk.max_entries = limits.max_entries;
	options.walk.max_capture_bytes = limits.max_file_bytes;
	options.rootfs.max_entries = limits.max_entries;
	options.rootfs.max_capture_bytes = limits.max_file_bytes;
	options.image.json.max_bytes = limits.max_json_bytes;
	options.image.json.max_depth = limits.max_json_depth;
	options.threads = limits.threads;
	return options;
}

// Progress goes to stderr only when a person is watching it.
std::function<void(std::string_view)> progress_printer(bool quiet) {
	if (quiet || !::isatty(STDERR_FILENO)) {
		return nullptr;
	}
	return [](std::string_view line) {
		std::fprintf(stderr, "\r\033[K%.*s", static_cast<int>(line.size()), line.data());
		std::fflush(stderr);
	};
}

int fail(const Error &error) {
	std::fprintf(stderr, "bulwark: error: %s\n", error.describe().c_str());
	return exit_code_for(error);
}

int emit(const Result<ScanReport> &scanned, const OutputFlags &flags, bool progress_shown) {
	if (progress_shown) {
		std::fprintf(stderr, "\r\033[K");
	}
	if (!scanned.ok()) {
		return fail(scanned.error());
	}
	const ScanReport &report = scanned.value();
	if (!flags.quiet) {
		for (const auto &w : report.warnings) {
			std::fprintf(stderr, "bulwark: warning: %s: %s\n", warning_kind_name(w.kind), w.message.c_str());
		}
	}
	ReportOptions report_options;
	report_options.color = flags.output.empty() && ::isatty(STDOUT_FILENO);
	auto writer = make_report_writer(flags.format, report_options);
	if (!writer) {
		return fail(make_error(ErrorCode::invalid_argument, "unknown --format '" + flags.format + "'"));
	}
	if (flags.output.empty()) {
		auto written = writer->write(report, std::cout);
		std::cout.flush();
		if (!written.ok()) {
			return fail(written.error());
		}
		return std::cout ? exit_ok : fail(make_error(ErrorCode::io, "cannot write the report to standard output"));
	}
	std::ofstream file(flags.output, std::ios::binary | std::ios::trunc);
	if (!file) {
		return fail(make_error(ErrorCode::io, flags.output + ": cannot open for writing"));
	}
	auto written = writer->write(report, file);
	file.close();
	if (!written.ok()) {
		return fail(written.error());
	}
	return file ? exit_ok : fail(make_error(ErrorCode::io, flags.output + ": write failed"));
}

size_t edit_distance(std::string_view a, std::string_view b) {
	std::vector<size_t> row(b.size() + 1);
	for (size_t j = 0; j <= b.size(); ++j) {
		row[j] = j;
	}
	for (size_t i = 1; i <= a.size(); ++i) {
		size_t diagonal = row[0];
		row[0] = i;
		for (size_t j = 1; j <= b.size(); ++j) {
			size_t above = row[j];
			row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
			diagonal = above;
		}
	}
	return row[b.size()];
}

std::string closest(std::string_view word, const std::vector<std::string> &candidates) {
	std::string best;
	size_t best_distance = std::max<size_t>(3, word.size() / 3) + 1;
	for (const auto &c : candidates) {
		size_t d = edit_distance(word, c);
		if (d < best_distance) {
			best_distance = d;
			best = c;
		}
	}
	return best;
}

// CLI11 rejects unknown flags; this adds the "did you mean" users expect.
std::optional<std::string> suggest_for_unknown(CLI::App &app, const std::vector<std::string> &args) {
	CLI::App *command = &app;
	std::vector<std::string> command_names;
	for (auto *sub : app.get_subcommands({})) {
		command_names.push_back(sub->get_name());
	}
	bool command_seen = false;
	for (const auto &arg : args) {
		if (arg == "--") {
			break;
		}
		if (!command_seen && !arg.empty() && arg[0] != '-') {
			command_seen = true;
			try {
				command = app.get_subcommand(arg);
			} catch (const CLI::OptionNotFound &) {
				std::string hint = closest(arg, command_names);
				return "unknown command '" + arg + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?");
			}
			continue;
		}
		if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
			continue;
		}
		std::string name = arg.substr(2, arg.find('=') == std::string::npos ? std::string::npos : arg.find('=') - 2);
		std::vector<std::string> known {"help"};
		for (const CLI::Option *opt : command->get_options()) {
			for (const auto &l : opt->get_lnames()) {
				known.push_back(l);
			}
		}
		if (std::find(known.begin(), known.end(), name) == known.end()) {
			std::string hint = closest(name, known);
			return "unknown flag '--" + name + "'" + (command == &app ? "" : " for '" + command->get_name() + "'") +
			       (hint.empty() ? "" : "; did you mean '--" + hint + "'?");
		}
	}
	return std::nullopt;
}

} // namespace

int run_cli(int argc, char **argv) {
	CLI::App app {"bulwark: container image security scanner (SBOM, packages, layers)", "bulwark"};
	app.require_subcommand(1);
	app.set_version_flag("--version", std::string("bulwark ") + BULWARK_VERSION);

	OutputFlags output;
	LimitFlags limits;
	ScannerFlags scanner_flags;

	std::string input;
	std::string platform = "linux/amd64";
	std::string tag;
	CLI::App *image = app.add_subcommand("image", "Scan a container image from a docker-archive tar, an OCI "
	                                              "image layout directory or an OCI layout tar");
	image->add_option("-i,--input", input, "Image to scan (PATH or PATH:TAG)")->required();
	image->add_option("--platform", platform, "OS/ARCH[/VARIANT] to pick from a multi-platform index")
	    ->capture_default_str();
	image->add_option("--tag", tag, "Which image to scan when the layout or archive holds several");
	add_output_flags(*image, output);
	add_limit_flags(*image, limits);
	add_scanner_flags(*image, scanner_flags);

	std::string root_dir;
	CLI::App *rootfs = app.add_subcommand("rootfs", "Scan an unpacked root filesystem (e.g. / or a chroot)");
	rootfs->add_option("dir", root_dir, "Root directory")->required();
	add_output_flags(*rootfs, output);
	add_limit_flags(*rootfs, limits);
	add_scanner_flags(*rootfs, scanner_flags);

	CLI::App *project = app.add_subcommand("fs", "Scan a project directory: installed packages and lockfiles "
	                                             "(package-lock.json, Cargo.lock, ...)");
	project->add_option("dir", root_dir, "Project directory")->required();
	add_output_flags(*project, output);
	add_limit_flags(*project, limits);
	add_scanner_flags(*project, scanner_flags);

	std::string ecosystem;
	CLI::App *compare = app.add_subcommand("version-compare",
	                                       "Compare versions read as 'a<TAB>b' lines on standard input; "
	                                       "prints -1, 0 or 1 per line (or 'error: ...')");
	std::string ecosystem_list;
	for (const auto &e : version::ecosystems()) {
		ecosystem_list += (ecosystem_list.empty() ? "" : "|") + e;
	}
	compare->add_option("-e,--ecosystem", ecosystem, "PURL type: " + ecosystem_list)->required();

	std::vector<std::string> args(argv + 1, argv + argc);
	if (auto hint = suggest_for_unknown(app, args)) {
		std::fprintf(stderr, "bulwark: %s\nRun 'bulwark --help' for usage.\n", hint->c_str());
		return exit_usage;
	}
	try {
		app.parse(argc, argv);
	} catch (const CLI::ParseError &e) {
		int rc = app.exit(e);
		return rc == 0 ? exit_ok : exit_usage;
	}

	if (*compare) {
		auto errors = compare_version_lines(ecosystem, std::cin, std::cout);
		std::cout.flush();
		if (!errors.ok()) {
			return fail(errors.error());
		}
		// Invalid versions are answered line by line; the exit code says some were.
		return *errors == 0 ? exit_ok : exit_refused;
	}

	ScanOptions options = scan_options(limits);
	options.progress = progress_printer(output.quiet);
	if (!make_report_writer(output.format, {})) {
		return fail(make_error(ErrorCode::invalid_argument, "unknown --format '" + output.format + "'"));
	}
	try {
		std::unique_ptr<const secret::SecretScanner> secrets;
		if (auto applied = apply_scanner_flags(scanner_flags, options, secrets); !applied.ok()) {
			return fail(applied.error());
		}
		if (*image) {
			auto parsed = Platform::parse(platform);
			if (!parsed.ok()) {
				return fail(parsed.error());
			}
			options.image.platform = *parsed;
			options.image.tag = tag;
			return emit(scan_image(input, options), output, options.progress != nullptr);
		}
		return emit(scan_directory(root_dir, *project ? "fs" : "rootfs", options), output, options.progress != nullptr);
	} catch (const std::bad_alloc &) {
		return fail(make_error(ErrorCode::internal, "out of memory"));
	}
}

} // namespace bulwark
