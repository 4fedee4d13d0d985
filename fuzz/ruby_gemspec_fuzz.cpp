// Fuzzes the gemspec analyzer: the input is one gemspec under specifications/.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "analyze/analyzer.h"

namespace bulwark {
std::unique_ptr<Analyzer> make_ruby_gemspec_analyzer();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	auto content = std::make_shared<const std::string>(reinterpret_cast<const char *>(data), size);
	bulwark::FileView view;
	view.begin_layer(0);
	view.add({.path = "usr/lib/ruby/gems/3.1.0/specifications/fuzz-1.0.gemspec", .size = content->size(), .content = content});
	bulwark::AnalysisResult result;
	bulwark::make_ruby_gemspec_analyzer()->analyze(view, result);
	return 0;
}
