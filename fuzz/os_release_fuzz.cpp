// Fuzzes the OS identity analyzer: the input as etc/os-release, then (in a view without
// os-release) as each of the older release files the fallback reads.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "analyze/analyzer.h"

namespace bulwark {
std::unique_ptr<Analyzer> make_os_release_analyzer();
}

namespace {

void run(const char *path, const std::shared_ptr<const std::string> &content) {
	bulwark::FileView view;
	view.begin_layer(0);
	view.add({.path = path, .size = content->size(), .content = content});
	bulwark::AnalysisResult result;
	bulwark::make_os_release_analyzer()->analyze(view, result);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	auto input = std::make_shared<const std::string>(reinterpret_cast<const char *>(data), size);
	for (const char *path : {"etc/os-release", "etc/alpine-release", "etc/redhat-release", "etc/debian_version"}) {
		run(path, input);
	}
	return 0;
}
