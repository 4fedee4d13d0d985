// Rust binaries built with cargo-auditable: the ELF section `.dep-v0` holds the crate list
// as zlib-compressed JSON, {"packages":[{"name","version","source","kind","dependencies",
// "root"}]} with "kind" "runtime" (the default when absent) or "build". Like Trivy
// (pkg/dependency/parser/rust/binary, via go-rustaudit), only runtime crates are reported:
// build-time crates are not in the executable. The JSON is inflated with a hard output limit
// (a small section must not expand into gigabytes) and parsed with the JSON size and depth
// limits.
#include <isa-l/igzip_lib.h>

#include <string>

#include "analyze/elf.h"
#include "util/json.h"

namespace bulwark {

namespace {

constexpr std::string_view kSection = ".dep-v0";
constexpr size_t kMaxJsonSize = 8U << 20;

// The zlib stream `compressed` inflated, or an Error when it is broken, cut short or would
// expand past `limit` bytes.
Result<std::string> inflate_zlib(std::string_view compressed, size_t limit) {
	inflate_state state;
	isal_inflate_init(&state);
	state.crc_flag = ISAL_ZLIB;
	state.next_in = reinterpret_cast<uint8_t *>(const_cast<char *>(compressed.data()));
	state.avail_in = static_cast<uint32_t>(compressed.size());
	std::string out;
	char chunk[64 * 1024];
	while (state.block_state != ISAL_BLOCK_FINISH) {
		state.next_out = reinterpret_cast<uint8_t *>(chunk);
		state.avail_out = sizeof(chunk);
		const uint32_t avail_in = state.avail_in;
		const int rc = isal_inflate(&state);
		if (rc != ISAL_DECOMP_OK && rc != ISAL_END_INPUT && rc != ISAL_OUT_OVERFLOW) {
			return make_error(ErrorCode::corrupt, "invalid zlib data (isal_inflate " + std::to_string(rc) + ")");
		}
		const size_t produced = sizeof(chunk) - state.avail_out;
		if (out.size() + produced > limit) {
			return make_error(ErrorCode::limit_exceeded, "expands past " + std::to_string(limit) + " bytes");
		}
		out.append(chunk, produced);
		if (produced == 0 && state.avail_in == avail_in && state.block_state != ISAL_BLOCK_FINISH) {
			return make_error(ErrorCode::truncated, "zlib stream ends early");
		}
	}
	return out;
}

Result<std::vector<Package>> crates_of(const std::string &json, const std::string &what) {
	simdjson::dom::parser parser;
	auto root = parse_json(parser, json, JsonLimits {}, what);
	BW_TRY(root);
	auto packages = json_array(root.value(), "packages");
	if (!packages) {
		return make_error(ErrorCode::malformed_json, what + ": no \"packages\" array");
	}
	std::vector<Package> crates;
	for (simdjson::dom::element entry : *packages) {
		auto name = json_string(entry, "name");
		auto version = json_string(entry, "version");
		if (!name || !version || name->empty()) {
			return make_error(ErrorCode::malformed_json, what + ": a package without name or version");
		}
		if (json_string(entry, "kind").value_or("runtime") != "runtime") {
			continue;
		}
		Package crate;
		crate.type = "cargo";
		crate.name = std::string(*name);
		crate.version = std::string(*version);
		crates.push_back(std::move(crate));
	}
	return crates;
}

class RustBinaryAnalyzer : public ExecutableAnalyzer {
public:
	std::string_view name() const override {
		return "rust-binary";
	}

	void inspect(const FileMeta &file, std::string_view content, AnalysisResult &out) const override {
		auto elf = ElfFile::parse(content);
		const ElfSection *section = elf ? elf->find_section(kSection) : nullptr;
		if (!section) {
			return;
		}
		const std::string what = std::string(file.path) + " (" + std::string(kSection) + ")";
		auto json = inflate_zlib(elf->section_bytes(*section), kMaxJsonSize);
		auto crates = json ? crates_of(json.value(), what) : Result<std::vector<Package>>(json.error());
		if (!crates) {
			out.warnings.push_back(Warning {WarningKind::bad_record, what + ": " + crates.error().describe()});
			return;
		}
		for (auto &crate : crates.value()) {
			crate.db_path = std::string(file.path);
			out.packages.push_back(std::move(crate));
		}
	}
};

} // namespace

std::unique_ptr<Analyzer> make_rust_binary_analyzer() {
	return std::make_unique<RustBinaryAnalyzer>();
}

} // namespace bulwark
