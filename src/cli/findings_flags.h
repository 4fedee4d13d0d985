// The flags and steps that turn a package inventory into gated findings, shared by every
// scanning command (image, rootfs, fs, sbom): which scanners run, the advisory database,
// suppressions (ignore file, OpenVEX), filters and the --exit-code gate.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/cli_support.h"
#include "policy/suppressions.h"
#include "secret/rules.h"
#include "secret/scanner.h"
#include "vulndb/store.h"

namespace bulwark {

struct FindingFlags {
	std::string scanners; // "" = the default: vuln (when a database exists) and secret
	std::string db_path;  // "" = vulndb::default_db_path()
	unsigned db_max_age_days = 7;
	std::vector<std::string> severities;
	bool ignore_unfixed = false;
	int exit_code = 0;
	std::string ignore_file;
	std::vector<std::string> vex_files;
	std::string secret_config;
};

// `secrets`: whether the command can scan for secrets (sbom cannot).
void add_finding_flags(CLI::App &cmd, FindingFlags &flags, bool secrets);

// Everything loaded before the scan starts, so that a bad flag or a missing database fails
// before minutes of work.
struct FindingPlan {
	bool vuln = false;
	bool secret = false;
	std::optional<vulndb::VulnDb> db;
	std::unique_ptr<const secret::SecretScanner> secrets; // built-in rules + --secret-config
	std::optional<IgnoreFile> ignore;
	std::vector<VexStatement> vex;
	FindingFilter filter;
	std::vector<std::string> notices; // warnings to show with the report (e.g. no database)
};

Result<FindingPlan> plan_findings(const FindingFlags &flags, bool secrets_supported);

// Points the scan at what the plan needs (the secret scanner, the scanner names).
void apply_plan(const FindingPlan &plan, ScanOptions &options);

// Matches, suppresses, filters, writes the report and applies the gate: returns the exit code.
int finish_scan(Result<ScanReport> scanned, FindingPlan &plan, const FindingFlags &flags, const OutputFlags &output,
                bool progress_shown);

} // namespace bulwark
