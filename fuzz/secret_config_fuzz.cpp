// Fuzzes the --secret-config reader (YAML through yaml-cpp into rules) and its application to
// the built-in rules. Compiling the patterns is left out: that is Hyperscan's and RE2's own
// parser, and a fuzzer's regexes would spend its time in their compilers.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "secret/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	static const auto builtin = bulwark::secret::builtin_rule_set();
	auto config = bulwark::secret::parse_secret_config(std::string_view(reinterpret_cast<const char *>(data), size),
	                                                   "fuzz.yaml");
	if (config.ok() && builtin.ok()) {
		(void)bulwark::secret::apply_config(builtin.value(), *config);
	}
	auto rules = bulwark::secret::parse_rule_set(std::string_view(reinterpret_cast<const char *>(data), size), "fuzz.yaml");
	(void)rules;
	return 0;
}
