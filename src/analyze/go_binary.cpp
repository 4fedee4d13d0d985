// Go binaries: the build information the Go linker embeds in every executable since Go
// 1.13, as `go version -m` reads it (debug/buildinfo). ELF only. The 32-byte header
// "\xff Go buildinf:" + pointer size + flags sits at a 16-aligned offset of the
// `.go.buildinfo` section, or of the first writable, non-executable loadable segment when
// section headers were stripped. Flags bit 1 (since Go 1.18): the toolchain version and the
// module information follow inline as varint-length-prefixed strings. Otherwise (older
// toolchains) two pointers follow the header, each to a Go string header {data, len} of
// the recorded pointer size and byte order (flags bit 0 = big endian), resolved through
// the loadable segments. The module information is text between two 16-byte sentinels:
// "path\t<package>", "mod\t<path>\t<version>\t<sum>", "dep\t..." lines, each dep optionally
// followed by a "=>\t<path>\t<version>\t<sum>" replacement.
//
// Packages follow Trivy (pkg/dependency/parser/golang/binary): the toolchain as "stdlib"
// with version "v" + the Go version without "go" and without any " X:..." experiment
// suffix; a replaced dependency is reported under its replacement's path and version (a
// local directory replacement has no version). Unlike Trivy, a main module version of
// "(devel)" is kept as written.
#include <string>

#include "analyze/analyzer.h"
#include "analyze/control_file.h"
#include "analyze/elf.h"
#include "util/lines.h"

namespace bulwark {

namespace {

constexpr std::string_view kMagic = "\xff Go buildinf:";
constexpr size_t kHeaderSize = 32;
constexpr size_t kAlign = 16;
constexpr size_t kSearchWindow = 64 * 1024; // as debug/buildinfo: the header is near the start
constexpr uint64_t kMaxStringSize = 4U << 20;
constexpr size_t kSentinelSize = 16;
constexpr uint8_t kFlagBigEndian = 1;
constexpr uint8_t kFlagInline = 2;

struct BuildInfo {
	std::string go_version;
	std::string modinfo; // sentinels stripped; "" when the binary was built without modules
};

// The bytes where the header is searched for, as debug/buildinfo chooses them.
std::string_view search_area(const ElfFile &elf) {
	if (const ElfSection *section = elf.find_section(".go.buildinfo")) {
		return elf.section_bytes(*section).substr(0, kSearchWindow);
	}
	for (const auto &segment : elf.segments()) {
		constexpr uint32_t kWriteExec = ElfFile::kSegmentWrite | 1;
		if (segment.type == ElfFile::kSegmentLoad && (segment.flags & kWriteExec) == ElfFile::kSegmentWrite) {
			return elf.read_at_address(segment.vaddr, kSearchWindow).value_or(std::string_view {});
		}
	}
	return {};
}

// The header at the first 16-aligned occurrence of the magic, with what follows it.
std::optional<std::string_view> find_header(std::string_view area) {
	for (size_t at = 0; at + kHeaderSize <= area.size(); at += kAlign) {
		if (area.substr(at, kMagic.size()) == kMagic) {
			return area.substr(at);
		}
	}
	return std::nullopt;
}

// An unsigned LEB128 varint (encoding/binary.Uvarint), advancing `pos`.
std::optional<uint64_t> read_uvarint(std::string_view bytes, size_t &pos) {
	uint64_t value = 0;
	for (unsigned shift = 0; shift < 64 && pos < bytes.size(); shift += 7) {
		const auto byte = static_cast<unsigned char>(bytes[pos++]);
		value |= static_cast<uint64_t>(byte & 0x7f) << shift;
		if ((byte & 0x80) == 0) {
			return value;
		}
	}
	return std::nullopt;
}

Result<std::string> read_inline_string(std::string_view bytes, size_t &pos) {
	auto length = read_uvarint(bytes, pos);
	if (!length || *length > kMaxStringSize || *length > bytes.size() - pos) {
		return make_error(ErrorCode::corrupt, "inline build info string runs past its section");
	}
	std::string value(bytes.substr(pos, *length));
	pos += *length;
	return value;
}

// A Go string whose header {data pointer, length} sits at virtual address `header_addr`.
Result<std::string> read_pointer_string(const ElfFile &elf, uint64_t header_addr, size_t ptr_size, bool big_endian) {
	auto header = elf.read_at_address(header_addr, 2 * ptr_size);
	auto data_addr = header ? ElfFile::read_uint(*header, 0, ptr_size, big_endian) : std::nullopt;
	auto length = header ? ElfFile::read_uint(*header, ptr_size, ptr_size, big_endian) : std::nullopt;
	if (!data_addr || !length || *length > kMaxStringSize) {
		return make_error(ErrorCode::corrupt, "build info string header is not in a loadable segment");
	}
	if (*length == 0) {
		return std::string();
	}
	auto data = elf.read_at_address(*data_addr, *length);
	if (!data || data->size() != *length) {
		return make_error(ErrorCode::corrupt, "build info string is not in a loadable segment");
	}
	return std::string(*data);
}

std::string strip_sentinels(const std::string &modinfo) {
	if (modinfo.size() < 2 * kSentinelSize + 1 || modinfo[modinfo.size() - kSentinelSize - 1] != '\n') {
		return {};
	}
	return modinfo.substr(kSentinelSize, modinfo.size() - 2 * kSentinelSize);
}

// nullopt: not a Go binary (or not ELF); an Error: a Go header whose strings are broken.
Result<std::optional<BuildInfo>> read_build_info(std::string_view content) {
	auto elf = ElfFile::parse(content);
	if (!elf) {
		return std::optional<BuildInfo> {};
	}
	auto header = find_header(search_area(*elf));
	if (!header) {
		return std::optional<BuildInfo> {};
	}
	const size_t ptr_size = static_cast<unsigned char>((*header)[14]);
	const auto flags = static_cast<uint8_t>((*header)[15]);
	BuildInfo info;
	if (flags & kFlagInline) {
		size_t pos = kHeaderSize;
		auto version = read_inline_string(*header, pos);
		BW_TRY(version);
		auto modinfo = read_inline_string(*header, pos);
		BW_TRY(modinfo);
		info.go_version = std::move(version.value());
		info.modinfo = std::move(modinfo.value());
	} else {
		if (ptr_size != 4 && ptr_size != 8) {
			return make_error(ErrorCode::corrupt, "pointer size " + std::to_string(ptr_size) + " in build info header");
		}
		const bool big_endian = (flags & kFlagBigEndian) != 0;
		auto version_ptr = ElfFile::read_uint(*header, 16, ptr_size, big_endian);
		auto modinfo_ptr = ElfFile::read_uint(*header, 16 + ptr_size, ptr_size, big_endian);
		auto version = read_pointer_string(*elf, *version_ptr, ptr_size, big_endian);
		BW_TRY(version);
		auto modinfo = read_pointer_string(*elf, *modinfo_ptr, ptr_size, big_endian);
		BW_TRY(modinfo);
		info.go_version = std::move(version.value());
		info.modinfo = std::move(modinfo.value());
	}
	if (info.go_version.empty()) {
		return std::optional<BuildInfo> {}; // debug/buildinfo: not a Go executable
	}
	info.modinfo = strip_sentinels(info.modinfo);
	return std::optional<BuildInfo>(std::move(info));
}

// "go1.22.3 X:boringcrypto" → "v1.22.3".
std::string stdlib_version(std::string_view go_version) {
	if (go_version.substr(0, 2) == "go") {
		go_version.remove_prefix(2);
	}
	return "v" + std::string(go_version.substr(0, go_version.find(' ')));
}

// Tab-separated fields after the key of a modinfo line.
std::vector<std::string_view> fields_of(std::string_view rest) {
	std::vector<std::string_view> fields;
	for (;;) {
		auto tab = rest.find('\t');
		fields.push_back(rest.substr(0, tab));
		if (tab == std::string_view::npos) {
			return fields;
		}
		rest.remove_prefix(tab + 1);
	}
}

Package golang_package(std::string_view name, std::string_view version) {
	Package pkg;
	pkg.type = "golang";
	pkg.name = std::string(name);
	pkg.version = std::string(version);
	return pkg;
}

std::vector<Package> packages_of(const BuildInfo &info, RecordWarnings &warnings) {
	std::vector<Package> packages;
	std::optional<Package> main_module;
	bool last_was_dep = false;
	LineReader lines(info.modinfo);
	std::string_view line;
	while (lines.next(line)) {
		const auto tab = line.find('\t');
		const std::string_view key = line.substr(0, tab);
		const bool module_line = key == "mod" || key == "dep" || key == "=>";
		if (!module_line) {
			last_was_dep = false;
			continue; // "path", "build" settings
		}
		auto fields = tab == std::string_view::npos ? std::vector<std::string_view> {} : fields_of(line.substr(tab + 1));
		if (fields.size() < 2 || fields.size() > 3 || fields[0].empty()) {
			warnings.bad_record(lines.line_number(), "module line without path and version; skipped");
			last_was_dep = false;
			continue;
		}
		if (key == "mod") {
			main_module = golang_package(fields[0], fields[1]);
		} else if (key == "dep") {
			packages.push_back(golang_package(fields[0], fields[1]));
		} else if (last_was_dep) {
			packages.back() = golang_package(fields[0], fields[1]);
		} else {
			warnings.bad_record(lines.line_number(), "replacement without a dependency before it; skipped");
		}
		last_was_dep = key == "dep";
	}
	if (main_module) {
		packages.push_back(std::move(*main_module));
	}
	packages.push_back(golang_package("stdlib", stdlib_version(info.go_version)));
	return packages;
}

class GoBinaryAnalyzer : public ExecutableAnalyzer {
public:
	std::string_view name() const override {
		return "go-binary";
	}

	void inspect(const FileMeta &file, std::string_view content, AnalysisResult &out) const override {
		const std::string source = std::string(file.path) + " (Go build info)";
		auto info = read_build_info(content);
		if (!info) {
			out.warnings.push_back(Warning {WarningKind::bad_record, source + ": " + info.error().describe()});
			return;
		}
		RecordWarnings warnings(out.warnings, source);
		if (!info.value()) {
			return;
		}
		for (auto &pkg : packages_of(*info.value(), warnings)) {
			pkg.db_path = std::string(file.path);
			out.packages.push_back(std::move(pkg));
		}
	}
};

} // namespace

std::unique_ptr<Analyzer> make_go_binary_analyzer() {
	return std::make_unique<GoBinaryAnalyzer>();
}

} // namespace bulwark
