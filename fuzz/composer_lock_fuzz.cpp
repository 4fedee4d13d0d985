// Fuzzes the composer lock analyzer: the input is a composer.lock.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "analyze/analyzer.h"

namespace bulwark {
std::unique_ptr<Analyzer> make_composer_lock_analyzer();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	auto content = std::make_shared<const std::string>(reinterpret_cast<const char *>(data), size);
	bulwark::FileView view;
	view.begin_layer(0);
	view.add({.path = "app/composer.lock", .size = content->size(), .content = content});
	bulwark::AnalysisResult result;
	bulwark::make_composer_lock_analyzer()->analyze(view, result);
	return 0;
}
