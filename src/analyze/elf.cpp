// ELF headers as the System V gABI lays them out; only the fields the analyzers need are
// read, each through read_uint so that no access can leave the buffer.
#include "analyze/elf.h"

#include <string>

namespace bulwark {

namespace {

constexpr std::string_view kMagic = "\x7f"
                                    "ELF";
constexpr uint16_t kExtendedIndex = 0xffff; // SHN_XINDEX: the name table index lives elsewhere

// Offsets of the fields read, for one ELF class.
struct Layout {
	size_t header_size, phoff, shoff, phentsize, phnum, shentsize, shnum, shstrndx, word;
	size_t sh_size_min, sh_addr, sh_offset, sh_size;
	size_t ph_size_min, ph_flags, ph_offset, ph_vaddr, ph_filesz, ph_memsz;
};

constexpr Layout kElf32 {52, 28, 32, 42, 44, 46, 48, 50, 4, 40, 12, 16, 20, 32, 24, 4, 8, 16, 20};
constexpr Layout kElf64 {64, 32, 40, 54, 56, 58, 60, 62, 8, 64, 16, 24, 32, 56, 4, 8, 16, 32, 40};

// True if [offset, offset + size) lies inside a buffer of `total` bytes.
bool fits(uint64_t offset, uint64_t size, uint64_t total) {
	return offset <= total && size <= total - offset;
}

Error corrupt(const std::string &what) {
	return make_error(ErrorCode::corrupt, "ELF: " + what);
}

constexpr uint64_t kMinExecutableSize = 64;
constexpr uint64_t kMaxExecutableSize = 512ULL << 20;

} // namespace

bool ExecutableAnalyzer::wants(std::string_view /*path*/) const {
	return false;
}

void ExecutableAnalyzer::analyze(const FileView & /*view*/, AnalysisResult & /*out*/) const {
}

bool ExecutableAnalyzer::inspects(const FileMeta &file) const {
	return (file.mode & 0111) != 0 && file.size >= kMinExecutableSize && file.size <= kMaxExecutableSize;
}

bool ElfFile::has_magic(std::string_view data) {
	return data.substr(0, kMagic.size()) == kMagic;
}

std::optional<uint64_t> ElfFile::read_uint(std::string_view bytes, size_t offset, size_t width, bool big_endian) {
	if (!fits(offset, width, bytes.size()) || width == 0 || width > 8) {
		return std::nullopt;
	}
	uint64_t value = 0;
	for (size_t i = 0; i < width; ++i) {
		const auto byte = static_cast<unsigned char>(bytes[offset + (big_endian ? i : width - 1 - i)]);
		value = (value << 8) | byte;
	}
	return value;
}

Result<ElfFile> ElfFile::parse(std::string_view data) {
	if (!has_magic(data)) {
		return make_error(ErrorCode::unsupported, "not an ELF file");
	}
	if (data.size() < 16) {
		return make_error(ErrorCode::truncated, "ELF: identification cut short");
	}
	ElfFile elf;
	elf.data_ = data;
	const auto elf_class = static_cast<unsigned char>(data[4]);
	const auto encoding = static_cast<unsigned char>(data[5]);
	if ((elf_class != 1 && elf_class != 2) || (encoding != 1 && encoding != 2)) {
		return corrupt("unknown class " + std::to_string(elf_class) + " or data encoding " + std::to_string(encoding));
	}
	elf.is_64bit_ = elf_class == 2;
	elf.big_endian_ = encoding == 2;
	const Layout &l = elf.is_64bit_ ? kElf64 : kElf32;
	if (data.size() < l.header_size) {
		return make_error(ErrorCode::truncated, "ELF: file header cut short");
	}
	auto field = [&](std::string_view bytes, size_t offset, size_t width) {
		return *read_uint(bytes, offset, width, elf.big_endian_); // callers checked the size
	};
	const uint64_t phoff = field(data, l.phoff, l.word);
	const uint64_t shoff = field(data, l.shoff, l.word);
	const uint64_t phentsize = field(data, l.phentsize, 2);
	const uint64_t phnum = field(data, l.phnum, 2);
	const uint64_t shentsize = field(data, l.shentsize, 2);
	const uint64_t shnum = field(data, l.shnum, 2);
	const uint64_t shstrndx = field(data, l.shstrndx, 2);

	if (phnum > 0) {
		if (phentsize < l.ph_size_min || !fits(phoff, phnum * phentsize, data.size())) {
			return make_error(ErrorCode::truncated, "ELF: program headers outside the file");
		}
		for (uint64_t i = 0; i < phnum; ++i) {
			auto entry = data.substr(phoff + i * phentsize, phentsize);
			ElfSegment segment;
			segment.type = static_cast<uint32_t>(field(entry, 0, 4));
			segment.flags = static_cast<uint32_t>(field(entry, l.ph_flags, 4));
			segment.offset = field(entry, l.ph_offset, l.word);
			segment.vaddr = field(entry, l.ph_vaddr, l.word);
			segment.filesz = field(entry, l.ph_filesz, l.word);
			segment.memsz = field(entry, l.ph_memsz, l.word);
			if (segment.type == kSegmentLoad && !fits(segment.offset, segment.filesz, data.size())) {
				return make_error(ErrorCode::truncated, "ELF: loadable segment " + std::to_string(i) + " outside the file");
			}
			elf.segments_.push_back(segment);
		}
	}

	if (shnum > 0) {
		if (shentsize < l.sh_size_min || !fits(shoff, shnum * shentsize, data.size())) {
			return make_error(ErrorCode::truncated, "ELF: section headers outside the file");
		}
		std::vector<uint32_t> name_offsets;
		for (uint64_t i = 0; i < shnum; ++i) {
			auto entry = data.substr(shoff + i * shentsize, shentsize);
			ElfSection section;
			name_offsets.push_back(static_cast<uint32_t>(field(entry, 0, 4)));
			section.type = static_cast<uint32_t>(field(entry, 4, 4));
			section.addr = field(entry, l.sh_addr, l.word);
			section.offset = field(entry, l.sh_offset, l.word);
			section.size = field(entry, l.sh_size, l.word);
			if (section.type != kSectionNoBits && !fits(section.offset, section.size, data.size())) {
				return corrupt("section " + std::to_string(i) + " lies outside the file");
			}
			elf.sections_.push_back(section);
		}
		if (shstrndx != kExtendedIndex && shstrndx < shnum) {
			const std::string_view names = elf.section_bytes(elf.sections_[shstrndx]);
			for (size_t i = 0; i < elf.sections_.size(); ++i) {
				if (name_offsets[i] >= names.size()) {
					continue;
				}
				auto name = names.substr(name_offsets[i]);
				elf.sections_[i].name = name.substr(0, name.find('\0'));
			}
		}
	}
	return elf;
}

const ElfSection *ElfFile::find_section(std::string_view name) const {
	for (const auto &section : sections_) {
		if (section.name == name) {
			return &section;
		}
	}
	return nullptr;
}

std::string_view ElfFile::section_bytes(const ElfSection &section) const {
	if (section.type == kSectionNoBits) {
		return {};
	}
	return data_.substr(section.offset, section.size);
}

std::optional<std::string_view> ElfFile::read_at_address(uint64_t addr, uint64_t size) const {
	for (const auto &segment : segments_) {
		if (segment.type != kSegmentLoad || addr < segment.vaddr || addr - segment.vaddr >= segment.filesz) {
			continue;
		}
		const uint64_t skip = addr - segment.vaddr;
		const uint64_t available = segment.filesz - skip;
		return data_.substr(segment.offset + skip, size < available ? size : available);
	}
	return std::nullopt;
}

} // namespace bulwark
