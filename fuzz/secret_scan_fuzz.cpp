// Fuzzes the secret engine on arbitrary bytes: the built-in rules over the input fed in
// pieces whose size the first byte picks, and redaction of it as one text. Checks what must
// hold for any input: findings are masked and have a position, and feeding in pieces finds
// what scanning the whole text finds (redaction changes the text exactly when there are any).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "secret/scanner.h"

namespace {

const bulwark::secret::SecretScanner &scanner() {
	static const auto compiled = [] {
		auto rules = bulwark::secret::builtin_rule_set();
		if (!rules.ok()) {
			std::abort();
		}
		bulwark::secret::ScanSettings settings;
		settings.scan_binaries = true; // binary input is what a fuzzer makes most
		settings.max_findings_per_file = 50;
		auto created = bulwark::secret::SecretScanner::create(std::move(*rules), settings);
		if (!created.ok()) {
			std::abort();
		}
		return std::move(*created);
	}();
	return *compiled;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	if (size == 0) {
		return 0;
	}
	static bulwark::secret::FileScan scan(scanner());
	const size_t chunk = 1 + data[0] % 64 * 37;
	const std::string_view text(reinterpret_cast<const char *>(data) + 1, size - 1);
	std::vector<bulwark::SecretFinding> found;
	std::vector<bulwark::Warning> warnings;
	scan.begin("fuzz/input.env", text.size());
	for (size_t at = 0; at < text.size(); at += chunk) {
		scan.feed(text.substr(at, chunk));
	}
	scan.finish(found, warnings);
	for (const auto &f : found) {
		if (f.line == 0 || f.column == 0 || f.masked.size() < 5 || f.masked.size() > 9 ||
		    f.masked.compare(f.masked.size() - 5, 5, "*****") != 0) {
			std::abort();
		}
	}
	// Redaction scans the text whole: the same findings, whatever the pieces were.
	const std::string redacted = scan.redact(text);
	if (found.empty() != (redacted == text)) {
		std::abort();
	}
	return 0;
}
