#pragma once

namespace bulwark {

// Parses the command line, runs the command and returns the process exit code
// (docs/cli.md lists them).
int run_cli(int argc, char **argv);

} // namespace bulwark
