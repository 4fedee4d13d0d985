#include "support/oracle_command.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace bulwark::testing {

bool tool_available(const std::string &tool) {
	return std::system(("command -v " + shell_quote(tool) + " >/dev/null 2>&1").c_str()) == 0;
}

std::string command_output(const std::string &command) {
	std::string output;
	FILE *pipe = popen(command.c_str(), "r");
	if (!pipe) {
		return output;
	}
	char buffer[65536];
	size_t n;
	while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
		output.append(buffer, n);
	}
	pclose(pipe);
	return output;
}

std::vector<std::string> sorted_lines(const std::string &text) {
	std::vector<std::string> lines;
	std::istringstream in(text);
	std::string line;
	while (std::getline(in, line)) {
		lines.push_back(line);
	}
	std::sort(lines.begin(), lines.end());
	return lines;
}

std::string shell_quote(const std::string &text) {
	std::string quoted = "'";
	for (char c : text) {
		if (c == '\'') {
			quoted += "'\\''";
		} else {
			quoted += c;
		}
	}
	return quoted + "'";
}

} // namespace bulwark::testing
