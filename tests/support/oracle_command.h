// Running the real tools that tests use as oracles (python3, ruby, ...): is a tool there,
// and what it printed.
#pragma once

#include <string>
#include <vector>

namespace bulwark::testing {

// True when `tool` is an executable on PATH (or an absolute path to one).
bool tool_available(const std::string &tool);

// Standard output of `command` run by /bin/sh (stderr is not captured); empty when the
// command cannot be started.
std::string command_output(const std::string &command);

// The lines of a tool's output, sorted, for comparing as a set.
std::vector<std::string> sorted_lines(const std::string &text);

// `text` quoted for /bin/sh.
std::string shell_quote(const std::string &text);

} // namespace bulwark::testing
