// Fuzzes the apk analyzer: the input is lib/apk/db/installed (first half in layer 0, all of
// it in layer 1, so layer attribution parses both).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "analyze/analyzer.h"

namespace bulwark {
std::unique_ptr<Analyzer> make_apk_analyzer();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	std::string input(reinterpret_cast<const char *>(data), size);
	bulwark::FileView view;
	view.begin_layer(0);
	auto first_half = std::make_shared<const std::string>(input.substr(0, size / 2));
	view.add({.path = "lib/apk/db/installed", .size = first_half->size(), .content = first_half});
	view.begin_layer(1);
	auto all = std::make_shared<const std::string>(input);
	view.add({.path = "lib/apk/db/installed", .size = all->size(), .content = all});
	bulwark::AnalysisResult result;
	bulwark::make_apk_analyzer()->analyze(view, result);
	return 0;
}
