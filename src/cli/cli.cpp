#include "cli/cli.h"

#include <cstdio>

namespace bulwark {

int run_cli(int argc, char **argv) {
	(void)argc;
	(void)argv;
	std::fprintf(stderr, "bulwark: not yet wired\n");
	return 2;
}

} // namespace bulwark
