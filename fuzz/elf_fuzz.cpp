// Fuzzes the ELF reader and the Rust audit-section reader that sits on it: every section's
// bytes and a few virtual addresses are read back.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "analyze/elf.h"

namespace bulwark {
std::unique_ptr<Analyzer> make_rust_binary_analyzer();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	std::string_view input(reinterpret_cast<const char *>(data), size);
	auto elf = bulwark::ElfFile::parse(input);
	if (elf) {
		for (const auto &section : elf->sections()) {
			(void)elf->section_bytes(section);
			(void)elf->read_at_address(section.addr, 64);
		}
	}
	bulwark::FileMeta meta {"usr/local/bin/app", size, 0755};
	bulwark::AnalysisResult result;
	bulwark::make_rust_binary_analyzer()->inspect(meta, input, result);
	return 0;
}
