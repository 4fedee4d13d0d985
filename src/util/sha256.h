// Streaming SHA-256 (OpenSSL's EVP, which uses the CPU's SHA extensions when present).
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace bulwark {

class Sha256 {
public:
	Sha256();
	~Sha256();
	Sha256(const Sha256 &) = delete;
	Sha256 &operator=(const Sha256 &) = delete;
	Sha256(Sha256 &&) noexcept;
	Sha256 &operator=(Sha256 &&) noexcept;

	void update(const void *data, size_t size);
	void update(std::string_view data) {
		update(data.data(), data.size());
	}
	// "sha256:<64 hex>"; the object must not be updated afterwards.
	std::string finish_digest();

	static std::string digest_of(std::string_view data);

private:
	evp_md_ctx_st *ctx_ = nullptr;
};

// True for "sha256:" followed by 64 lowercase hex digits.
bool is_sha256_digest(std::string_view digest);

} // namespace bulwark
