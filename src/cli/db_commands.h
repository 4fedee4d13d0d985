// `bulwark db import|info|update`: build and inspect the offline advisory database.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "vulndb/update.h"

namespace bulwark {

struct DbCommands {
	CLI::App *import = nullptr;
	CLI::App *info = nullptr;
	CLI::App *update = nullptr;
	vulndb::UpdateOptions update_options;
	std::string db_path;
	std::string kind;
	std::string name;
	std::vector<std::string> inputs;
	bool replace_all = false;
	bool quiet = false;
};

// Adds the `db` command and its subcommands to the app.
void add_db_commands(CLI::App &app, DbCommands &db);
// Runs whichever db subcommand was parsed; returns the exit code.
int run_db_command(const DbCommands &db);

} // namespace bulwark
