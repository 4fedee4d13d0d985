#include "cli/scanner_flags.h"

#include <algorithm>

namespace bulwark {

namespace {

const std::vector<std::string> known_scanners = {"vuln", "secret", "none"};

std::string trimmed(std::string text) {
	const auto first = text.find_first_not_of(" \t");
	const auto last = text.find_last_not_of(" \t");
	return first == std::string::npos ? "" : text.substr(first, last - first + 1);
}

} // namespace

void add_scanner_flags(CLI::App &cmd, ScannerFlags &flags) {
	cmd.add_option("--scanners", flags.scanners, "What to look for, comma-separated: vuln, secret (or none)")
	    ->capture_default_str();
	cmd.add_option("--secret-config", flags.secret_config,
	               "YAML file with extra secret rules, disabled rules, allowed paths (docs/secrets.md)");
}

Status apply_scanner_flags(const ScannerFlags &flags, ScanOptions &options,
                           std::unique_ptr<const secret::SecretScanner> &secrets) {
	options.scanners.clear();
	size_t start = 0;
	while (start <= flags.scanners.size()) {
		const size_t comma = std::min(flags.scanners.find(',', start), flags.scanners.size());
		const std::string name = trimmed(flags.scanners.substr(start, comma - start));
		start = comma + 1;
		if (name.empty()) {
			continue;
		}
		if (std::find(known_scanners.begin(), known_scanners.end(), name) == known_scanners.end()) {
			return make_error(ErrorCode::invalid_argument, "unknown scanner '" + name + "' in --scanners (vuln, secret, none)");
		}
		if (name != "none" && std::find(options.scanners.begin(), options.scanners.end(), name) == options.scanners.end()) {
			options.scanners.push_back(name);
		}
	}
	const bool secret_on = std::find(options.scanners.begin(), options.scanners.end(), "secret") != options.scanners.end();
	if (!secret_on) {
		if (!flags.secret_config.empty()) {
			return make_error(ErrorCode::invalid_argument, "--secret-config needs the secret scanner (--scanners secret)");
		}
		return {};
	}
	auto rules = secret::builtin_rule_set();
	if (!rules.ok()) {
		return rules.error();
	}
	secret::ScanSettings settings;
	if (!flags.secret_config.empty()) {
		auto config = secret::load_secret_config(flags.secret_config);
		if (!config.ok()) {
			return config.error();
		}
		auto applied = secret::apply_config(std::move(*rules), *config);
		if (!applied.ok()) {
			return make_error(applied.error().code, flags.secret_config + ": " + applied.error().message);
		}
		rules = std::move(applied);
		settings.scan_binaries = config->scan_binaries.value_or(settings.scan_binaries);
		settings.max_file_bytes = config->max_file_bytes.value_or(settings.max_file_bytes);
	}
	auto scanner = secret::SecretScanner::create(std::move(*rules), settings);
	if (!scanner.ok()) {
		return scanner.error();
	}
	secrets = std::move(*scanner);
	options.secrets = secrets.get();
	return {};
}

} // namespace bulwark
