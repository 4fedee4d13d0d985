// Fuzzes the Python analyzer: the input is one dist-info METADATA file.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "analyze/analyzer.h"

namespace bulwark {
std::unique_ptr<Analyzer> make_python_packages_analyzer();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	auto content = std::make_shared<const std::string>(reinterpret_cast<const char *>(data), size);
	bulwark::FileView view;
	view.begin_layer(0);
	view.add({.path = "usr/lib/python3/dist-packages/fuzz-1.0.dist-info/METADATA", .size = content->size(), .content = content});
	bulwark::AnalysisResult result;
	bulwark::make_python_packages_analyzer()->analyze(view, result);
	return 0;
}
