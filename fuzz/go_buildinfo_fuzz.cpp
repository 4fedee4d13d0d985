// Fuzzes the Go binary analyzer: the input is an executable's content (ELF headers, the
// build info header and its inline or pointer-form strings, the module text).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "analyze/analyzer.h"

namespace bulwark {
std::unique_ptr<Analyzer> make_go_binary_analyzer();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	std::string_view input(reinterpret_cast<const char *>(data), size);
	bulwark::FileMeta meta {"usr/local/bin/app", size, 0755};
	bulwark::AnalysisResult result;
	bulwark::make_go_binary_analyzer()->inspect(meta, input, result);
	return 0;
}
