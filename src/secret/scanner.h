// Finds secrets in file contents while they stream (every layer of an image, a rootfs, a
// project tree) and in short texts (the image config). The first pass is one Hyperscan
// stream per file; what it reports is re-matched in bounded windows (secret/matcher.h).
// Memory per file is bounded by a carry of the last few KiB (the widest rule), whatever the
// file's size or line length; time is linear in its size. A finding's line and column are
// where its match starts (a private key: the BEGIN line; "KEY=value": the key), counted only
// up to the findings of a file read in one piece, and block by block for files read in
// pieces. A finding holds the secret masked (secret/masking.h), never in full.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/scan_report.h"
#include "secret/matcher.h"

struct hs_stream;

namespace bulwark::secret {

struct ScanSettings {
	bool scan_binaries = false;          // scan files with a NUL byte in their first probe bytes
	size_t binary_probe_bytes = 8192;
	uint64_t max_file_bytes = 256ULL << 20; // larger files are skipped with a warning
	size_t max_findings_per_file = 1000; // the rest of such a file is skipped with a warning
};

class SecretScanner;

// Scans one file at a time on one thread: begin, feed its bytes in order in any chunking,
// finish. Keep one per thread and reuse it (it owns the Hyperscan scratch).
class FileScan {
public:
	explicit FileScan(const SecretScanner &scanner);
	~FileScan();
	FileScan(const FileScan &) = delete;
	FileScan &operator=(const FileScan &) = delete;

	// False when the file is not scanned (allowed path, too large: then a warning is added
	// to finish's output); feed and finish may still be called and do nothing.
	bool begin(std::string_view path, uint64_t size);
	void feed(std::string_view bytes);
	void finish(std::vector<SecretFinding> &found, std::vector<Warning> &warnings);

	// A whole text in one go (image config values): findings with `path`.
	std::vector<SecretFinding> scan_text(std::string_view path, std::string_view text);
	// `text` with every secret in it replaced by its masked form.
	std::string redact(std::string_view text);

private:
	struct Cluster {
		uint32_t rule = 0;
		uint64_t first_end = 0; // stream offsets where Hyperscan saw matches of `rule` end
		uint64_t last_end = 0;
	};
	struct Found {
		RuleMatch match; // stream offsets
		size_t line = 0;
		size_t column = 0;
		std::string masked;
	};

	static int on_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *context);
	void scan_block(std::string_view block);
	void close_stream();
	void confirm_clusters(std::string_view block, uint64_t block_start, bool final);
	void keep_carry(std::string_view block, uint64_t block_start);
	void move_line_cursor(std::string_view block, uint64_t block_start, uint64_t at);
	void stop(const std::string &why);
	std::vector<Found> take_findings();

	const SecretScanner &scanner_;
	const Matcher &matcher_;
	struct hs_scratch *scratch_ = nullptr;
	struct hs_stream *stream_ = nullptr;

	// The current file.
	std::string path_;
	uint64_t size_ = 0;
	bool active_ = false;       // begun and not skipped
	bool probing_ = false;      // the binary probe has not seen enough bytes yet
	std::string head_;          // bytes held back for the binary probe
	uint64_t offset_ = 0;       // bytes given to Hyperscan
	std::string carry_;         // the last bytes before offset_ (window context across blocks)
	uint64_t carry_start_ = 0;  // stream offset of carry_[0]
	std::vector<bool> scoped_out_;         // rules whose `paths` exclude this file
	std::vector<uint64_t> accepted_until_; // per rule: end of its last re-match (no overlaps)
	std::vector<size_t> open_cluster_;     // per rule: index into clusters_ or npos
	std::vector<Cluster> clusters_;
	std::vector<Cluster> deferred_;        // clusters waiting for the next block
	std::vector<RuleMatch> matches_;       // scratch for confirm
	std::string joined_;                   // scratch: a window that starts in the carry
	std::vector<Found> found_;
	struct LineCursor {
		uint64_t offset = 0;     // newlines before this offset are counted
		size_t newlines = 0;
		uint64_t line_start = 0; // offset just after the last newline before `offset`
	};
	LineCursor cursor_;
	LineCursor carry_lines_; // the cursor at carry_start_
	std::vector<Warning> warnings_;
};

// The compiled rules and settings; immutable and shared by every thread's FileScan.
class SecretScanner {
public:
	static Result<std::unique_ptr<const SecretScanner>> create(RuleSet rules, const ScanSettings &settings);

	const Matcher &matcher() const {
		return *matcher_;
	}
	const ScanSettings &settings() const {
		return settings_;
	}

private:
	SecretScanner(std::unique_ptr<const Matcher> matcher, const ScanSettings &settings)
	    : matcher_(std::move(matcher)), settings_(settings) {
	}
	std::unique_ptr<const Matcher> matcher_;
	ScanSettings settings_;
};

} // namespace bulwark::secret
