// Fuzzes the npm lockfile analyzer: the input is read as package-lock.json, yarn.lock and
// pnpm-lock.yaml at once, next to an installed package.json so the installed-wins check runs.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "analyze/analyzer.h"

namespace bulwark {
std::unique_ptr<Analyzer> make_npm_lockfile_analyzer();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	auto input = std::make_shared<const std::string>(reinterpret_cast<const char *>(data), size);
	auto installed = std::make_shared<const std::string>(R"({"name":"ms","version":"2.0.0"})");
	bulwark::FileView view;
	view.begin_layer(0);
	for (const char *path : {"app/package-lock.json", "app/yarn.lock", "app/pnpm-lock.yaml"}) {
		view.add({.path = path, .size = input->size(), .content = input});
	}
	view.add({.path = "app/node_modules/ms/package.json", .size = installed->size(), .content = installed});
	bulwark::AnalysisResult result;
	bulwark::make_npm_lockfile_analyzer()->analyze(view, result);
	return 0;
}
