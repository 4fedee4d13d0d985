// Matching a realistic scan against the advisory database built from all shared data
// (bench_db.h: which data, environment variables): a 1,000-package ScanReport of a Debian 12
// image, 300 deb packages (source names and versions from the Debian DSA/DLA lists of
// debian-security-tracker-2023) and 700 language packages (pypi, npm, golang, gem, cargo)
// whose names have advisories in the database, each at a version taken from its own
// advisories (an introduced, fixed, listed or constraint version; every other package at the
// newest of these), so that every candidate goes through the version rules and a part of
// them are affected.
// The issue's target: matching 1,000 packages takes <= 10 ms.
//
//   ninja -C build bulwark_bench_match && build/bench/bulwark_bench_match
// With a full-size Debian tracker (every deb package then has candidates, as in real use):
//   BULWARK_BENCH_DEBIAN_JSON=/tmp/debian-tracker.json build/bench/bulwark_bench_match
// BULWARK_BENCH_FINDINGS=<file> writes what the 1,000 packages match (see write_findings).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sqlite3.h>

#include "bench_db.h"
#include "match/vuln_matcher.h"
#include "version/version.h"
#include "vulndb/store.h"

namespace {

namespace fs = std::filesystem;
using bulwark::Package;
using bulwark::ScanReport;
using bulwark::vulndb::VulnDb;

constexpr size_t kDebPackages = 300;
// Language packages per ecosystem: 700 in all.
constexpr std::pair<const char *, size_t> kLanguageQuota[] = {
    {"pypi", 200}, {"npm", 150}, {"golang", 150}, {"gem", 100}, {"cargo", 100},
};

std::optional<VulnDb> g_db;
ScanReport g_all, g_deb, g_language;
std::mt19937 g_random(42);

template <typename T>
const T &pick(const std::vector<T> &items) {
	return items[std::uniform_int_distribution<size_t>(0, items.size() - 1)(g_random)];
}

Package make_package(const std::string &type, const std::string &name, const std::string &version) {
	Package p;
	p.type = type;
	p.name = name;
	p.version = version;
	p.purl = "pkg:" + type + "/" + name + "@" + version;
	return p;
}

// Source package → every version the DSA and DLA lists name for it ("\t[release] - src version").
std::map<std::string, std::vector<std::string>> debian_source_versions() {
	std::map<std::string, std::vector<std::string>> versions;
	const fs::path lists = bulwark::bench::vulndata_dir() / "debian-security-tracker-2023" / "data";
	for (const char *list : {"DSA/list", "DLA/list"}) {
		std::ifstream in(lists / list);
		std::string line;
		while (std::getline(in, line)) {
			const size_t dash = line.find("] - ");
			if (!line.starts_with("\t[") || dash == std::string::npos) {
				continue;
			}
			const std::string rest = line.substr(dash + 4);
			const size_t space = rest.find(' ');
			if (space != std::string::npos && rest.find(' ', space + 1) == std::string::npos) {
				versions[rest.substr(0, space)].push_back(rest.substr(space + 1));
			}
		}
	}
	return versions;
}

// Version-looking words of a native constraint ("< 2.0.1, >= 1.9" → 2.0.1, 1.9).
void constraint_versions(const std::string &constraint, std::vector<std::string> &out) {
	size_t i = 0;
	while (i < constraint.size()) {
		const size_t end = std::min(constraint.find_first_of(" ,|<>=~^!()", i), constraint.size());
		if (end > i && std::isdigit(static_cast<unsigned char>(constraint[i]))) {
			out.push_back(constraint.substr(i, end - i));
		}
		i = end + 1;
	}
}

// Every version the package's own advisories name, that its comparator accepts.
std::vector<std::string> advisory_versions(const std::string &ecosystem, const std::string &name) {
	std::vector<std::string> words;
	auto candidates = g_db->lookup(ecosystem, "", name);
	for (const auto &c : candidates.ok() ? *candidates : std::vector<bulwark::vulndb::Candidate> {}) {
		for (const auto &range : c.affected.ranges) {
			for (const auto &e : range.events) {
				words.push_back(e.version);
			}
			for (const auto *list : {&range.constraints, &range.unaffected}) {
				for (const auto &constraint : *list) {
					constraint_versions(constraint, words);
				}
			}
		}
		words.insert(words.end(), c.affected.versions.begin(), c.affected.versions.end());
	}
	const auto *comparator = bulwark::version::comparator_for(ecosystem);
	std::vector<std::string> versions;
	for (auto &w : words) {
		if (w != "0" && comparator->compare(w, w).ok()) {
			versions.push_back(ecosystem == "golang" && !w.starts_with('v') ? "v" + w : w);
		}
	}
	return versions;
}

// Language package names per ecosystem, read with SQLite directly (the store has no listing API).
std::map<std::string, std::vector<std::string>> language_names(const fs::path &db_path) {
	std::map<std::string, std::vector<std::string>> names;
	sqlite3 *db = nullptr;
	sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
	sqlite3_stmt *stmt = nullptr;
	sqlite3_prepare_v2(db, "SELECT DISTINCT ecosystem, name FROM affected WHERE release = '' ORDER BY 1, 2", -1,
	                   &stmt, nullptr);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		names[reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0))].emplace_back(
		    reinterpret_cast<const char *>(sqlite3_column_text(stmt, 1)));
	}
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return names;
}

bool make_reports(const fs::path &db_path) {
	g_deb.os = bulwark::OsInfo {"debian", "Debian GNU/Linux", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)",
	                            false, "etc/os-release"};
	g_language.os = g_all.os = g_deb.os;
	auto sources = debian_source_versions();
	std::vector<std::string> source_names;
	for (const auto &[name, versions] : sources) {
		source_names.push_back(name);
	}
	std::shuffle(source_names.begin(), source_names.end(), g_random);
	if (source_names.size() < kDebPackages) {
		std::fprintf(stderr, "only %zu Debian source packages in the DSA/DLA lists\n", source_names.size());
		return false;
	}
	for (size_t i = 0; i < kDebPackages; ++i) {
		Package p = make_package("deb", source_names[i], pick(sources[source_names[i]]));
		p.source_name = source_names[i];
		g_deb.packages.push_back(std::move(p));
	}
	auto names = language_names(db_path);
	for (const auto &[ecosystem, quota] : kLanguageQuota) {
		auto &pool = names[ecosystem];
		std::shuffle(pool.begin(), pool.end(), g_random);
		size_t taken = 0;
		for (size_t i = 0; i < pool.size() && taken < quota; ++i) {
			auto versions = advisory_versions(ecosystem, pool[i]);
			if (versions.empty()) {
				continue;
			}
			// Every other package is as new as its newest advisory version (mostly fixed, as
			// dependencies kept up to date are), the rest at any version its advisories name.
			const auto *comparator = bulwark::version::comparator_for(ecosystem);
			const std::string &version =
			    taken % 2 == 0 ? *std::max_element(versions.begin(), versions.end(),
			                                       [&](const std::string &a, const std::string &b) {
				                                       return comparator->compare(a, b).value_or(0) < 0;
			                                       })
			                   : pick(versions);
			g_language.packages.push_back(make_package(ecosystem, pool[i], version));
			++taken;
		}
		if (taken < quota) {
			std::fprintf(stderr, "only %zu %s packages with advisory versions in the database\n", taken, ecosystem);
			return false;
		}
	}
	g_all.packages = g_deb.packages;
	g_all.packages.insert(g_all.packages.end(), g_language.packages.begin(), g_language.packages.end());
	return true;
}

// Every field of every finding, one line each: BULWARK_BENCH_FINDINGS=<file> writes them, so
// that a change meant only to make matching faster can be checked to change no result.
void write_findings(const ScanReport &report, const char *path) {
	std::ofstream out(path);
	for (const auto &v : report.vulnerabilities) {
		out << report.packages[v.package].purl << '\t' << v.id << '\t' << static_cast<int>(v.status) << '\t'
		    << v.fixed_version << '\t' << static_cast<int>(v.severity) << '\t' << v.severity_source << '\t'
		    << v.installed_version << '\t' << v.title << '\t' << v.description.size() << '\t' << v.published << '\t'
		    << v.modified << '\t' << v.data_source;
		for (const auto *list : {&v.aliases, &v.references}) {
			out << '\t';
			for (const auto &item : *list) {
				out << item << ' ';
			}
		}
		for (const auto &c : v.cvss) {
			out << '\t' << c.source << ' ' << c.vector << ' ' << c.score;
		}
		out << '\n';
	}
}

// What one match of `report` finds, counted once outside the timed loop.
void describe(const char *what, const ScanReport &report) {
	ScanReport copy = report;
	auto stats = bulwark::match_vulnerabilities(copy, *g_db);
	if (const char *path = std::getenv("BULWARK_BENCH_FINDINGS"); path != nullptr && &report == &g_all) {
		write_findings(copy, path);
	}
	size_t candidates = 0;
	for (const auto &p : report.packages) {
		const auto key = bulwark::package_key(p, report.os);
		auto found = g_db->lookup(key.ecosystem, key.release, key.name);
		candidates += found.ok() ? found->size() : 0;
	}
	std::set<size_t> affected;
	for (const auto &v : copy.vulnerabilities) {
		affected.insert(v.package);
	}
	std::printf("%-9s %5zu packages, %6zu candidate entries evaluated, %5zu findings in %4zu packages, %zu warnings\n",
	            what, report.packages.size(), candidates, copy.vulnerabilities.size(), affected.size(),
	            copy.warnings.size());
	if (!stats.ok()) {
		std::printf("    match failed: %s\n", stats.error().describe().c_str());
	}
}

void match(benchmark::State &state, const ScanReport &report) {
	ScanReport scan = report;
	for (auto _ : state) {
		scan.warnings.clear();
		auto stats = bulwark::match_vulnerabilities(scan, *g_db);
		if (!stats.ok()) {
			state.SkipWithError(stats.error().describe().c_str());
			return;
		}
		benchmark::DoNotOptimize(scan.vulnerabilities.data());
	}
	state.counters["findings"] = static_cast<double>(scan.vulnerabilities.size());
	// Seconds per package: its microseconds are milliseconds per 1,000 packages.
	state.counters["per_package"] = benchmark::Counter(static_cast<double>(report.packages.size()),
	                                                   benchmark::Counter::kIsIterationInvariantRate |
	                                                       benchmark::Counter::kInvert);
}

void BM_match_1000_packages(benchmark::State &state) {
	match(state, g_all);
}
void BM_match_300_deb(benchmark::State &state) {
	match(state, g_deb);
}
void BM_match_700_language(benchmark::State &state) {
	match(state, g_language);
}
BENCHMARK(BM_match_1000_packages)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_match_300_deb)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_match_700_language)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv) {
	const bulwark::bench::BenchDb db("bulwark-bench-match");
	if (!db.ok()) {
		return 1;
	}
	auto opened = VulnDb::open(db.path().string());
	if (!opened.ok()) {
		std::fprintf(stderr, "%s\n", opened.error().describe().c_str());
		return 1;
	}
	g_db.emplace(std::move(*opened));
	if (!make_reports(db.path())) {
		return 1;
	}
	describe("all", g_all);
	describe("deb", g_deb);
	describe("language", g_language);
	benchmark::Initialize(&argc, argv);
	benchmark::RunSpecifiedBenchmarks();
	benchmark::Shutdown();
	g_db.reset();
	return 0;
}
