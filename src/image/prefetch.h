// Runs a DecompressingReader on its own thread a few chunks ahead of the consumer, so that
// inflating and hashing the raw blob overlap with hashing the tar stream and parsing it:
// one layer keeps two cores busy, which is what matters when one big layer dominates.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "image/decompress.h"

namespace bulwark {

class PrefetchingReader {
public:
	explicit PrefetchingReader(DecompressingReader &reader, size_t chunk_bytes = 1 << 20, size_t depth = 4);
	~PrefetchingReader();
	PrefetchingReader(const PrefetchingReader &) = delete;
	PrefetchingReader &operator=(const PrefetchingReader &) = delete;

	// The next chunk of decompressed bytes, valid until the next call; empty at the end.
	Result<std::string_view> next();
	// Waits for the producer thread; the reader's digests may be read afterwards.
	void finish();

private:
	struct Chunk {
		std::vector<char> data;
		size_t size = 0;
		std::optional<Error> error;
	};

	void produce();

	DecompressingReader &reader_;
	std::vector<Chunk> chunks_;
	std::deque<size_t> free_;
	std::deque<size_t> filled_;
	std::optional<size_t> current_;
	bool cancelled_ = false;
	bool ended_ = false;
	std::mutex mutex_;
	std::condition_variable changed_;
	std::thread thread_;
};

} // namespace bulwark
