// secret_tool: helper of bench/secret-bench.sh (built by it against build/libbulwark_core.a).
//
//   secret_tool patterns              the built-in rules' regexes, one per line (for ripgrep -f)
//   secret_tool first-pass LISTFILE   the first pass alone over the files named in LISTFILE (one
//                                     path per line; binaries skipped as bulwark does): one
//                                     Hyperscan block-mode database of all rules vs one RE2::Set
//                                     of all rules, each over the same bytes held in memory
//
// RE2::Set is the alternative the issue asks to measure; bulwark uses Hyperscan for this pass
// (RE2 only re-matches the few windows Hyperscan reports).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <hs/hs.h>
#include <iterator>
#include <re2/re2.h>
#include <re2/set.h>
#include <string>
#include <vector>

#include "secret/rules.h"

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
	return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int print_patterns(const bulwark::secret::RuleSet &rules) {
	for (const auto &rule : rules.rules) {
		std::printf("%s\n", rule.regex.c_str());
	}
	return 0;
}

int first_pass(const bulwark::secret::RuleSet &rules, const char *list_file) {
	std::vector<std::string> files;
	std::ifstream list(list_file);
	std::string path;
	size_t bytes = 0;
	while (std::getline(list, path)) {
		std::ifstream in(path, std::ios::binary);
		std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
		if (std::memchr(content.data(), 0, std::min<size_t>(content.size(), 8192))) {
			continue;
		}
		bytes += content.size();
		files.push_back(std::move(content));
	}
	std::printf("files\t%zu\nbytes\t%zu\n", files.size(), bytes);

	std::vector<const char *> patterns;
	std::vector<unsigned> flags;
	std::vector<unsigned> ids;
	for (size_t i = 0; i < rules.rules.size(); ++i) {
		patterns.push_back(rules.rules[i].regex.c_str());
		flags.push_back(HS_FLAG_MULTILINE);
		ids.push_back(static_cast<unsigned>(i));
	}
	auto start = std::chrono::steady_clock::now();
	hs_database_t *db = nullptr;
	hs_compile_error_t *error = nullptr;
	if (hs_compile_multi(patterns.data(), flags.data(), ids.data(), static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK,
	                     nullptr, &db, &error) != HS_SUCCESS) {
		std::fprintf(stderr, "hyperscan: %s\n", error->message);
		return 1;
	}
	std::printf("hyperscan_compile_s\t%.3f\n", seconds_since(start));
	hs_scratch_t *scratch = nullptr;
	hs_alloc_scratch(db, &scratch);
	size_t hs_matches = 0;
	start = std::chrono::steady_clock::now();
	for (const auto &f : files) {
		hs_scan(
		    db, f.data(), static_cast<unsigned>(f.size()), 0, scratch,
		    [](unsigned, unsigned long long, unsigned long long, unsigned, void *count) {
			    ++*static_cast<size_t *>(count);
			    return 0;
		    },
		    &hs_matches);
	}
	const double hs_seconds = seconds_since(start);
	std::printf("hyperscan_s\t%.3f\nhyperscan_MBps\t%.0f\nhyperscan_reports\t%zu\n", hs_seconds, bytes / 1e6 / hs_seconds,
	            hs_matches);

	RE2::Options options;
	options.set_encoding(RE2::Options::EncodingLatin1);
	options.set_max_mem(int64_t {1} << 30);
	options.set_log_errors(false);
	start = std::chrono::steady_clock::now();
	RE2::Set set(options, RE2::UNANCHORED);
	for (const auto &rule : rules.rules) {
		std::string error_text;
		if (set.Add("(?m)" + rule.regex, &error_text) < 0) {
			std::fprintf(stderr, "re2 %s: %s\n", rule.id.c_str(), error_text.c_str());
			return 1;
		}
	}
	if (!set.Compile()) {
		std::fprintf(stderr, "re2: the set does not compile\n");
		return 1;
	}
	std::printf("re2set_compile_s\t%.3f\n", seconds_since(start));
	size_t re2_files = 0;
	size_t dfa_failures = 0;
	start = std::chrono::steady_clock::now();
	for (const auto &f : files) {
		std::vector<int> which;
		RE2::Set::ErrorInfo info {};
		if (set.Match(f, &which, &info) && !which.empty()) {
			++re2_files;
		}
		dfa_failures += info.kind != RE2::Set::kNoError;
	}
	const double re2_seconds = seconds_since(start);
	std::printf("re2set_s\t%.3f\nre2set_MBps\t%.0f\nre2set_files_matching\t%zu\nre2set_dfa_failures\t%zu\n",
	            re2_seconds, bytes / 1e6 / re2_seconds, re2_files, dfa_failures);
	hs_free_scratch(scratch);
	hs_free_database(db);
	return 0;
}

} // namespace

int main(int argc, char **argv) {
	auto rules = bulwark::secret::builtin_rule_set();
	if (!rules.ok()) {
		std::fprintf(stderr, "%s\n", rules.error().describe().c_str());
		return 1;
	}
	if (argc == 2 && std::strcmp(argv[1], "patterns") == 0) {
		return print_patterns(*rules);
	}
	if (argc == 3 && std::strcmp(argv[1], "first-pass") == 0) {
		return first_pass(*rules, argv[2]);
	}
	std::fprintf(stderr, "usage: secret_tool patterns | first-pass LISTFILE\n");
	return 2;
}
