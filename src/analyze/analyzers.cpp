// The registry: one line per analyzer. Adding an analyzer is adding its file in
// src/analyze/ and one line here (declaration + push_back).
#include "analyze/analyzer.h"

namespace bulwark {

// Each analyzer file defines its factory; declared here to keep per-analyzer headers away.
std::unique_ptr<Analyzer> make_os_release_analyzer();
std::unique_ptr<Analyzer> make_dpkg_analyzer();
std::unique_ptr<Analyzer> make_apk_analyzer();
std::unique_ptr<Analyzer> make_rpm_analyzer();

std::vector<std::unique_ptr<Analyzer>> make_analyzers() {
	std::vector<std::unique_ptr<Analyzer>> analyzers;
	analyzers.push_back(make_os_release_analyzer());
	analyzers.push_back(make_dpkg_analyzer());
	analyzers.push_back(make_apk_analyzer());
	analyzers.push_back(make_rpm_analyzer());
	return analyzers;
}

} // namespace bulwark
