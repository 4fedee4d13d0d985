#include "util/sha256.h"

#include <openssl/evp.h>
#include <stdexcept>
#include <utility>

namespace bulwark {

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
	if (!ctx_ || EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) != 1) {
		throw std::bad_alloc();
	}
}

Sha256::~Sha256() {
	EVP_MD_CTX_free(ctx_);
}

Sha256::Sha256(Sha256 &&other) noexcept : ctx_(std::exchange(other.ctx_, nullptr)) {
}

Sha256 &Sha256::operator=(Sha256 &&other) noexcept {
	std::swap(ctx_, other.ctx_);
	return *this;
}

void Sha256::update(const void *data, size_t size) {
	EVP_DigestUpdate(ctx_, data, size);
}

std::string Sha256::finish_digest() {
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	EVP_DigestFinal_ex(ctx_, md, &len);
	static const char hex[] = "0123456789abcdef";
	std::string out = "sha256:";
	for (unsigned int i = 0; i < len; ++i) {
		out += hex[md[i] >> 4];
		out += hex[md[i] & 0xf];
	}
	return out;
}

std::string Sha256::digest_of(std::string_view data) {
	Sha256 hash;
	hash.update(data);
	return hash.finish_digest();
}

bool is_sha256_digest(std::string_view digest) {
	constexpr std::string_view prefix = "sha256:";
	if (digest.size() != prefix.size() + 64 || digest.substr(0, prefix.size()) != prefix) {
		return false;
	}
	for (char c : digest.substr(prefix.size())) {
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			return false;
		}
	}
	return true;
}

} // namespace bulwark
