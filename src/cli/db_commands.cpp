#include "cli/db_commands.h"

#include <cstdio>
#include <filesystem>

#include "cli/cli_support.h"
#include "util/utc_time.h"
#include "vulndb/importer.h"
#include "vulndb/store.h"

namespace bulwark {

namespace {

std::string db_path_or_default(const std::string &path) {
	return path.empty() ? vulndb::default_db_path() : path;
}

int run_import(const DbCommands &db) {
	auto importer = vulndb::make_importer(db.kind);
	if (!importer) {
		std::string kinds;
		for (const auto &k : vulndb::importer_kinds()) {
			kinds += (kinds.empty() ? "" : ", ") + k;
		}
		return fail(make_error(ErrorCode::invalid_argument, "unknown --kind '" + db.kind + "' (known: " + kinds + ")"));
	}
	const std::string path = db_path_or_default(db.db_path);
	std::error_code ec;
	std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
	auto writer = vulndb::DbWriter::create(path, !db.replace_all);
	if (!writer.ok()) {
		return fail(writer.error());
	}
	for (const auto &input : db.inputs) {
		vulndb::SourceInfo source;
		// One source per input: importing the same input again replaces its records.
		source.name = db.name.empty() ? db.kind + ":" + std::filesystem::path(input).lexically_normal().string() : db.name;
		source.kind = db.kind;
		source.origin = input;
		source.imported_at = utc_now_rfc3339();
		if (auto begun = writer->begin_source(source); !begun.ok()) {
			return fail(begun.error());
		}
		auto stats = importer->import(input, *writer, vulndb::ImportLimits {});
		if (!stats.ok()) {
			return fail(stats.error());
		}
		if (auto ended = writer->end_source(); !ended.ok()) {
			return fail(ended.error());
		}
		if (!db.quiet) {
			for (const auto &w : stats->warnings) {
				warn(w);
			}
		}
		std::fprintf(stderr, "bulwark: imported %llu advisories from %s (%llu skipped, %llu withdrawn)\n",
		             static_cast<unsigned long long>(stats->records), input.c_str(),
		             static_cast<unsigned long long>(stats->skipped), static_cast<unsigned long long>(stats->withdrawn));
	}
	if (auto committed = writer->commit(); !committed.ok()) {
		return fail(committed.error());
	}
	return exit_ok;
}

int run_update(const DbCommands &db) {
	vulndb::UpdateOptions options = db.update_options;
	options.db_path = db_path_or_default(db.db_path);
	// `--osv-ecosystems ""` means none.
	for (auto *list : {&options.osv_ecosystems, &options.alpine_branches}) {
		std::erase(*list, std::string());
	}
	std::error_code ec;
	std::filesystem::create_directories(std::filesystem::path(options.db_path).parent_path(), ec);
	auto updated = vulndb::update_db(options);
	if (!updated.ok()) {
		return fail(updated.error());
	}
	for (const auto &s : updated->sources) {
		if (!db.quiet) {
			for (const auto &w : s.stats.warnings) {
				warn(w);
			}
		}
		std::fprintf(stderr, "bulwark: %s: %llu advisories (%llu skipped, %llu withdrawn) from %s\n",
		             s.source.name.c_str(), static_cast<unsigned long long>(s.stats.records),
		             static_cast<unsigned long long>(s.stats.skipped),
		             static_cast<unsigned long long>(s.stats.withdrawn), s.source.origin.c_str());
	}
	std::fprintf(stderr, "bulwark: database %s: %llu advisories, %llu bytes\n", options.db_path.c_str(),
	             static_cast<unsigned long long>(updated->info.advisories),
	             static_cast<unsigned long long>(updated->info.file_bytes));
	return exit_ok;
}

int run_info(const DbCommands &db) {
	const std::string path = db_path_or_default(db.db_path);
	auto opened = vulndb::VulnDb::open(path);
	if (!opened.ok()) {
		return fail(opened.error());
	}
	auto info = opened->info();
	std::printf("database:  %s\nschema:    %d\nbuilt:     %s\nsize:      %llu bytes\nadvisories: %llu (%llu "
	            "affected-package entries)\n",
	            path.c_str(), info.schema_version, info.built_at.c_str(),
	            static_cast<unsigned long long>(info.file_bytes), static_cast<unsigned long long>(info.advisories),
	            static_cast<unsigned long long>(info.affected_rows));
	for (const auto &s : info.sources) {
		std::printf("source:    %s [%s] %llu advisories, newest %s, imported %s from %s\n", s.name.c_str(),
		            s.kind.c_str(), static_cast<unsigned long long>(s.advisories),
		            s.newest.empty() ? "(no dates)" : s.newest.c_str(), s.imported_at.c_str(), s.origin.c_str());
	}
	return exit_ok;
}

} // namespace

void add_db_commands(CLI::App &app, DbCommands &db) {
	CLI::App *cmd = app.add_subcommand("db", "Build and inspect the offline advisory database");
	cmd->require_subcommand(1);
	cmd->add_option("--db", db.db_path, "Database file (default: " + vulndb::default_db_path() + ")");

	std::string kinds;
	for (const auto &k : vulndb::importer_kinds()) {
		kinds += (kinds.empty() ? "" : "|") + k;
	}
	db.import = cmd->add_subcommand("import", "Import advisories from local files (directories, zips, JSON, YAML)");
	db.import->add_option("-k,--kind", db.kind, "Source format: " + kinds)->required();
	db.import->add_option("--name", db.name, "Source name (default: KIND:PATH; re-importing a name replaces it)");
	db.import->add_option("paths", db.inputs, "Files or directories to import")->required();
	db.import->add_flag("--replace-all", db.replace_all, "Start from an empty database instead of adding a source");
	db.import->add_flag("-q,--quiet", db.quiet, "No per-record warnings");
	db.import->add_option("--db", db.db_path, "Database file");

	db.info = cmd->add_subcommand("info", "Show the database's sources, record counts and age");
	db.info->add_option("--db", db.db_path, "Database file");

	auto &u = db.update_options;
	db.update = cmd->add_subcommand("update", "Download the official feeds (OSV dumps, Debian tracker, Alpine "
	                                          "secdb) and rebuild the database atomically");
	db.update->add_option("--db", db.db_path, "Database file");
	db.update->add_option("--osv-base-url", u.osv_base_url, "Base of <Ecosystem>/all.zip")->capture_default_str();
	db.update->add_option("--osv-ecosystems", u.osv_ecosystems, "OSV ecosystems to fetch (empty: none)")
	    ->delimiter(',')
	    ->capture_default_str();
	db.update->add_option("--debian-url", u.debian_url, "Debian tracker JSON (empty: none)")->capture_default_str();
	db.update->add_option("--alpine-base-url", u.alpine_base_url, "Base of <branch>/<repo>.json")
	    ->capture_default_str();
	db.update->add_option("--alpine-branches", u.alpine_branches, "Alpine branches (empty: none)")
	    ->delimiter(',')
	    ->capture_default_str();
	db.update->add_option("--max-download-bytes", u.max_download_bytes, "Refuse a download larger than this")
	    ->capture_default_str();
	db.update->add_flag("--insecure-http", u.allow_insecure_http,
	                    "Allow plain http:// URLs to hosts other than loopback (TLS is on by default)");
	db.update->add_flag("-q,--quiet", db.quiet, "No per-record warnings");
}

int run_db_command(const DbCommands &db) {
	if (db.import != nullptr && *db.import) {
		return run_import(db);
	}
	if (db.update != nullptr && *db.update) {
		return run_update(db);
	}
	return run_info(db);
}

} // namespace bulwark
