#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "cli/cli_support.h"
#include "cli/db_commands.h"
#include "cli/findings_flags.h"
#include "cli/version_compare.h"
#include "report/report_writer.h"
#include "sbom/sbom_reader.h"
#include "scan/scanner.h"
#include "version/version.h"

namespace bulwark {

namespace {

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
		// A nested command ("db import") takes over the flags from here on.
		if (command_seen && !arg.empty() && arg[0] != '-') {
			for (auto *sub : command->get_subcommands({})) {
				if (sub->get_name() == arg) {
					command = sub;
					break;
				}
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
	CLI::App app {"bulwark: container security scanner (packages and SBOMs, vulnerabilities, secrets)", "bulwark"};
	app.require_subcommand(1);
	app.set_version_flag("--version", std::string("bulwark ") + BULWARK_VERSION);

	OutputFlags output;
	LimitFlags limits;

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
	FindingFlags findings;
	add_finding_flags(*image, findings, true);

	std::string root_dir;
	CLI::App *rootfs = app.add_subcommand("rootfs", "Scan an unpacked root filesystem (e.g. / or a chroot)");
	rootfs->add_option("dir", root_dir, "Root directory")->required();
	add_output_flags(*rootfs, output);
	add_limit_flags(*rootfs, limits);
	add_finding_flags(*rootfs, findings, true);

	CLI::App *project = app.add_subcommand("fs", "Scan a project directory: installed packages and lockfiles "
	                                             "(package-lock.json, Cargo.lock, ...)");
	project->add_option("dir", root_dir, "Project directory")->required();
	add_output_flags(*project, output);
	add_limit_flags(*project, limits);
	add_finding_flags(*project, findings, true);

	std::string sbom_path;
	CLI::App *sbom = app.add_subcommand("sbom", "Scan a CycloneDX or SPDX JSON SBOM (bulwark's, Trivy's, ...) for "
	                                            "vulnerabilities");
	sbom->add_option("file", sbom_path, "SBOM file")->required();
	add_output_flags(*sbom, output);
	add_finding_flags(*sbom, findings, false);

	DbCommands db;
	add_db_commands(app, db);

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

	try {
		if (app.got_subcommand("db")) {
			return run_db_command(db);
		}
		ScanOptions options = scan_options(limits);
		options.progress = progress_printer(output.quiet);
		if (!make_report_writer(output.format, {})) {
			return fail(make_error(ErrorCode::invalid_argument, "unknown --format '" + output.format + "'"));
		}
		auto plan = plan_findings(findings, !*sbom);
		if (!plan.ok()) {
			return fail(plan.error());
		}
		apply_plan(*plan, options);
		const bool progress_shown = options.progress != nullptr;
		if (*sbom) {
			// An SBOM of a large image is far bigger than any image config: its own limit.
			JsonLimits sbom_limits;
			sbom_limits.max_bytes = size_t {512} << 20;
			return finish_scan(read_sbom(sbom_path, sbom_limits), *plan, findings, output, false);
		}
		if (*image) {
			auto parsed = Platform::parse(platform);
			if (!parsed.ok()) {
				return fail(parsed.error());
			}
			options.image.platform = *parsed;
			options.image.tag = tag;
			return finish_scan(scan_image(input, options), *plan, findings, output, progress_shown);
		}
		return finish_scan(scan_directory(root_dir, *project ? "fs" : "rootfs", options), *plan, findings, output,
		                   progress_shown);
	} catch (const std::bad_alloc &) {
		return fail(make_error(ErrorCode::internal, "out of memory"));
	}
}

} // namespace bulwark
