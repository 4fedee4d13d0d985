// How the store compresses its blobs: zstd with a dictionary trained on the records of the
// same source (advisory records are small and alike, so each one compressed alone would
// carry its own tables and vocabulary; with a shared dictionary it carries neither).
// A blob is one format byte, then: the raw bytes; a zstd frame; or the dictionary's id as
// LEB128 and a zstd frame made with it. Compression is used only when it saves bytes.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace bulwark::vulndb {

// A dictionary for records like `samples` of at most `capacity` bytes, or "" when the
// samples are too few or too alike for one to help.
std::string train_dictionary(const std::vector<std::string> &samples, size_t capacity);

class BlobCodec {
public:
	BlobCodec();
	~BlobCodec();
	BlobCodec(const BlobCodec &) = delete;
	BlobCodec &operator=(const BlobCodec &) = delete;

	// Dictionaries by id: for pack() (writer) or for unpack() (reader).
	void add_compression_dictionary(int64_t id, std::string_view bytes);
	Status add_decompression_dictionary(int64_t id, std::string_view bytes);

	// `raw` with its format byte; `dictionary` 0 compresses without one.
	std::string pack(std::string_view raw, int64_t dictionary = 0);
	// The raw bytes of a packed blob; the view is valid until the next unpack().
	Result<std::string_view> unpack(std::string_view blob);

private:
	struct Contexts;
	std::unique_ptr<Contexts> contexts_;
	std::string buffer_;
};

} // namespace bulwark::vulndb
