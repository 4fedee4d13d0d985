#include "image/prefetch.h"

namespace bulwark {

PrefetchingReader::PrefetchingReader(DecompressingReader &reader, size_t chunk_bytes, size_t depth)
    : reader_(reader), chunks_(depth) {
	for (size_t i = 0; i < depth; ++i) {
		chunks_[i].data.resize(chunk_bytes);
		free_.push_back(i);
	}
	thread_ = std::thread([this] { produce(); });
}

PrefetchingReader::~PrefetchingReader() {
	{
		std::lock_guard lock(mutex_);
		cancelled_ = true;
	}
	changed_.notify_all();
	finish();
}

void PrefetchingReader::finish() {
	if (thread_.joinable()) {
		thread_.join();
	}
}

void PrefetchingReader::produce() {
	for (;;) {
		size_t index = 0;
		{
			std::unique_lock lock(mutex_);
			changed_.wait(lock, [this] { return cancelled_ || !free_.empty(); });
			if (cancelled_) {
				return;
			}
			index = free_.front();
			free_.pop_front();
		}
		Chunk &chunk = chunks_[index];
		auto n = reader_.read(chunk.data.data(), chunk.data.size());
		chunk.size = n.ok() ? *n : 0;
		chunk.error = n.ok() ? std::nullopt : std::optional<Error>(n.error());
		const bool last = !n.ok() || *n == 0;
		{
			std::lock_guard lock(mutex_);
			filled_.push_back(index);
		}
		changed_.notify_all();
		if (last) {
			return;
		}
	}
}

Result<std::string_view> PrefetchingReader::next() {
	std::unique_lock lock(mutex_);
	if (current_) {
		free_.push_back(*current_);
		current_.reset();
		changed_.notify_all();
	}
	if (ended_) {
		return std::string_view();
	}
	changed_.wait(lock, [this] { return !filled_.empty(); });
	size_t index = filled_.front();
	filled_.pop_front();
	Chunk &chunk = chunks_[index];
	if (chunk.error) {
		ended_ = true;
		return *chunk.error;
	}
	if (chunk.size == 0) {
		ended_ = true;
		return std::string_view();
	}
	current_ = index;
	return std::string_view(chunk.data.data(), chunk.size);
}

} // namespace bulwark
