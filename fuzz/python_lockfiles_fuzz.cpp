// Fuzzes the python lockfiles analyzer: the input is a requirements*.txt, Pipfile.lock,
// poetry.lock or uv.lock (the same bytes under each name).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "analyze/analyzer.h"

namespace bulwark {
std::unique_ptr<Analyzer> make_python_lockfiles_analyzer();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	auto content = std::make_shared<const std::string>(reinterpret_cast<const char *>(data), size);
	bulwark::FileView view;
	view.begin_layer(0);
	for (const char *path : {"app/requirements.txt", "app/Pipfile.lock", "app/poetry.lock", "app/uv.lock"}) {
		view.add({.path = path, .size = content->size(), .content = content});
	}
	bulwark::AnalysisResult result;
	bulwark::make_python_lockfiles_analyzer()->analyze(view, result);
	return 0;
}
