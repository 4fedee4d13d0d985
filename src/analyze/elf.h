// A small, bounds-checked reader of ELF files held in memory (32/64-bit, either byte
// order), for analyzers that look inside executables without running them: section
// headers by name, loadable segments, and virtual-address → bytes mapping. Every offset,
// size and count in the headers is checked against the buffer before it is used; a file
// that breaks the rules is an Error, never a read out of bounds.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "analyze/analyzer.h"
#include "util/result.h"

namespace bulwark {

struct ElfSection {
	std::string_view name; // from the section-name string table ("" if it has none)
	uint32_t type = 0;     // SHT_*; SHT_NOBITS (8) has no bytes in the file
	uint64_t addr = 0;
	uint64_t offset = 0;
	uint64_t size = 0;
};

struct ElfSegment {
	uint32_t type = 0;  // PT_*; PT_LOAD = 1
	uint32_t flags = 0; // PF_X 1, PF_W 2, PF_R 4
	uint64_t vaddr = 0;
	uint64_t offset = 0;
	uint64_t filesz = 0;
	uint64_t memsz = 0;
};

// Base of the analyzers that read executables while they stream (Go, Rust) and nothing on
// the merged view. They inspect a regular file with an execute bit, big enough for an ELF
// header and at most 512 MiB (its content is held in memory while it is inspected).
class ExecutableAnalyzer : public Analyzer {
public:
	bool wants(std::string_view path) const override;
	void analyze(const FileView &view, AnalysisResult &out) const override;
	bool inspects(const FileMeta &file) const override;
};

class ElfFile {
public:
	static constexpr uint32_t kSectionNoBits = 8;
	static constexpr uint32_t kSegmentLoad = 1;
	static constexpr uint32_t kSegmentWrite = 2;
	static constexpr uint32_t kSegmentRead = 4;

	// True if `data` starts with the ELF magic (cheap test before parse).
	static bool has_magic(std::string_view data);
	// Reads the file, section and program headers of `data`, which must outlive the result.
	// unsupported: not ELF; truncated/corrupt: headers outside the buffer or inconsistent.
	static Result<ElfFile> parse(std::string_view data);

	bool is_64bit() const {
		return is_64bit_;
	}
	bool big_endian() const {
		return big_endian_;
	}
	const std::vector<ElfSection> &sections() const {
		return sections_;
	}
	const std::vector<ElfSegment> &segments() const {
		return segments_;
	}

	// The first section called `name`, if any.
	const ElfSection *find_section(std::string_view name) const;
	// The bytes of a section in the file; empty for SHT_NOBITS. Bounds were checked by parse.
	std::string_view section_bytes(const ElfSection &section) const;
	// Up to `size` bytes at virtual address `addr`, from the loadable segment holding it and
	// cut at that segment's end in the file; nullopt if no segment maps `addr` to file bytes.
	std::optional<std::string_view> read_at_address(uint64_t addr, uint64_t size) const;

	// An unsigned integer of `width` bytes (1, 2, 4 or 8) at `offset` of `bytes`, in the
	// given byte order; nullopt if it does not fit.
	static std::optional<uint64_t> read_uint(std::string_view bytes, size_t offset, size_t width, bool big_endian);

private:
	ElfFile() = default;
	std::string_view data_;
	bool is_64bit_ = false;
	bool big_endian_ = false;
	std::vector<ElfSection> sections_;
	std::vector<ElfSegment> segments_;
};

} // namespace bulwark
