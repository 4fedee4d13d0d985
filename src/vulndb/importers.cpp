// The registry: one line per advisory format. Adding a format is adding its file in
// src/vulndb/ and one line here (declaration + entry).
#include "vulndb/importer.h"

namespace bulwark::vulndb {

// Each importer file defines its factory; declared here to keep per-format headers away.
std::unique_ptr<Importer> make_osv_importer();
std::unique_ptr<Importer> make_debian_importer();
std::unique_ptr<Importer> make_alpine_importer();
std::unique_ptr<Importer> make_rustsec_importer();
std::unique_ptr<Importer> make_rubysec_importer();
std::unique_ptr<Importer> make_nodejs_importer();

namespace {

using Factory = std::unique_ptr<Importer> (*)();

constexpr Factory kFactories[] = {
    make_osv_importer,
    make_debian_importer,
    make_alpine_importer,
    make_rustsec_importer,
    make_rubysec_importer,
    make_nodejs_importer,
};

} // namespace

std::unique_ptr<Importer> make_importer(std::string_view kind) {
	for (const Factory factory : kFactories) {
		auto importer = factory();
		if (importer->kind() == kind) {
			return importer;
		}
	}
	return nullptr;
}

std::vector<std::string> importer_kinds() {
	std::vector<std::string> kinds;
	for (const Factory factory : kFactories) {
		kinds.emplace_back(factory()->kind());
	}
	return kinds;
}

} // namespace bulwark::vulndb
