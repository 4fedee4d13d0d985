#include "secret/database_cache.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <hs/hs.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/sha256.h"

namespace bulwark::secret {

namespace {

constexpr std::string_view file_prefix = "secret-rules-";
constexpr size_t files_kept = 8; // rule sets of other versions and configs, most recent first

std::string cache_key(const PatternSet &set) {
	Sha256 hash;
	hs_platform_info_t platform {};
	hs_populate_platform(&platform);
	hash.update(hs_version());
	hash.update(&platform, sizeof(platform));
	hash.update(&set.mode, sizeof(set.mode));
	for (size_t i = 0; i < set.patterns.size(); ++i) {
		hash.update(&set.flags[i], sizeof(set.flags[i]));
		hash.update(set.patterns[i]);
		hash.update("\0", 1);
	}
	return hash.finish_digest().substr(7, 32);
}

constexpr char file_magic[8] = {'b', 'w', 's', 'e', 'c', 'd', 'b', '1'};

std::string cache_file(const PatternSet &set) {
	const std::string dir = database_cache_dir();
	return dir.empty() ? "" : dir + "/" + std::string(file_prefix) + cache_key(set) + ".hsdb";
}

// File layout: the magic, the pattern count (uint32), one uint32 width per pattern, then the
// database as hs_serialize_database wrote it.
std::optional<CompiledPatterns> load(const std::string &file, size_t patterns) {
	std::ifstream in(file, std::ios::binary | std::ios::ate);
	const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : -1;
	if (size <= 0) {
		return std::nullopt;
	}
	std::string bytes(static_cast<size_t>(size), '\0');
	if (!in.seekg(0).read(bytes.data(), size)) {
		return std::nullopt;
	}
	const size_t header = sizeof(file_magic) + sizeof(uint32_t) * (1 + patterns);
	uint32_t count = 0;
	if (bytes.size() <= header || bytes.compare(0, sizeof(file_magic), file_magic, sizeof(file_magic)) != 0) {
		return std::nullopt;
	}
	std::memcpy(&count, bytes.data() + sizeof(file_magic), sizeof(count));
	if (count != patterns) {
		return std::nullopt;
	}
	CompiledPatterns out;
	out.max_widths.resize(patterns);
	std::memcpy(out.max_widths.data(), bytes.data() + sizeof(file_magic) + sizeof(count), sizeof(uint32_t) * patterns);
	if (hs_deserialize_database(bytes.data() + header, bytes.size() - header, &out.database) != HS_SUCCESS) {
		return std::nullopt;
	}
	return out;
}

// The directory holds one database per rule set ever used; only the most recent few stay.
void prune(const std::string &dir) {
	std::vector<std::pair<std::filesystem::file_time_type, std::filesystem::path>> files;
	std::error_code ec;
	for (const auto &entry : std::filesystem::directory_iterator(dir, ec)) {
		const std::string name = entry.path().filename().string();
		if (name.rfind(file_prefix, 0) == 0 && entry.is_regular_file(ec)) {
			files.emplace_back(entry.last_write_time(ec), entry.path());
		}
	}
	if (files.size() <= files_kept) {
		return;
	}
	std::sort(files.begin(), files.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
	for (size_t i = files_kept; i < files.size(); ++i) {
		std::filesystem::remove(files[i].second, ec);
	}
}

// Written to a temporary file and renamed, so that a reader never sees half a database.
void store(const std::string &file, const CompiledPatterns &compiled) {
	const std::string dir = file.substr(0, file.rfind('/'));
	std::error_code ec;
	std::filesystem::create_directories(dir, ec);
	if (ec) {
		return;
	}
	::chmod(dir.c_str(), 0700);
	char *bytes = nullptr;
	size_t length = 0;
	if (hs_serialize_database(compiled.database, &bytes, &length) != HS_SUCCESS) {
		return;
	}
	std::string content(file_magic, sizeof(file_magic));
	const auto count = static_cast<uint32_t>(compiled.max_widths.size());
	content.append(reinterpret_cast<const char *>(&count), sizeof(count));
	content.append(reinterpret_cast<const char *>(compiled.max_widths.data()), sizeof(uint32_t) * count);
	content.append(bytes, length);
	std::free(bytes);
	std::string temp = file + ".XXXXXX";
	const int fd = ::mkstemp(temp.data());
	if (fd < 0) {
		return;
	}
	size_t done = 0;
	while (done < content.size()) {
		const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
		if (n <= 0) {
			break;
		}
		done += static_cast<size_t>(n);
	}
	const bool written = done == content.size() && ::close(fd) == 0;
	if (!written || ::rename(temp.c_str(), file.c_str()) != 0) {
		::unlink(temp.c_str());
	}
	prune(dir);
}

} // namespace

std::string database_cache_dir() {
	if (const char *dir = std::getenv("BULWARK_CACHE_DIR")) {
		return dir;
	}
	if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
		return std::string(xdg) + "/bulwark";
	}
	if (const char *home = std::getenv("HOME"); home && *home) {
		return std::string(home) + "/.cache/bulwark";
	}
	return "";
}

std::optional<CompiledPatterns> load_compiled(const PatternSet &set) {
	const std::string file = cache_file(set);
	return file.empty() ? std::nullopt : load(file, set.patterns.size());
}

Result<CompiledPatterns> compile_and_store(const PatternSet &set, std::vector<uint32_t> max_widths,
                                           int *failed_pattern) {
	*failed_pattern = -1;
	std::vector<const char *> patterns;
	std::vector<unsigned> ids;
	for (size_t i = 0; i < set.patterns.size(); ++i) {
		patterns.push_back(set.patterns[i].c_str());
		ids.push_back(static_cast<unsigned>(i));
	}
	CompiledPatterns out;
	out.max_widths = std::move(max_widths);
	hs_compile_error_t *error = nullptr;
	if (hs_compile_multi(patterns.data(), set.flags.data(), ids.data(), static_cast<unsigned>(patterns.size()),
	                     set.mode, nullptr, &out.database, &error) != HS_SUCCESS) {
		std::string message = error ? error->message : "unknown error";
		*failed_pattern = error ? error->expression : -1;
		hs_free_compile_error(error);
		return make_error(ErrorCode::invalid_argument, message);
	}
	if (const std::string file = cache_file(set); !file.empty()) {
		store(file, out);
	}
	return out;
}

} // namespace bulwark::secret
