// Fixed-width integer loads for the rpm database readers. Callers check bounds first;
// these only assemble bytes in the order the format stores them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace bulwark::rpm {

inline uint32_t load_be32(std::string_view bytes, size_t offset) {
	auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(bytes[offset + i])); };
	return b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
}

inline uint32_t load_le32(std::string_view bytes, size_t offset) {
	auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(bytes[offset + i])); };
	return b(3) << 24 | b(2) << 16 | b(1) << 8 | b(0);
}

inline uint16_t load_le16(std::string_view bytes, size_t offset) {
	auto b = [&](size_t i) { return static_cast<uint16_t>(static_cast<unsigned char>(bytes[offset + i])); };
	return static_cast<uint16_t>(b(1) << 8 | b(0));
}

inline uint16_t load_be16(std::string_view bytes, size_t offset) {
	auto b = [&](size_t i) { return static_cast<uint16_t>(static_cast<unsigned char>(bytes[offset + i])); };
	return static_cast<uint16_t>(b(0) << 8 | b(1));
}

} // namespace bulwark::rpm
