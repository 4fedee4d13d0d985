// --scanners and --secret-config, shared by the image, rootfs and fs commands.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "scan/scanner.h"
#include "secret/scanner.h"

namespace bulwark {

struct ScannerFlags {
	std::string scanners = "vuln,secret";
	std::string secret_config;
};

void add_scanner_flags(CLI::App &cmd, ScannerFlags &flags);

// Fills options.scanners from --scanners ("vuln", "secret", "none"; an unknown name is an
// invalid_argument error) and, when "secret" is among them, loads the rules (built-in plus
// --secret-config) into `secrets` and points options.secrets at it.
Status apply_scanner_flags(const ScannerFlags &flags, ScanOptions &options,
                           std::unique_ptr<const secret::SecretScanner> &secrets);

} // namespace bulwark
