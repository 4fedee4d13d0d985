#include "secret/database_cache.h"

#include <algorithm>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <hs/hs.h>
#include <iterator>
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

hs_database_t *load(const std::string &file) {
	std::ifstream in(file, std::ios::binary);
	if (!in) {
		return nullptr;
	}
	const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
	hs_database_t *db = nullptr;
	if (bytes.empty() || hs_deserialize_database(bytes.data(), bytes.size(), &db) != HS_SUCCESS) {
		return nullptr;
	}
	return db;
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
void store(const std::string &dir, const std::string &file, const hs_database_t *db) {
	std::error_code ec;
	std::filesystem::create_directories(dir, ec);
	if (ec) {
		return;
	}
	::chmod(dir.c_str(), 0700);
	char *bytes = nullptr;
	size_t length = 0;
	if (hs_serialize_database(db, &bytes, &length) != HS_SUCCESS) {
		return;
	}
	std::string temp = file + ".XXXXXX";
	const int fd = ::mkstemp(temp.data());
	bool written = false;
	if (fd >= 0) {
		size_t done = 0;
		while (done < length) {
			const ssize_t n = ::write(fd, bytes + done, length - done);
			if (n <= 0) {
				break;
			}
			done += static_cast<size_t>(n);
		}
		written = done == length && ::close(fd) == 0;
		if (!written || ::rename(temp.c_str(), file.c_str()) != 0) {
			::unlink(temp.c_str());
		}
	}
	std::free(bytes);
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

Result<hs_database *> cached_database(const PatternSet &set, int *failed_pattern) {
	*failed_pattern = -1;
	const std::string dir = database_cache_dir();
	const std::string file = dir.empty() ? "" : dir + "/" + std::string(file_prefix) + cache_key(set) + ".hsdb";
	if (!file.empty()) {
		if (hs_database_t *db = load(file)) {
			return db;
		}
	}
	std::vector<const char *> patterns;
	std::vector<unsigned> ids;
	for (size_t i = 0; i < set.patterns.size(); ++i) {
		patterns.push_back(set.patterns[i].c_str());
		ids.push_back(static_cast<unsigned>(i));
	}
	hs_database_t *db = nullptr;
	hs_compile_error_t *error = nullptr;
	if (hs_compile_multi(patterns.data(), set.flags.data(), ids.data(), static_cast<unsigned>(patterns.size()),
	                     set.mode, nullptr, &db, &error) != HS_SUCCESS) {
		std::string message = error ? error->message : "unknown error";
		*failed_pattern = error ? error->expression : -1;
		hs_free_compile_error(error);
		return make_error(ErrorCode::invalid_argument, message);
	}
	if (!file.empty()) {
		store(dir, file, db);
	}
	return db;
}

} // namespace bulwark::secret
