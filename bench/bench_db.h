// The advisory database the benchmarks measure: every source under $BULWARK_VULNDATA
// (default /work/shared/vulndata) imported into one file, plus the full-size tracker document
// named by BULWARK_BENCH_DEBIAN_JSON when set (bench/make-debian-tracker-json.py makes a
// synthetic one). BULWARK_BENCH_DB=<file> keeps the database there and reuses it when it
// exists (profiling without importing again).
#pragma once

#include <filesystem>

namespace bulwark::bench {

// The shared advisory data directory.
std::filesystem::path vulndata_dir();

class BenchDb {
public:
	// Builds (printing records, time and bytes per advisory per source) or reuses the
	// database; `ok()` is false when the import failed (the reason is on stderr).
	explicit BenchDb(const char *bench_name);
	~BenchDb(); // removes a database that BULWARK_BENCH_DB did not ask to keep
	BenchDb(const BenchDb &) = delete;
	BenchDb &operator=(const BenchDb &) = delete;

	bool ok() const {
		return ok_;
	}
	const std::filesystem::path &path() const {
		return path_;
	}

private:
	std::filesystem::path path_;
	bool kept_ = false;
	bool ok_ = false;
};

} // namespace bulwark::bench
