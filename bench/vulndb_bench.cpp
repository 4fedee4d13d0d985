// The advisory database on real data (bench_db.h: which data, environment variables):
// prints import time, records and bytes per advisory per source, then measures lookups
// (Google Benchmark): batches of 1,000 lookups of packages that are in the database and of
// packages that are not.
//
//   ninja -C build bulwark_bench_vulndb && build/bench/bulwark_bench_vulndb
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>
#include <sqlite3.h>

#include "bench_db.h"
#include "vulndb/store.h"

namespace {

namespace fs = std::filesystem;
using namespace bulwark::vulndb;

struct Key {
	std::string ecosystem, release, name;
};

fs::path g_db_path;
std::vector<Key> g_hits;
std::vector<Key> g_misses;

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
	const bulwark::bench::BenchDb db("bulwark-bench-vulndb");
	if (!db.ok()) {
		return 1;
	}
	g_db_path = db.path();
	load_keys();
	benchmark::Initialize(&argc, argv);
	benchmark::RunSpecifiedBenchmarks();
	benchmark::Shutdown();
	return 0;
}
