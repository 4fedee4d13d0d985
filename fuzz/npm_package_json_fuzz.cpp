// Fuzzes the installed-package analyzer: the input is one node_modules package.json.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "analyze/analyzer.h"

namespace bulwark {
std::unique_ptr<Analyzer> make_npm_installed_analyzer();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	auto input = std::make_shared<const std::string>(reinterpret_cast<const char *>(data), size);
	bulwark::FileView view;
	view.begin_layer(0);
	view.add({.path = "node_modules/@s/p/package.json", .size = input->size(), .content = input});
	bulwark::AnalysisResult result;
	bulwark::make_npm_installed_analyzer()->analyze(view, result);
	return 0;
}
