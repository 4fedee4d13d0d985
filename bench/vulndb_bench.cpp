// The advisory database on real data: imports every source under $BULWARK_VULNDATA
// (default /work/shared/vulndata) into one database, prints import time, records and bytes
// per advisory per source, then measures lookups (Google Benchmark): batches of 1,000
// lookups of packages that are in the database and of packages that are not.
// BULWARK_BENCH_DB=<file> keeps the database there and reuses it when it exists (profiling
// lookups without importing again). BULWARK_BENCH_DEBIAN_JSON=<file> adds a full-size
// tracker document (bench/make-debian-tracker-json.py makes a synthetic one).
//
//   ninja -C build bulwark_bench_vulndb && build/bench/bulwark_bench_vulndb
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <sqlite3.h>

#include "vulndb/importer.h"
#include "vulndb/store.h"

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

struct Key {
	std::string ecosystem, release, name;
};

fs::path g_db_path;
std::vector<Key> g_hits;
std::vector<Key> g_misses;

double seconds_since(std::chrono::steady_clock::time_point start) {
	return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool build_database(const fs::path &data) {
	auto writer = DbWriter::create(g_db_path.string(), false);
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
	auto db = VulnDb::open(g_db_path.string());
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

// Every distinct key of `affected`, read with SQLite directly (the store has no listing API).
void load_keys() {
	sqlite3 *db = nullptr;
	sqlite3_open_v2(g_db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
	sqlite3_stmt *stmt = nullptr;
	sqlite3_prepare_v2(db, "SELECT DISTINCT ecosystem, release, name FROM affected", -1, &stmt, nullptr);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		auto text = [&](int i) { return std::string(reinterpret_cast<const char *>(sqlite3_column_text(stmt, i))); };
		g_hits.push_back(Key {text(0), text(1), text(2)});
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	std::mt19937 random(42);
	std::shuffle(g_hits.begin(), g_hits.end(), random);
	for (const auto &key : g_hits) {
		g_misses.push_back(Key {key.ecosystem, key.release, key.name + "-not-there"});
	}
	std::printf("%zu distinct packages in the database\n", g_hits.size());
}

void lookups(benchmark::State &state, const std::vector<Key> &keys) {
	auto db = VulnDb::open(g_db_path.string());
	if (!db.ok() || keys.empty()) {
		state.SkipWithError("no database");
		return;
	}
	size_t next = 0;
	size_t candidates = 0;
	for (auto _ : state) {
		for (int i = 0; i < 1000; ++i) {
			const Key &key = keys[next++ % keys.size()];
			auto found = db->lookup(key.ecosystem, key.release, key.name);
			candidates += found.ok() ? found->size() : 0;
		}
	}
	state.counters["candidates_per_lookup"] =
	    static_cast<double>(candidates) / static_cast<double>(state.iterations() * 1000);
}

void BM_1000_lookups_of_packages_in_the_db(benchmark::State &state) {
	lookups(state, g_hits);
}
void BM_1000_lookups_of_packages_not_in_the_db(benchmark::State &state) {
	lookups(state, g_misses);
}
BENCHMARK(BM_1000_lookups_of_packages_in_the_db)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_1000_lookups_of_packages_not_in_the_db)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv) {
	const char *data = std::getenv("BULWARK_VULNDATA");
	const fs::path data_dir = data != nullptr ? data : "/work/shared/vulndata";
	const char *kept = std::getenv("BULWARK_BENCH_DB");
	g_db_path = kept != nullptr ? fs::path(kept)
	                            : fs::temp_directory_path() / ("bulwark-bench-vulndb-" + std::to_string(getpid())) /
	                                  "bulwark.db";
	if ((kept == nullptr || !fs::exists(g_db_path)) && !build_database(data_dir)) {
		return 1;
	}
	load_keys();
	benchmark::Initialize(&argc, argv);
	benchmark::RunSpecifiedBenchmarks();
	benchmark::Shutdown();
	if (kept == nullptr) {
		fs::remove_all(g_db_path.parent_path());
	}
	return 0;
}
