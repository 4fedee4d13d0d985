// What the advisory importer fuzzers share: the importers read files, so each input is
// written to one scratch file and imported into one database opened for the whole run
// (never committed; the scratch directory goes when the process does).
#pragma once

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <unistd.h>

#include "vulndb/importer.h"
#include "vulndb/store.h"

namespace bulwark::vulndb::fuzzing {

inline void import_bytes(const char *kind, const uint8_t *data, size_t size, const std::string &file_name) {
	// Destroyed after the writer (statics die in reverse order): removes what the run wrote.
	static const struct ScratchDir {
		std::filesystem::path path;
		~ScratchDir() {
			std::error_code ec;
			std::filesystem::remove_all(path, ec);
		}
	} scratch {std::filesystem::temp_directory_path() /
	           ("bulwark-fuzz-" + std::string(kind) + "-" + std::to_string(getpid()))};
	const std::filesystem::path &dir = scratch.path;
	static std::optional<DbWriter> writer = [&] {
		std::filesystem::create_directories(dir);
		auto created = DbWriter::create((dir / "fuzz.db").string(), false);
		if (!created.ok() || !created->begin_source(SourceInfo {"fuzz", "fuzz", "", "", 0, ""}).ok()) {
			std::abort();
		}
		return std::optional<DbWriter>(std::move(created).value());
	}();
	const std::filesystem::path file = dir / file_name;
	{
		std::ofstream out(file, std::ios::binary | std::ios::trunc);
		out.write(reinterpret_cast<const char *>(data), static_cast<std::streamsize>(size));
	}
	ImportLimits limits;
	limits.max_record_bytes = 1 << 20;
	limits.max_member_bytes = 1 << 20;
	(void)make_importer(kind)->import(file.string(), *writer, limits);
}

} // namespace bulwark::vulndb::fuzzing
