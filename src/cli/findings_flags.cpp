#include "cli/findings_flags.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <sstream>
#include <sys/stat.h>

#include "match/vuln_matcher.h"
#include "util/utc_time.h"

namespace bulwark {

namespace {

// The built-in rules, adjusted by the user's --secret-config, compiled once for the scan.
Result<std::unique_ptr<const secret::SecretScanner>> load_secret_scanner(const std::string &config_path) {
	auto rules = secret::builtin_rule_set();
	if (!rules.ok()) {
		return rules.error();
	}
	secret::ScanSettings settings;
	if (!config_path.empty()) {
		auto config = secret::load_secret_config(config_path);
		if (!config.ok()) {
			return config.error();
		}
		auto applied = secret::apply_config(std::move(*rules), *config);
		if (!applied.ok()) {
			return make_error(applied.error().code, config_path + ": " + applied.error().message);
		}
		rules = std::move(applied);
		settings.scan_binaries = config->scan_binaries.value_or(settings.scan_binaries);
		settings.max_file_bytes = config->max_file_bytes.value_or(settings.max_file_bytes);
	}
	return secret::SecretScanner::create(std::move(*rules), settings);
}

bool file_exists(const std::string &path) {
	struct stat st {};
	return ::stat(path.c_str(), &st) == 0;
}

} // namespace

void add_finding_flags(CLI::App &cmd, FindingFlags &flags, bool secrets) {
	cmd.add_option("--scanners", flags.scanners,
	               secrets ? "Comma list of vuln,secret (or none); default: both, vuln only when a database exists"
	                       : "vuln (or none); default: vuln");
	cmd.add_option("--db", flags.db_path, "Advisory database (default: " + vulndb::default_db_path() + ")");
	cmd.add_option("--db-max-age", flags.db_max_age_days, "Warn when the database is older than this many days")
	    ->capture_default_str();
	cmd.add_option("--severity", flags.severities, "Report only these severities (UNKNOWN,LOW,MEDIUM,HIGH,CRITICAL)")
	    ->delimiter(',');
	cmd.add_flag("--ignore-unfixed", flags.ignore_unfixed, "Drop vulnerabilities that have no fixed version yet");
	cmd.add_option("--exit-code", flags.exit_code,
	               "Exit with this code when unsuppressed findings remain after filtering (0 = never)")
	    ->capture_default_str();
	cmd.add_option("--ignore-file", flags.ignore_file,
	               "Ignore file: bulwark YAML (ids, purls, paths, expiry, reason) or a .trivyignore");
	cmd.add_option("--vex", flags.vex_files, "OpenVEX document(s): not_affected/fixed statements suppress findings");
	if (secrets) {
		cmd.add_option("--secret-config", flags.secret_config,
		               "YAML file with extra secret rules, disabled rules, allowed paths (docs/secrets.md)");
	}
}

Result<FindingPlan> plan_findings(const FindingFlags &flags, bool secrets_supported) {
	FindingPlan plan;
	const bool explicit_scanners = !flags.scanners.empty();
	if (explicit_scanners) {
		std::stringstream list(flags.scanners);
		std::string name;
		while (std::getline(list, name, ',')) {
			if (name == "vuln") {
				plan.vuln = true;
			} else if (name == "secret" && secrets_supported) {
				plan.secret = true;
			} else if (name != "none" && !name.empty()) {
				return make_error(ErrorCode::invalid_argument,
				                  "unknown scanner '" + name + "' (known: vuln" + (secrets_supported ? ", secret" : "") +
				                      ", none)");
			}
		}
	} else {
		plan.vuln = true;
		plan.secret = secrets_supported;
	}
	for (const auto &s : flags.severities) {
		auto parsed = parse_severity(s);
		if (!parsed) {
			return make_error(ErrorCode::invalid_argument, "unknown severity '" + s + "'");
		}
		plan.filter.severities.push_back(*parsed);
	}
	plan.filter.ignore_unfixed = flags.ignore_unfixed;
	if (!flags.secret_config.empty() && !plan.secret) {
		return make_error(ErrorCode::invalid_argument, "--secret-config needs the secret scanner (--scanners secret)");
	}
	if (plan.secret) {
		auto secrets = load_secret_scanner(flags.secret_config);
		if (!secrets.ok()) {
			return secrets.error();
		}
		plan.secrets = std::move(secrets).value();
	}
	if (plan.vuln) {
		const std::string path = flags.db_path.empty() ? vulndb::default_db_path() : flags.db_path;
		if (!file_exists(path)) {
			const std::string how = "run 'bulwark db update' (online) or 'bulwark db import' (offline)";
			if (explicit_scanners || !flags.db_path.empty()) {
				return make_error(ErrorCode::io, "no advisory database at " + path + "; " + how);
			}
			// The default run without a database still inventories and looks for secrets, but says so.
			plan.vuln = false;
			plan.notices.push_back("no advisory database at " + path + ": vulnerabilities NOT scanned; " + how);
		} else {
			auto db = vulndb::VulnDb::open(path);
			if (!db.ok()) {
				return db.error();
			}
			plan.db.emplace(std::move(db).value());
			auto info = plan.db->info();
			if (auto age = days_since(info.built_at); age && *age > flags.db_max_age_days) {
				plan.notices.push_back("advisory database " + path + " was built " +
				                       std::to_string(static_cast<long>(*age)) +
				                       " days ago; run 'bulwark db update'");
			}
		}
	}
	if (!flags.ignore_file.empty()) {
		auto ignore = load_ignore_file(flags.ignore_file);
		if (!ignore.ok()) {
			return ignore.error();
		}
		plan.ignore = std::move(ignore).value();
	}
	for (const auto &path : flags.vex_files) {
		auto statements = load_openvex(path);
		if (!statements.ok()) {
			return statements.error();
		}
		plan.vex.insert(plan.vex.end(), statements->begin(), statements->end());
	}
	return plan;
}

void apply_plan(const FindingPlan &plan, ScanOptions &options) {
	options.secrets = plan.secrets.get();
	if (plan.secret) {
		options.scanners.push_back("secret");
	}
}

int finish_scan(Result<ScanReport> scanned, FindingPlan &plan, const FindingFlags &flags, const OutputFlags &output,
                bool progress_shown) {
	if (progress_shown) {
		std::fprintf(stderr, "\r\033[K");
	}
	if (!scanned.ok()) {
		return fail(scanned.error());
	}
	ScanReport &report = scanned.value();
	for (const auto &notice : plan.notices) {
		report.warnings.push_back({WarningKind::other, notice});
	}
	if (plan.vuln) {
		report.scanners.push_back("vuln");
		auto matched = match_vulnerabilities(report, *plan.db);
		if (!matched.ok()) {
			return fail(matched.error());
		}
		auto info = plan.db->info();
		VulnDbSummary summary;
		summary.path = flags.db_path.empty() ? vulndb::default_db_path() : flags.db_path;
		summary.built_at = info.built_at;
		for (const auto &s : info.sources) {
			summary.sources.push_back(s.name + " (" + std::to_string(s.advisories) + " advisories, imported " +
			                          s.imported_at + ")");
		}
		report.vulndb = std::move(summary);
	}
	if (plan.secret && std::find(report.scanners.begin(), report.scanners.end(), "secret") == report.scanners.end()) {
		report.scanners.push_back("secret");
	}
	apply_suppressions(report, plan.ignore ? &*plan.ignore : nullptr, plan.vex, utc_today());
	apply_filter(report, plan.filter);
	int written = write_report(report, output);
	if (written != exit_ok) {
		return written;
	}
	if (flags.exit_code != 0 && unsuppressed_findings(report) > 0) {
		return flags.exit_code;
	}
	return exit_ok;
}

} // namespace bulwark
