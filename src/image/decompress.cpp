#include "image/decompress.h"

#include <cstring>
#include <isa-l/igzip_lib.h>
#include <zstd.h>

namespace bulwark {

namespace {

constexpr size_t input_buffer_size = 256 * 1024;

bool has_gzip_magic(const unsigned char *p, size_t n) {
	return n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}

bool has_zstd_magic(const unsigned char *p, size_t n) {
	return n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f && p[3] == 0xfd;
}

} // namespace

const char *compression_name(Compression compression) {
	switch (compression) {
	case Compression::none:
		return "none";
	case Compression::gzip:
		return "gzip";
	case Compression::zstd:
		return "zstd";
	}
	return "none";
}

struct DecompressingReader::Codec {
	inflate_state gzip {};
	ZSTD_DCtx *zstd = nullptr;
	~Codec() {
		ZSTD_freeDCtx(zstd);
	}
};

DecompressingReader::DecompressingReader(std::unique_ptr<ByteSource> raw, ExpansionLimits limits, std::string what)
    : raw_(std::move(raw)), limits_(limits), what_(std::move(what)), in_(input_buffer_size),
      codec_(std::make_unique<Codec>()) {
}

DecompressingReader::~DecompressingReader() = default;

Status DecompressingReader::fill_input() {
	if (in_pos_ < in_len_ || raw_eof_) {
		return {};
	}
	auto n = raw_->read(reinterpret_cast<char *>(in_.data()), in_.size());
	if (!n.ok()) {
		return n.error();
	}
	in_pos_ = 0;
	in_len_ = *n;
	if (*n == 0) {
		raw_eof_ = true;
	} else {
		raw_hash_.update(in_.data(), *n);
		raw_bytes_ += *n;
	}
	return {};
}

Status DecompressingReader::detect() {
	// Gather enough bytes for the longest magic (a short first read is possible).
	while (in_len_ - in_pos_ < 4 && !raw_eof_) {
		if (in_pos_ > 0 || in_len_ == 0) {
			std::memmove(in_.data(), in_.data() + in_pos_, in_len_ - in_pos_);
			in_len_ -= in_pos_;
			in_pos_ = 0;
		}
		auto n = raw_->read(reinterpret_cast<char *>(in_.data()) + in_len_, in_.size() - in_len_);
		if (!n.ok()) {
			return n.error();
		}
		if (*n == 0) {
			raw_eof_ = true;
			break;
		}
		raw_hash_.update(in_.data() + in_len_, *n);
		raw_bytes_ += *n;
		in_len_ += *n;
	}
	const unsigned char *p = in_.data() + in_pos_;
	size_t avail = in_len_ - in_pos_;
	if (has_gzip_magic(p, avail)) {
		compression_ = Compression::gzip;
	} else if (has_zstd_magic(p, avail)) {
		compression_ = Compression::zstd;
		codec_->zstd = ZSTD_createDCtx();
		if (!codec_->zstd) {
			return make_error(ErrorCode::internal, "out of memory creating a zstd context");
		}
	} else {
		compression_ = Compression::none;
	}
	detected_ = true;
	return {};
}

Status DecompressingReader::check_limits() {
	if (expanded_bytes_ > limits_.max_expanded_bytes) {
		return make_error(ErrorCode::limit_exceeded, what_ + ": expands to more than " +
		                                                 std::to_string(limits_.max_expanded_bytes) +
		                                                 " bytes (--max-layer-bytes); refusing a possible "
		                                                 "decompression bomb");
	}
	if (compression_ != Compression::none && expanded_bytes_ > limits_.ratio_floor_bytes && raw_bytes_ > 0 &&
	    expanded_bytes_ / raw_bytes_ > limits_.max_ratio) {
		return make_error(ErrorCode::limit_exceeded,
		                  what_ + ": compression ratio above " + std::to_string(limits_.max_ratio) + ":1 after " +
		                      std::to_string(expanded_bytes_) + " bytes (--max-ratio); refusing a possible "
		                                                        "decompression bomb");
	}
	return {};
}

Result<size_t> DecompressingReader::read(char *out, size_t capacity) {
	if (finished_ || capacity == 0) {
		return size_t {0};
	}
	if (!detected_) {
		BW_TRY(detect());
	}
	Result<size_t> produced = size_t {0};
	switch (compression_) {
	case Compression::none:
		produced = read_plain(out, capacity);
		break;
	case Compression::gzip:
		produced = read_gzip(out, capacity);
		break;
	case Compression::zstd:
		produced = read_zstd(out, capacity);
		break;
	}
	if (!produced.ok()) {
		return produced;
	}
	if (*produced == 0) {
		finished_ = true;
		return produced;
	}
	expanded_bytes_ += *produced;
	BW_TRY(check_limits());
	return produced;
}

Result<size_t> DecompressingReader::read_plain(char *out, size_t capacity) {
	BW_TRY(fill_input());
	size_t n = std::min(capacity, in_len_ - in_pos_);
	std::memcpy(out, in_.data() + in_pos_, n);
	in_pos_ += n;
	return n;
}

Result<size_t> DecompressingReader::read_gzip(char *out, size_t capacity) {
	inflate_state &st = codec_->gzip;
	for (;;) {
		BW_TRY(fill_input());
		if (!member_open_) {
			if (in_pos_ == in_len_) {
				return size_t {0}; // clean end after a complete member
			}
			const unsigned char *p = in_.data() + in_pos_;
			if (!has_gzip_magic(p, in_len_ - in_pos_)) {
				// Some writers pad blobs with zeros after the last member; anything else is corrupt.
				for (size_t i = in_pos_; i < in_len_; ++i) {
					if (in_[i] != 0) {
						return make_error(ErrorCode::corrupt,
						                  what_ + ": unexpected bytes after the gzip stream at offset " +
						                      std::to_string(raw_bytes_ - (in_len_ - i)));
					}
				}
				in_pos_ = in_len_;
				continue;
			}
			isal_inflate_init(&st);
			st.crc_flag = ISAL_GZIP;
			member_open_ = true;
		}
		const bool input_exhausted = in_pos_ == in_len_ && raw_eof_;
		st.next_in = in_.data() + in_pos_;
		st.avail_in = static_cast<uint32_t>(in_len_ - in_pos_);
		st.next_out = reinterpret_cast<uint8_t *>(out);
		st.avail_out = static_cast<uint32_t>(std::min<size_t>(capacity, UINT32_MAX));
		int rc = isal_inflate(&st);
		in_pos_ = in_len_ - st.avail_in;
		size_t produced = capacity - st.avail_out;
		if (rc != ISAL_DECOMP_OK && rc != ISAL_END_INPUT && rc != ISAL_OUT_OVERFLOW) {
			const char *why = rc == ISAL_INCORRECT_CHECKSUM ? "CRC mismatch" : "invalid deflate data";
			return make_error(ErrorCode::corrupt, what_ + ": gzip " + why + " near compressed offset " +
			                                          std::to_string(raw_bytes_ - (in_len_ - in_pos_)));
		}
		if (st.block_state == ISAL_BLOCK_FINISH) {
			member_open_ = false;
		}
		if (produced > 0) {
			return produced;
		}
		// No output: either more input is needed, or the input is over (or stuck) mid-member.
		if (member_open_ && (input_exhausted || in_pos_ < in_len_)) {
			return make_error(ErrorCode::truncated, what_ + ": gzip stream ends early (after " +
			                                            std::to_string(raw_bytes_) + " compressed bytes)");
		}
	}
}

Result<size_t> DecompressingReader::read_zstd(char *out, size_t capacity) {
	for (;;) {
		BW_TRY(fill_input());
		const bool input_exhausted = in_pos_ == in_len_ && raw_eof_;
		if (input_exhausted && !member_open_) {
			return size_t {0};
		}
		ZSTD_inBuffer input {in_.data(), in_len_, in_pos_};
		ZSTD_outBuffer output {out, capacity, 0};
		size_t rc = ZSTD_decompressStream(codec_->zstd, &output, &input);
		in_pos_ = input.pos;
		if (ZSTD_isError(rc)) {
			return make_error(ErrorCode::corrupt, what_ + ": zstd: " + ZSTD_getErrorName(rc) +
			                                          " near compressed offset " +
			                                          std::to_string(raw_bytes_ - (in_len_ - in_pos_)));
		}
		member_open_ = rc != 0; // 0 = a frame just ended
		if (output.pos > 0) {
			return output.pos;
		}
		if (member_open_ && input_exhausted) {
			return make_error(ErrorCode::truncated, what_ + ": zstd stream ends early (after " +
			                                            std::to_string(raw_bytes_) + " compressed bytes)");
		}
	}
}

std::string DecompressingReader::compressed_digest() {
	return raw_hash_.finish_digest();
}


} // namespace bulwark
