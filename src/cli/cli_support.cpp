#include "cli/cli_support.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <unistd.h>

#include "report/report_writer.h"

namespace bulwark {

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

int fail(const Error &error) {
	std::fprintf(stderr, "bulwark: error: %s\n", error.describe().c_str());
	return exit_code_for(error);
}

void warn(std::string_view message) {
	std::fprintf(stderr, "bulwark: warning: %.*s\n", static_cast<int>(message.size()), message.data());
}

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

std::function<void(std::string_view)> progress_printer(bool quiet) {
	if (quiet || !::isatty(STDERR_FILENO)) {
		return nullptr;
	}
	return [](std::string_view line) {
		std::fprintf(stderr, "\r\033[K%.*s", static_cast<int>(line.size()), line.data());
		std::fflush(stderr);
	};
}

int write_report(const ScanReport &report, const OutputFlags &flags) {
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

} // namespace bulwark
