// Fuzzes the packages.lock.json analyzer: the input is a packages.lock.json.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "analyze/analyzer.h"

namespace bulwark {
std::unique_ptr<Analyzer> make_nuget_lock_analyzer();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	auto content = std::make_shared<const std::string>(reinterpret_cast<const char *>(data), size);
	bulwark::FileView view;
	view.begin_layer(0);
	view.add({.path = "app/packages.lock.json", .size = content->size(), .content = content});
	bulwark::AnalysisResult result;
	bulwark::make_nuget_lock_analyzer()->analyze(view, result);
	return 0;
}
