// Fuzzes the go.mod / go.sum analyzer: the input is read both as a go.mod and as a lone go.sum.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "analyze/analyzer.h"

namespace bulwark {
std::unique_ptr<Analyzer> make_go_mod_analyzer();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	auto content = std::make_shared<const std::string>(reinterpret_cast<const char *>(data), size);
	bulwark::FileView view;
	view.begin_layer(0);
	view.add({.path = "app/go.mod", .size = content->size(), .content = content});
	view.add({.path = "other/go.sum", .size = content->size(), .content = content});
	bulwark::AnalysisResult result;
	bulwark::make_go_mod_analyzer()->analyze(view, result);
	return 0;
}
