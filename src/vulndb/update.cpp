#include "vulndb/update.h"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>

#include <curl/curl.h>
#include <unistd.h>

namespace bulwark::vulndb {

namespace fs = std::filesystem;

namespace {

struct Download {
	std::string url;
	fs::path file;
};

struct CurlCloser {
	void operator()(CURL *curl) const {
		curl_easy_cleanup(curl);
	}
};
struct FileCloser {
	void operator()(std::FILE *file) const {
		std::fclose(file);
	}
};

// Removed on every way out of update_db().
class TempDirectory {
public:
	explicit TempDirectory(fs::path path) : path_(std::move(path)) {
	}
	~TempDirectory() {
		std::error_code ec;
		fs::remove_all(path_, ec);
	}
	TempDirectory(const TempDirectory &) = delete;
	TempDirectory &operator=(const TempDirectory &) = delete;
	const fs::path &path() const {
		return path_;
	}

private:
	fs::path path_;
};

struct Sink {
	std::FILE *file = nullptr;
	uint64_t written = 0;
	uint64_t limit = 0;
	bool over_limit = false;
};

size_t write_to_sink(char *data, size_t size, size_t count, void *user) {
	auto *sink = static_cast<Sink *>(user);
	const size_t bytes = size * count;
	if (bytes > sink->limit - sink->written) {
		sink->over_limit = true;
		return 0; // makes curl stop with CURLE_WRITE_ERROR
	}
	sink->written += bytes;
	return std::fwrite(data, 1, bytes, sink->file);
}

std::string host_of(const std::string &url) {
	const size_t start = url.find("://");
	if (start == std::string::npos) {
		return {};
	}
	std::string authority = url.substr(start + 3, url.find_first_of("/?#", start + 3) - start - 3);
	authority = authority.substr(authority.find('@') + 1); // user info
	if (!authority.empty() && authority[0] == '[') {
		return authority.substr(0, authority.find(']') + 1);
	}
	return authority.substr(0, authority.find(':'));
}

bool is_loopback(const std::string &host) {
	if (host == "localhost" || host == "[::1]") {
		return true;
	}
	// 127.0.0.0/8 written as a dotted quad
	unsigned a = 0, b = 0, c = 0, d = 0;
	char tail = 0;
	return std::sscanf(host.c_str(), "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) == 4 && a == 127 && b < 256 && c < 256 &&
	       d < 256;
}

Status fetch(const Download &download, const UpdateOptions &options) {
	BW_TRY(check_download_url(download.url, options.allow_insecure_http));
	static std::once_flag curl_initialised;
	std::call_once(curl_initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
	std::unique_ptr<CURL, CurlCloser> curl(curl_easy_init());
	fs::create_directories(download.file.parent_path());
	std::unique_ptr<std::FILE, FileCloser> file(std::fopen(download.file.c_str(), "wb"));
	if (!curl || !file) {
		return make_error(ErrorCode::io, "cannot start the download of " + download.url);
	}
	Sink sink {file.get(), 0, options.max_download_bytes, false};
	char error[CURL_ERROR_SIZE] = {};
	CURL *c = curl.get();
	curl_easy_setopt(c, CURLOPT_URL, download.url.c_str());
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, options.allow_insecure_http ? "http,https" : "https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, options.connect_timeout_seconds);
	// A stalled transfer (under 1 kB/s for a minute) is a failure, not a hang.
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options.max_download_bytes));
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_USERAGENT, "bulwark/" BULWARK_VERSION);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_to_sink);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
	const CURLcode rc = curl_easy_perform(c);
	if (sink.over_limit || rc == CURLE_FILESIZE_EXCEEDED) {
		return make_error(ErrorCode::limit_exceeded, download.url + ": larger than " +
		                                                 std::to_string(options.max_download_bytes) +
		                                                 " bytes; not downloaded");
	}
	if (rc != CURLE_OK) {
		return make_error(ErrorCode::io, "cannot download " + download.url + ": " +
		                                     (error[0] != '\0' ? error : curl_easy_strerror(rc)));
	}
	if (std::fflush(file.get()) != 0) {
		return make_error(ErrorCode::io, "cannot write " + download.file.string());
	}
	return {};
}

std::string trimmed(std::string url) {
	while (!url.empty() && url.back() == '/') {
		url.pop_back();
	}
	return url;
}

// One source of the update: what to fetch, and what to import into which source afterwards.
struct Plan {
	SourceInfo source;
	std::vector<Download> downloads;
	std::vector<fs::path> inputs; // imported in order into the source
};

std::vector<Plan> plan(const UpdateOptions &options, const fs::path &temp) {
	std::vector<Plan> plans;
	if (!options.osv_ecosystems.empty()) {
		Plan osv {{"osv", "osv", trimmed(options.osv_base_url), "", 0, ""}, {}, {}};
		for (const auto &ecosystem : options.osv_ecosystems) {
			const fs::path file = temp / "osv" / (ecosystem + ".zip");
			osv.downloads.push_back({trimmed(options.osv_base_url) + "/" + ecosystem + "/all.zip", file});
			osv.inputs.push_back(file);
		}
		plans.push_back(std::move(osv));
	}
	if (!options.debian_url.empty()) {
		const fs::path file = temp / "debian.json";
		plans.push_back(Plan {{"debian", "debian", options.debian_url, "", 0, ""}, {{options.debian_url, file}}, {file}});
	}
	if (!options.alpine_branches.empty() && !options.alpine_repositories.empty()) {
		Plan alpine {{"alpine", "alpine", trimmed(options.alpine_base_url), "", 0, ""}, {}, {temp / "alpine"}};
		for (const auto &branch : options.alpine_branches) {
			for (const auto &repository : options.alpine_repositories) {
				alpine.downloads.push_back({trimmed(options.alpine_base_url) + "/" + branch + "/" + repository + ".json",
				                            temp / "alpine" / branch / (repository + ".json")});
			}
		}
		plans.push_back(std::move(alpine));
	}
	return plans;
}

} // namespace

Status check_download_url(const std::string &url, bool allow_insecure_http) {
	if (url.rfind("https://", 0) == 0) {
		return {};
	}
	if (url.rfind("http://", 0) == 0 && (allow_insecure_http || is_loopback(host_of(url)))) {
		return {};
	}
	return make_error(ErrorCode::invalid_argument,
	                  "refusing to download " + url +
	                      ": only https:// URLs (or http:// to a loopback address) are allowed without the insecure "
	                      "flag");
}

Result<UpdateResult> update_db(const UpdateOptions &options) {
	const std::string db_path = options.db_path.empty() ? default_db_path() : options.db_path;
	const fs::path directory = fs::absolute(db_path).parent_path();
	std::error_code ec;
	fs::create_directories(directory, ec);
	// Same file system as the database: the downloads can be large, /tmp may be small.
	TempDirectory temp(directory / (".bulwark-update-" + std::to_string(getpid())));
	fs::remove_all(temp.path(), ec);
	if (!fs::create_directories(temp.path(), ec)) {
		return make_error(ErrorCode::io, "cannot create " + temp.path().string() + ": " + ec.message());
	}
	std::vector<Plan> plans = plan(options, temp.path());
	for (const auto &p : plans) {
		for (const auto &download : p.downloads) {
			BW_TRY(check_download_url(download.url, options.allow_insecure_http));
		}
	}
	for (const auto &p : plans) {
		for (const auto &download : p.downloads) {
			BW_TRY(fetch(download, options));
		}
	}
	// A database of another schema cannot be kept from; the update replaces it.
	const bool keep = options.keep_other_sources && fs::exists(db_path, ec) && VulnDb::open(db_path).ok();
	auto writer = DbWriter::create(db_path, keep);
	if (!writer.ok()) {
		return writer.error();
	}
	UpdateResult result;
	for (const auto &p : plans) {
		BW_TRY(writer->begin_source(p.source));
		UpdatedSource updated {p.source, {}};
		const auto importer = make_importer(p.source.kind);
		for (const auto &input : p.inputs) {
			auto stats = importer->import(input.string(), *writer, options.limits);
			if (!stats.ok()) {
				return stats.error();
			}
			updated.stats.records += stats->records;
			updated.stats.skipped += stats->skipped;
			updated.stats.withdrawn += stats->withdrawn;
			updated.stats.ignored += stats->ignored;
			for (const auto &[ecosystem, entries] : stats->unknown_ecosystems) {
				updated.stats.unknown_ecosystems[ecosystem] += entries;
			}
			for (auto &warning : stats->warnings) {
				if (updated.stats.warnings.size() < options.limits.max_warnings) {
					updated.stats.warnings.push_back(input.filename().string() + ": " + warning);
				}
			}
		}
		BW_TRY(writer->end_source());
		result.sources.push_back(std::move(updated));
	}
	BW_TRY(writer->commit());
	auto db = VulnDb::open(db_path);
	if (!db.ok()) {
		return db.error();
	}
	result.info = db->info();
	return result;
}

} // namespace bulwark::vulndb
