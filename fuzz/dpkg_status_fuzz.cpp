// Fuzzes the dpkg analyzer: the input is a status file (first half in layer 0, all of it in
// layer 1, so layer attribution parses both) and a distroless status.d/ stanza file.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "analyze/analyzer.h"

namespace bulwark {
std::unique_ptr<Analyzer> make_dpkg_analyzer();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	std::string input(reinterpret_cast<const char *>(data), size);
	bulwark::FileView view;
	view.begin_layer(0);
	auto first_half = std::make_shared<const std::string>(input.substr(0, size / 2));
	view.add({.path = "var/lib/dpkg/status", .size = first_half->size(), .content = first_half});
	view.begin_layer(1);
	auto content = std::make_shared<const std::string>(input);
	view.add({.path = "var/lib/dpkg/status", .size = size, .content = content});
	view.add({.path = "var/lib/dpkg/status.d/pkg", .size = size, .content = content});
	bulwark::AnalysisResult result;
	bulwark::make_dpkg_analyzer()->analyze(view, result);
	return 0;
}
