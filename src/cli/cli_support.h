// Pieces every command shares: exit codes, error printing, the output and limit flags, and
// writing a report. Each command lives in its own file in src/cli/.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <string_view>

#include "model/scan_report.h"
#include "scan/scanner.h"
#include "util/result.h"

namespace bulwark {

// Exit codes (docs/cli.md). --exit-code N adds the gate's own code.
constexpr int exit_ok = 0;
constexpr int exit_usage = 2;
constexpr int exit_refused = 3;
constexpr int exit_internal = 4;

int exit_code_for(const Error &error);
// Prints "bulwark: error: <code>: <message>" and returns the exit code for it.
int fail(const Error &error);
void warn(std::string_view message);

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

void add_output_flags(CLI::App &cmd, OutputFlags &flags);
void add_limit_flags(CLI::App &cmd, LimitFlags &flags);
ScanOptions scan_options(const LimitFlags &limits);
// Progress goes to stderr only when a person is watching it.
std::function<void(std::string_view)> progress_printer(bool quiet);

// Writes the report in the chosen format to stdout or --output; prints warnings unless quiet.
// Returns exit_ok or the error's exit code.
int write_report(const ScanReport &report, const OutputFlags &flags);

} // namespace bulwark
