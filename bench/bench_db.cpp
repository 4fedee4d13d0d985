#include "bench_db.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>
#include <vector>

#include "vulndb/importer.h"
#include "vulndb/store.h"

namespace bulwark::bench {

namespace {

namespace fs = std::filesystem;
using namespace bulwark::vulndb;

struct Input {
	const char *source;
	const char *kind;
	const char *path; // under the data directory (or absolute)
};

constexpr Input kInputs[] = {
    {"osv:Go", "osv", "golang-vulndb/data/osv"},
    {"osv:PyPI", "osv", "pypi-advisory-db/vulns"},
    {"osv:ghsa-sample", "osv", "ghsa-sample"},
    {"alpine", "alpine", "alpine-secdb"},
    {"debian", "debian", "vunnel-fixtures/tests/unit/providers/debian/test-fixtures/input/debian.json"},
    {"rustsec", "rustsec", "rustsec-advisory-db"},
    {"rubysec", "rubysec", "rubysec-advisory-db"},
    {"nodejs", "nodejs", "nodejs-security-wg"},
};

double seconds_since(std::chrono::steady_clock::time_point start) {
	return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool build_database(const fs::path &db_path, const fs::path &data) {
	auto writer = DbWriter::create(db_path.string(), false);
	if (!writer.ok()) {
		std::fprintf(stderr, "%s\n", writer.error().describe().c_str());
		return false;
	}
	std::printf("%-18s %8s %8s %8s %8s %9s\n", "source", "records", "skipped", "wdrawn", "ignored", "seconds");
	const auto all_start = std::chrono::steady_clock::now();
	std::vector<Input> inputs(std::begin(kInputs), std::end(kInputs));
	const char *debian_json = std::getenv("BULWARK_BENCH_DEBIAN_JSON");
	if (debian_json != nullptr) {
		inputs.push_back(Input {"debian-full", "debian", debian_json});
	}
	for (const auto &input : inputs) {
		auto importer = make_importer(input.kind);
		const fs::path path = data / input.path;
		if (importer == nullptr || !fs::exists(path)) {
			std::printf("%-18s (no importer or no data)\n", input.source);
			continue;
		}
		const auto start = std::chrono::steady_clock::now();
		if (!writer->begin_source(SourceInfo {input.source, input.kind, path.string(), "", 0, ""}).ok()) {
			return false;
		}
		auto stats = importer->import(path.string(), *writer, ImportLimits {});
		if (!stats.ok() || !writer->end_source().ok()) {
			std::fprintf(stderr, "%s: %s\n", input.source, stats.ok() ? "end_source failed" : stats.error().describe().c_str());
			return false;
		}
		std::printf("%-18s %8llu %8llu %8llu %8llu %9.3f\n", input.source,
		            static_cast<unsigned long long>(stats->records), static_cast<unsigned long long>(stats->skipped),
		            static_cast<unsigned long long>(stats->withdrawn), static_cast<unsigned long long>(stats->ignored),
		            seconds_since(start));
		for (size_t i = 0; i < stats->warnings.size() && i < 8; ++i) {
			std::printf("    warning: %.160s\n", stats->warnings[i].c_str());
		}
		for (const auto &[ecosystem, entries] : stats->unknown_ecosystems) {
			std::printf("    not read: %llu entries of ecosystem '%s'\n", static_cast<unsigned long long>(entries),
			            ecosystem.c_str());
		}
	}
	const auto commit_start = std::chrono::steady_clock::now();
	if (!writer->commit().ok()) {
		return false;
	}
	std::printf("commit: %.3f s; whole import: %.3f s\n", seconds_since(commit_start), seconds_since(all_start));
	auto db = VulnDb::open(db_path.string());
	if (!db.ok()) {
		return false;
	}
	const DbInfo info = db->info();
	std::printf("database: %llu bytes, %llu advisories, %llu affected rows: %.1f bytes/advisory, %.1f bytes/row\n",
	            static_cast<unsigned long long>(info.file_bytes), static_cast<unsigned long long>(info.advisories),
	            static_cast<unsigned long long>(info.affected_rows),
	            static_cast<double>(info.file_bytes) / static_cast<double>(std::max<uint64_t>(info.advisories, 1)),
	            static_cast<double>(info.file_bytes) / static_cast<double>(std::max<uint64_t>(info.affected_rows, 1)));
	return true;
}

} // namespace

fs::path vulndata_dir() {
	const char *data = std::getenv("BULWARK_VULNDATA");
	return data != nullptr ? data : "/work/shared/vulndata";
}

BenchDb::BenchDb(const char *bench_name) {
	const char *kept = std::getenv("BULWARK_BENCH_DB");
	kept_ = kept != nullptr;
	path_ = kept_ ? fs::path(kept)
	              : fs::temp_directory_path() / (std::string(bench_name) + "-" + std::to_string(getpid())) /
	                    "bulwark.db";
	ok_ = (kept_ && fs::exists(path_)) || build_database(path_, vulndata_dir());
}

BenchDb::~BenchDb() {
	if (!kept_) {
		std::error_code ec;
		fs::remove_all(path_.parent_path(), ec);
	}
}

} // namespace bulwark::bench
