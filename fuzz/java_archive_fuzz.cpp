// Fuzzes the Java archive analyzer: the input is the content of "app/lib/app-1.0.war" as the
// layer walker hands it over (zip directory, pom.properties, MANIFEST.MF, nested archives).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "analyze/analyzer.h"

namespace bulwark {
std::unique_ptr<Analyzer> make_java_archive_analyzer();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	static const auto analyzer = bulwark::make_java_archive_analyzer();
	const bulwark::FileMeta meta {"app/lib/app-1.0.war", size, 0644};
	if (analyzer->inspects(meta)) {
		bulwark::AnalysisResult result;
		analyzer->inspect(meta, std::string_view(reinterpret_cast<const char *>(data), size), result);
	}
	return 0;
}
