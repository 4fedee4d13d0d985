#include "vulndb/blob_codec.h"

#define ZDICT_STATIC_LINKING_ONLY
#include <zdict.h>
#include <zstd.h>

namespace bulwark::vulndb {

namespace {

enum BlobFormat : char { raw_blob = 0, zstd_blob = 1, zstd_dictionary_blob = 2 };

// Below this, even a dictionary frame's header eats what it could save.
constexpr size_t kMinCompressBytes = 24;
// The level trades import time only: lookups decompress at the same speed at every level.
constexpr int kZstdLevel = 12;
// No record comes near this; a larger frame size is damage, not data.
constexpr unsigned long long kMaxRawBlobBytes = 64ULL << 20;
// Training wants many samples; fewer than this and a dictionary would only fit them.
constexpr size_t kMinTrainingSamples = 64;

Error damaged(const char *what) {
	return make_error(ErrorCode::corrupt, std::string("advisory database: damaged ") + what + " blob");
}

void append_number(std::string &out, uint64_t value) {
	while (value >= 0x80) {
		out += static_cast<char>((value & 0x7f) | 0x80);
		value >>= 7;
	}
	out += static_cast<char>(value);
}

bool read_number(std::string_view &bytes, uint64_t &value) {
	value = 0;
	for (int shift = 0; shift < 64 && !bytes.empty(); shift += 7) {
		const auto byte = static_cast<unsigned char>(bytes.front());
		bytes.remove_prefix(1);
		value |= static_cast<uint64_t>(byte & 0x7f) << shift;
		if ((byte & 0x80) == 0) {
			return true;
		}
	}
	return false;
}

} // namespace

std::string train_dictionary(const std::vector<std::string> &samples, size_t capacity) {
	if (samples.size() < kMinTrainingSamples) {
		return {};
	}
	std::string joined;
	std::vector<size_t> sizes;
	for (const auto &sample : samples) {
		joined += sample;
		sizes.push_back(sample.size());
	}
	std::string dictionary(capacity, '\0');
	// One training pass with fixed segment sizes instead of zstd's search over them: the
	// search costs seconds per source and gains a few percent.
	ZDICT_fastCover_params_t params {};
	params.k = 256;
	params.d = 8;
	params.f = 20;
	params.accel = 2;
	params.zParams.compressionLevel = kZstdLevel;
	const size_t size = ZDICT_trainFromBuffer_fastCover(dictionary.data(), dictionary.size(), joined.data(),
	                                                    sizes.data(), static_cast<unsigned>(sizes.size()), params);
	if (ZDICT_isError(size)) {
		return {};
	}
	dictionary.resize(size);
	return dictionary;
}

struct BlobCodec::Contexts {
	~Contexts() {
		ZSTD_freeCCtx(compress);
		ZSTD_freeDCtx(decompress);
		for (auto &[id, dictionary] : compression) {
			ZSTD_freeCDict(dictionary);
		}
		for (auto &[id, dictionary] : decompression) {
			ZSTD_freeDDict(dictionary);
		}
	}
	ZSTD_CCtx *compress = ZSTD_createCCtx();
	ZSTD_DCtx *decompress = ZSTD_createDCtx();
	std::map<int64_t, ZSTD_CDict *> compression;
	std::map<int64_t, ZSTD_DDict *> decompression;
};

BlobCodec::BlobCodec() : contexts_(std::make_unique<Contexts>()) {
}

BlobCodec::~BlobCodec() = default;

void BlobCodec::add_compression_dictionary(int64_t id, std::string_view bytes) {
	contexts_->compression[id] = ZSTD_createCDict(bytes.data(), bytes.size(), kZstdLevel);
}

Status BlobCodec::add_decompression_dictionary(int64_t id, std::string_view bytes) {
	ZSTD_DDict *dictionary = ZSTD_createDDict(bytes.data(), bytes.size());
	if (dictionary == nullptr) {
		return damaged("dictionary");
	}
	contexts_->decompression[id] = dictionary;
	return {};
}

std::string BlobCodec::pack(std::string_view raw, int64_t dictionary) {
	std::string blob(1, raw_blob);
	const auto found = contexts_->compression.find(dictionary);
	if (raw.size() >= kMinCompressBytes) {
		const bool with_dictionary = found != contexts_->compression.end() && found->second != nullptr;
		if (with_dictionary) {
			blob[0] = zstd_dictionary_blob;
			append_number(blob, static_cast<uint64_t>(dictionary));
		} else {
			blob[0] = zstd_blob;
		}
		const size_t header = blob.size();
		blob.resize(header + ZSTD_compressBound(raw.size()));
		const size_t n = with_dictionary
		                     ? ZSTD_compress_usingCDict(contexts_->compress, blob.data() + header, blob.size() - header,
		                                                raw.data(), raw.size(), found->second)
		                     : ZSTD_compressCCtx(contexts_->compress, blob.data() + header, blob.size() - header,
		                                         raw.data(), raw.size(), kZstdLevel);
		if (!ZSTD_isError(n) && header + n < 1 + raw.size()) {
			blob.resize(header + n);
			return blob;
		}
		blob.assign(1, raw_blob);
	}
	blob += raw;
	return blob;
}

Result<std::string_view> BlobCodec::unpack(std::string_view blob) {
	if (blob.empty()) {
		return damaged("empty");
	}
	const char format = blob[0];
	blob.remove_prefix(1);
	if (format == raw_blob) {
		return blob;
	}
	const ZSTD_DDict *dictionary = nullptr;
	if (format == zstd_dictionary_blob) {
		uint64_t id = 0;
		if (!read_number(blob, id)) {
			return damaged("dictionary id of a");
		}
		const auto found = contexts_->decompression.find(static_cast<int64_t>(id));
		if (found == contexts_->decompression.end()) {
			return damaged("dictionary id of a");
		}
		dictionary = found->second;
	} else if (format != zstd_blob) {
		return damaged("unknown format of a");
	}
	const unsigned long long size = ZSTD_getFrameContentSize(blob.data(), blob.size());
	if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxRawBlobBytes) {
		return damaged("compressed");
	}
	buffer_.resize(static_cast<size_t>(size));
	const size_t n = dictionary != nullptr
	                     ? ZSTD_decompress_usingDDict(contexts_->decompress, buffer_.data(), buffer_.size(), blob.data(),
	                                                  blob.size(), dictionary)
	                     : ZSTD_decompressDCtx(contexts_->decompress, buffer_.data(), buffer_.size(), blob.data(),
	                                           blob.size());
	if (ZSTD_isError(n) || n != size) {
		return damaged("compressed");
	}
	return std::string_view(buffer_);
}

} // namespace bulwark::vulndb
