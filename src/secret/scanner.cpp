#include "secret/scanner.h"

#include <algorithm>
#include <cstring>
#include <hs/hs.h>
#include <map>
#include <new>
#include <tuple>

#include "secret/masking.h"

namespace bulwark::secret {

namespace {

constexpr size_t npos = static_cast<size_t>(-1);
// Hyperscan reports of one rule closer than the rule's width are re-matched in one window,
// but a window never covers more than this many bytes of reports (a file full of matches is
// re-matched piece by piece, each piece linear).
constexpr uint64_t max_cluster_span = 64 << 10;
// Context kept across blocks beyond twice the widest rule (a window reaches one width back
// from a report that may itself be deferred by one width): ^, $ and \b look around a window.
constexpr size_t carry_slack = 64;

} // namespace

Result<std::unique_ptr<const SecretScanner>> SecretScanner::create(RuleSet rules, const ScanSettings &settings) {
	auto matcher = Matcher::compile(std::move(rules));
	if (!matcher.ok()) {
		return matcher.error();
	}
	return std::unique_ptr<const SecretScanner>(new SecretScanner(std::move(*matcher), settings));
}

FileScan::FileScan(const SecretScanner &scanner) : scanner_(scanner), matcher_(scanner.matcher()) {
	if (hs_clone_scratch(matcher_.scratch_prototype(), &scratch_) != HS_SUCCESS) {
		throw std::bad_alloc(); // the only way cloning fails; the CLI turns it into exit code 4
	}
	const size_t rules = matcher_.rule_count();
	scoped_out_.assign(rules, false);
	accepted_until_.assign(rules, 0);
	open_cluster_.assign(rules, npos);
}

FileScan::~FileScan() {
	if (stream_) {
		hs_close_stream(stream_, nullptr, nullptr, nullptr);
	}
	hs_free_scratch(scratch_);
}

bool FileScan::begin(std::string_view path, uint64_t size) {
	if (stream_) {
		hs_close_stream(stream_, nullptr, nullptr, nullptr);
		stream_ = nullptr;
	}
	path_ = std::string(path);
	size_ = size;
	active_ = false;
	probing_ = true;
	head_.clear();
	offset_ = 0;
	carry_.clear();
	carry_start_ = 0;
	std::fill(accepted_until_.begin(), accepted_until_.end(), 0);
	for (const Cluster &cluster : clusters_) {
		open_cluster_[cluster.rule] = npos; // left by a file that stopped early
	}
	clusters_.clear();
	found_.clear();
	cursor_ = LineCursor();
	carry_lines_ = LineCursor();
	warnings_.clear();

	if (matcher_.path_allowed(path)) {
		return false;
	}
	const ScanSettings &settings = scanner_.settings();
	if (size > settings.max_file_bytes) {
		warnings_.push_back({WarningKind::limit_reached, "secret scan: " + path_ + " (" + std::to_string(size) +
		                                                     " bytes) is larger than max_file_bytes (" +
		                                                     std::to_string(settings.max_file_bytes) + "); not scanned"});
		return false;
	}
	if (matcher_.has_path_scoped_rules()) {
		for (size_t i = 0; i < scoped_out_.size(); ++i) {
			scoped_out_[i] = !matcher_.rule_applies(i, path);
		}
	}
	if (hs_open_stream(matcher_.database(), 0, &stream_) != HS_SUCCESS) {
		throw std::bad_alloc();
	}
	active_ = true;
	return true;
}

void FileScan::feed(std::string_view bytes) {
	if (!active_ || !stream_) {
		return;
	}
	if (!probing_) {
		scan_block(bytes);
		return;
	}
	// Binary files are skipped: decide on the first probe bytes, held back until they are all here.
	const ScanSettings &settings = scanner_.settings();
	const size_t probe = settings.binary_probe_bytes;
	std::string_view decided_on;
	std::string held;
	if (head_.empty() && (bytes.size() >= probe || bytes.size() >= size_)) {
		decided_on = bytes.substr(0, probe);
	} else {
		const size_t take = std::min(bytes.size(), probe - std::min(probe, head_.size()));
		head_.append(bytes.substr(0, take));
		bytes.remove_prefix(take);
		if (head_.size() < probe && head_.size() < size_) {
			return;
		}
		held = std::move(head_);
		head_.clear();
		decided_on = held;
	}
	probing_ = false;
	if (!settings.scan_binaries && std::memchr(decided_on.data(), 0, decided_on.size())) {
		stop("");
		return;
	}
	if (!held.empty()) {
		scan_block(held);
	}
	if (!bytes.empty()) {
		scan_block(bytes);
	}
}

int FileScan::on_match(unsigned id, unsigned long long /*from*/, unsigned long long to, unsigned /*flags*/,
                       void *context) {
	auto &self = *static_cast<FileScan *>(context);
	if (self.scoped_out_[id]) {
		return 0;
	}
	size_t &open = self.open_cluster_[id];
	if (open != npos) {
		Cluster &cluster = self.clusters_[open];
		const uint64_t reach = cluster.last_end + self.matcher_.width(id);
		if (to <= reach && to - std::min<uint64_t>(to, cluster.first_end) <= max_cluster_span) {
			cluster.first_end = std::min<uint64_t>(cluster.first_end, to);
			cluster.last_end = std::max<uint64_t>(cluster.last_end, to);
			return 0;
		}
	}
	open = self.clusters_.size();
	self.clusters_.push_back({id, to, to});
	return 0;
}

void FileScan::scan_block(std::string_view block) {
	if (!active_ || !stream_) {
		return;
	}
	const uint64_t block_start = offset_;
	if (hs_scan_stream(stream_, block.data(), block.size(), 0, scratch_, on_match, this) != HS_SUCCESS) {
		stop("secret scan: " + path_ + ": the pattern matcher failed; the rest of the file is not scanned");
		return;
	}
	offset_ += block.size();
	// The file's last bytes: end-of-data matches ($ at the very end) are reported now, while
	// the block can still be read.
	const bool last = offset_ >= size_;
	if (last) {
		close_stream();
	}
	confirm_clusters(block, block_start, last);
	if (!last) {
		keep_carry(block, block_start);
	}
}

void FileScan::close_stream() {
	if (stream_) {
		hs_close_stream(stream_, scratch_, on_match, this);
		stream_ = nullptr;
	}
}

void FileScan::confirm_clusters(std::string_view block, uint64_t block_start, bool final) {
	if (clusters_.empty()) {
		return;
	}
	const uint64_t block_end = block_start + block.size();
	const uint64_t available_start = carry_.empty() ? block_start : carry_start_;
	const size_t first_new = found_.size();
	deferred_.clear();
	for (const Cluster &cluster : clusters_) {
		// A match that may go on into the next block is re-matched when that block is here, so
		// that how a file is cut into blocks does not change what is found.
		const uint32_t rule_width = matcher_.width(cluster.rule);
		if (!final && active_ && cluster.last_end + rule_width > block_end && block_end - cluster.first_end <= rule_width) {
			open_cluster_[cluster.rule] = deferred_.size();
			deferred_.push_back(cluster);
			continue;
		}
		open_cluster_[cluster.rule] = npos;
		if (!active_) {
			continue;
		}
		const uint64_t width = rule_width + 1uLL;
		uint64_t lo = cluster.first_end > width ? cluster.first_end - width : 0;
		lo = std::max({lo, accepted_until_[cluster.rule], available_start});
		const uint64_t hi = cluster.last_end;
		if (hi <= lo) {
			continue;
		}
		// One byte of context on each side, where there is one.
		const uint64_t text_lo = lo > available_start ? lo - 1 : lo;
		const uint64_t text_hi = std::min(block_end, hi + 1);
		std::string_view text;
		if (text_lo >= block_start) {
			text = block.substr(text_lo - block_start, text_hi - text_lo);
		} else {
			joined_.assign(carry_, text_lo - carry_start_, text_hi - text_lo);
			if (text_hi > block_start) {
				joined_.append(block.substr(0, text_hi - block_start));
			}
			text = joined_;
		}
		matches_.clear();
		const uint64_t first_end = std::max(cluster.first_end, text_lo) - text_lo;
		const size_t last = matcher_.confirm(cluster.rule, text, lo - text_lo, hi - text_lo, first_end, matches_);
		accepted_until_[cluster.rule] = std::max(accepted_until_[cluster.rule], text_lo + last);
		for (RuleMatch m : matches_) {
			Found found;
			found.masked = mask_secret(text.substr(m.secret_begin, m.secret_end - m.secret_begin));
			m.match_begin += text_lo;
			m.match_end += text_lo;
			m.secret_begin += text_lo;
			m.secret_end += text_lo;
			found.match = m;
			found_.push_back(std::move(found));
		}
		if (found_.size() > scanner_.settings().max_findings_per_file) {
			stop("secret scan: more than " + std::to_string(scanner_.settings().max_findings_per_file) +
			     " secrets in " + path_ + "; the rest of the file is not scanned");
		}
	}
	clusters_.swap(deferred_);
	// Line numbers (of where each match starts), counting newlines only as far as the findings
	// (in offset order).
	std::sort(found_.begin() + static_cast<std::ptrdiff_t>(first_new), found_.end(),
	          [](const Found &a, const Found &b) { return a.match.match_begin < b.match.match_begin; });
	for (size_t i = first_new; i < found_.size(); ++i) {
		const uint64_t at = found_[i].match.match_begin;
		move_line_cursor(block, block_start, at);
		found_[i].line = cursor_.newlines + 1;
		found_[i].column = static_cast<size_t>(at - cursor_.line_start) + 1;
	}
}

void FileScan::move_line_cursor(std::string_view block, uint64_t block_start, uint64_t at) {
	// Findings come in offset order within a block; a match deferred from the block before
	// may lie behind the cursor, which then restarts from the start of the carry.
	if (at < cursor_.offset) {
		cursor_ = carry_lines_;
	}
	auto count = [&](std::string_view bytes, uint64_t bytes_start) {
		const uint64_t from = std::max(cursor_.offset, bytes_start);
		const uint64_t to = std::min<uint64_t>(at, bytes_start + bytes.size());
		if (from >= to) {
			return;
		}
		const char *begin = bytes.data() + (from - bytes_start);
		const size_t length = static_cast<size_t>(to - from);
		cursor_.newlines += static_cast<size_t>(std::count(begin, begin + length, '\n'));
		if (const void *last = ::memrchr(begin, '\n', length)) {
			cursor_.line_start = bytes_start + static_cast<uint64_t>(static_cast<const char *>(last) - bytes.data()) + 1;
		}
		cursor_.offset = to;
	};
	count(carry_, carry_start_);
	count(block, block_start);
}

void FileScan::keep_carry(std::string_view block, uint64_t block_start) {
	const uint64_t end = block_start + block.size();
	const uint64_t keep = 2ULL * matcher_.max_width() + carry_slack;
	const uint64_t new_start = std::max(end > keep ? end - keep : 0, carry_start_);
	// Newlines in the bytes about to be dropped are counted now: a later finding needs them.
	move_line_cursor(block, block_start, new_start);
	carry_lines_ = cursor_;
	if (new_start >= block_start) {
		carry_.assign(block.substr(new_start - block_start));
	} else {
		carry_.erase(0, new_start - carry_start_);
		carry_.append(block);
	}
	carry_start_ = new_start;
}

void FileScan::stop(const std::string &why) {
	active_ = false;
	if (stream_) {
		hs_close_stream(stream_, nullptr, nullptr, nullptr);
		stream_ = nullptr;
	}
	if (!why.empty()) {
		warnings_.push_back({WarningKind::limit_reached, why});
	}
}

std::vector<FileScan::Found> FileScan::take_findings() {
	if (active_ && probing_) {
		// The whole file was shorter than the probe.
		probing_ = false;
		std::string held = std::move(head_);
		head_.clear();
		if (!scanner_.settings().scan_binaries && std::memchr(held.data(), 0, held.size())) {
			stop("");
		} else {
			size_ = held.size();
			scan_block(held);
		}
	}
	if (active_ && stream_) {
		close_stream();
		confirm_clusters(std::string_view(), offset_, true);
	}
	active_ = false;
	// Where rules overlap on the same bytes, the earlier rule (more specific) is reported.
	std::vector<Found> by_rule = std::move(found_);
	found_.clear();
	std::stable_sort(by_rule.begin(), by_rule.end(),
	                 [](const Found &a, const Found &b) { return a.match.rule < b.match.rule; });
	std::map<uint64_t, uint64_t> taken; // secret begin -> end
	std::vector<Found> kept;
	for (auto &f : by_rule) {
		auto next = taken.lower_bound(f.match.secret_begin);
		const bool overlaps_next = next != taken.end() && next->first < f.match.secret_end;
		const bool overlaps_prev = next != taken.begin() && std::prev(next)->second > f.match.secret_begin;
		if (overlaps_next || overlaps_prev) {
			continue;
		}
		taken.emplace(f.match.secret_begin, f.match.secret_end);
		kept.push_back(std::move(f));
	}
	std::sort(kept.begin(), kept.end(), [](const Found &a, const Found &b) {
		return std::tie(a.match.secret_begin, a.match.rule) < std::tie(b.match.secret_begin, b.match.rule);
	});
	return kept;
}

void FileScan::finish(std::vector<SecretFinding> &found, std::vector<Warning> &warnings) {
	for (auto &f : take_findings()) {
		const Rule &rule = matcher_.rule(f.match.rule);
		SecretFinding finding;
		finding.rule_id = rule.id;
		finding.title = rule.title;
		finding.category = rule.category;
		finding.severity = rule.severity;
		finding.path = path_;
		finding.line = f.line;
		finding.column = f.column;
		finding.masked = std::move(f.masked);
		found.push_back(std::move(finding));
	}
	std::move(warnings_.begin(), warnings_.end(), std::back_inserter(warnings));
	warnings_.clear();
}

std::vector<SecretFinding> FileScan::scan_text(std::string_view path, std::string_view text) {
	std::vector<SecretFinding> found;
	std::vector<Warning> ignored; // a config value is never too large or an allowed path
	begin(path, text.size());
	feed(text);
	finish(found, ignored);
	return found;
}

std::string FileScan::redact(std::string_view text) {
	begin("", text.size());
	feed(text);
	std::string out;
	uint64_t copied = 0;
	for (const auto &f : take_findings()) {
		out.append(text.substr(copied, f.match.secret_begin - copied));
		out += f.masked;
		copied = f.match.secret_end;
	}
	out.append(text.substr(copied));
	warnings_.clear();
	return out;
}

} // namespace bulwark::secret
