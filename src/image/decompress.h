// Decompress-once, hash-while-reading stream for layer blobs.
//
// Wraps the raw blob: hashes the raw (compressed) bytes, detects the compression from the
// magic bytes (gzip, zstd or none; media types are advisory, and docker-archive labels
// plain tars as gzip), decompresses with isa-l (gzip) or libzstd and enforces the
// expansion limits that stop decompression bombs. The uncompressed bytes are hashed by
// the consumer (layer_walker), so that work runs on the other core.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "image/byte_source.h"
#include "util/result.h"
#include "util/sha256.h"

namespace bulwark {

struct ExpansionLimits {
	uint64_t max_expanded_bytes = 32ULL << 30; // per layer
	// The ratio check starts once this much has been expanded, so small highly
	// compressible layers (empty files, zero padding) are never refused.
	uint64_t ratio_floor_bytes = 256ULL << 20;
	uint64_t max_ratio = 100;
};

enum class Compression { none, gzip, zstd };
const char *compression_name(Compression compression);

class DecompressingReader {
public:
	// `what` names the blob in error messages, e.g. "layer 2 (sha256:ab12...)".
	DecompressingReader(std::unique_ptr<ByteSource> raw, ExpansionLimits limits, std::string what);
	~DecompressingReader();
	DecompressingReader(const DecompressingReader &) = delete;
	DecompressingReader &operator=(const DecompressingReader &) = delete;

	// Decompressed bytes; 0 at the end of the stream.
	Result<size_t> read(char *out, size_t capacity);

	// Valid after the end of the stream was reached.
	std::string compressed_digest();
	uint64_t compressed_bytes() const {
		return raw_bytes_;
	}
	uint64_t expanded_bytes() const {
		return expanded_bytes_;
	}
	Compression compression() const {
		return compression_;
	}

private:
	struct Codec;

	Status fill_input();
	Status detect();
	Result<size_t> read_plain(char *out, size_t capacity);
	Result<size_t> read_gzip(char *out, size_t capacity);
	Result<size_t> read_zstd(char *out, size_t capacity);
	Status check_limits();

	std::unique_ptr<ByteSource> raw_;
	ExpansionLimits limits_;
	std::string what_;
	Sha256 raw_hash_;
	std::vector<unsigned char> in_;
	size_t in_pos_ = 0;
	size_t in_len_ = 0;
	bool raw_eof_ = false;
	bool detected_ = false;
	bool finished_ = false;
	bool member_open_ = false; // inside a gzip member or zstd frame
	uint64_t raw_bytes_ = 0;
	uint64_t expanded_bytes_ = 0;
	Compression compression_ = Compression::none;
	std::unique_ptr<Codec> codec_;
};

} // namespace bulwark
