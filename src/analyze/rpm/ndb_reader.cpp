#include <algorithm>

#include "analyze/rpm/bytes.h"
#include "analyze/rpm/rpmdb.h"

namespace bulwark::rpm {

namespace {

// Magics are the ASCII names read as little-endian words.
constexpr std::string_view db_magic = "RpmP";
constexpr std::string_view slot_magic = "Slot";
constexpr std::string_view blob_head_magic = "BlbS";
constexpr std::string_view blob_tail_magic = "BlbE";

constexpr size_t db_header_size = 32; // occupies the first two slots of page 0
constexpr size_t slot_page_size = 4096;
constexpr size_t slot_size = 16;
constexpr size_t block_size = 16;
constexpr size_t blob_head_size = 16; // magic, package index, timestamp, length
constexpr size_t blob_tail_size = 12; // adler32, length, magic

struct Slot {
	uint32_t package_index;
	uint32_t block_offset;
	uint32_t block_count;
};

// The blob a slot names, or why it cannot be read.
Result<std::string_view> slot_blob(std::string_view bytes, const Slot &slot) {
	std::string where = "Packages.db: package " + std::to_string(slot.package_index);
	uint64_t start = uint64_t(slot.block_offset) * block_size;
	uint64_t span = uint64_t(slot.block_count) * block_size;
	if (start + span > bytes.size()) {
		return make_error(ErrorCode::truncated, where + " runs past the end of the file");
	}
	if (span < blob_head_size + blob_tail_size) {
		return make_error(ErrorCode::corrupt, where + " has too few blocks");
	}
	std::string_view frame = bytes.substr(start, span);
	if (frame.substr(0, 4) != blob_head_magic || load_le32(frame, 4) != slot.package_index) {
		return make_error(ErrorCode::corrupt, where + ": bad blob head");
	}
	uint32_t length = load_le32(frame, 12);
	if ((blob_head_size + uint64_t(length) + blob_tail_size + block_size - 1) / block_size != slot.block_count) {
		return make_error(ErrorCode::corrupt, where + ": blob length " + std::to_string(length) + " does not fit its " +
		                                          std::to_string(slot.block_count) + " blocks");
	}
	std::string_view tail = frame.substr(span - blob_tail_size);
	if (load_le32(tail, 4) != length || tail.substr(8, 4) != blob_tail_magic) {
		return make_error(ErrorCode::corrupt, where + ": bad blob tail");
	}
	return frame.substr(blob_head_size, length);
}

} // namespace

Result<RpmDbBlobs> read_ndb_blobs(std::string_view bytes) {
	if (bytes.size() < db_header_size || bytes.substr(0, 4) != db_magic) {
		return make_error(ErrorCode::corrupt, "Packages.db: no ndb header");
	}
	uint32_t version = load_le32(bytes, 4);
	if (version != 0) {
		return make_error(ErrorCode::unsupported, "Packages.db: ndb version " + std::to_string(version));
	}
	uint32_t slot_pages = load_le32(bytes, 12);
	if (slot_pages == 0) {
		return make_error(ErrorCode::corrupt, "Packages.db: no slot pages");
	}
	if (uint64_t(slot_pages) * slot_page_size > bytes.size()) {
		return make_error(ErrorCode::truncated, "Packages.db: " + std::to_string(slot_pages) +
		                                            " slot pages do not fit in " + std::to_string(bytes.size()) +
		                                            " bytes");
	}
	// Blobs live after the slot pages; a slot pointing into them is corrupt.
	uint64_t first_blob_block = uint64_t(slot_pages) * slot_page_size / block_size;

	RpmDbBlobs out;
	std::vector<Slot> slots;
	size_t slots_end = size_t(slot_pages) * slot_page_size;
	for (size_t offset = db_header_size; offset < slots_end; offset += slot_size) {
		std::string_view raw = bytes.substr(offset, slot_size);
		Slot slot { load_le32(raw, 4), load_le32(raw, 8), load_le32(raw, 12) };
		if (raw.substr(0, 4) != slot_magic) {
			out.skipped.push_back("Packages.db: bad slot magic at offset " + std::to_string(offset));
			continue;
		}
		if (slot.block_offset == 0) {
			continue; // free slot
		}
		if (slot.package_index == 0 || slot.block_count == 0 || slot.block_offset < first_blob_block) {
			out.skipped.push_back("Packages.db: bad slot at offset " + std::to_string(offset));
			continue;
		}
		slots.push_back(slot);
	}
	// rpm lists packages in blob order.
	std::sort(slots.begin(), slots.end(), [](const Slot &a, const Slot &b) { return a.block_offset < b.block_offset; });
	for (const auto &slot : slots) {
		auto blob = slot_blob(bytes, slot);
		if (blob.ok()) {
			out.blobs.emplace_back(blob.value());
		} else {
			out.skipped.push_back(blob.error().message);
		}
	}
	return out;
}

} // namespace bulwark::rpm
