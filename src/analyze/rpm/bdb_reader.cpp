#include <algorithm>

#include "analyze/rpm/bytes.h"
#include "analyze/rpm/rpmdb.h"

namespace bulwark::rpm {

namespace {

constexpr uint32_t hash_magic = 0x061561;
constexpr uint32_t btree_magic = 0x053162;

// Page types (db_page.h).
constexpr uint8_t page_hash_unsorted = 2;
constexpr uint8_t page_overflow = 7;
constexpr uint8_t page_hash_meta = 8;
constexpr uint8_t page_hash = 13;

// Hash item types: the first byte of every item on a hash page.
constexpr uint8_t item_keydata = 1;
constexpr uint8_t item_duplicate = 2;
constexpr uint8_t item_offpage = 3;
constexpr uint8_t item_offdup = 4;

constexpr size_t page_header_size = 26;
constexpr size_t checksum_area_size = 6; // alignment + 32-bit checksum after the header
constexpr uint8_t metaflag_checksum = 0x01;
constexpr size_t offpage_item_size = 12; // type, 3 unused, be/le32 pgno, be/le32 total length

class BdbFile {
public:
	BdbFile(std::string_view bytes, bool big_endian, size_t page_size, size_t page_count, size_t overhead)
	    : bytes_(bytes), big_endian_(big_endian), page_size_(page_size), page_count_(page_count), overhead_(overhead) {
	}

	size_t page_count() const {
		return page_count_;
	}
	// Bytes before a page's item offset table.
	size_t overhead() const {
		return overhead_;
	}
	std::string_view page(size_t pgno) const {
		return bytes_.substr(pgno * page_size_, page_size_);
	}
	uint32_t u32(std::string_view b, size_t offset) const {
		return big_endian_ ? load_be32(b, offset) : load_le32(b, offset);
	}
	uint16_t u16(std::string_view b, size_t offset) const {
		return big_endian_ ? load_be16(b, offset) : load_le16(b, offset);
	}
	static uint8_t page_type(std::string_view page) {
		return static_cast<uint8_t>(page[25]);
	}

	// Item `index` of a hash page: items grow down from the page end, so an item ends
	// where the previous one starts.
	Result<std::string_view> item(std::string_view page, size_t pgno, size_t index, size_t entries) const {
		size_t table_end = overhead_ + entries * 2;
		size_t start = u16(page, overhead_ + index * 2);
		size_t end = index == 0 ? page_size_ : u16(page, overhead_ + (index - 1) * 2);
		if (start < table_end || start >= end || end > page_size_) {
			return make_error(ErrorCode::corrupt, "Packages: page " + std::to_string(pgno) + " item " +
			                                          std::to_string(index) + " has bad bounds");
		}
		return page.substr(start, end - start);
	}

	// The value stored on a chain of overflow pages.
	Result<std::string> overflow(std::string_view item, size_t pgno_of_item) const {
		if (item.size() < offpage_item_size) {
			return make_error(ErrorCode::corrupt,
			                  "Packages: short off-page item on page " + std::to_string(pgno_of_item));
		}
		uint32_t pgno = u32(item, 4);
		uint32_t total = u32(item, 8);
		if (total > bytes_.size()) {
			return make_error(ErrorCode::corrupt,
			                  "Packages: off-page value of " + std::to_string(total) + " bytes exceeds the file");
		}
		std::string value;
		value.reserve(total);
		// Each page is visited at most once: a chain longer than the file is a loop.
		for (size_t visited = 0; value.size() < total; ++visited) {
			if (pgno == 0 || pgno >= page_count_ || visited >= page_count_) {
				return make_error(ErrorCode::corrupt, "Packages: overflow chain from page " +
				                                          std::to_string(pgno_of_item) + " breaks at page " +
				                                          std::to_string(pgno));
			}
			std::string_view page_bytes = page(pgno);
			if (page_type(page_bytes) != page_overflow) {
				return make_error(ErrorCode::corrupt, "Packages: page " + std::to_string(pgno) +
				                                          " in an overflow chain is not an overflow page");
			}
			// On overflow pages the header's free-area offset holds the bytes used.
			size_t used = u16(page_bytes, 22);
			if (used == 0 || used > page_size_ - overhead_ || used > total - value.size()) {
				return make_error(ErrorCode::corrupt, "Packages: overflow page " + std::to_string(pgno) +
				                                          " holds a bad length " + std::to_string(used));
			}
			value.append(page_bytes.substr(overhead_, used));
			pgno = u32(page_bytes, 16);
		}
		return value;
	}

private:
	std::string_view bytes_;
	bool big_endian_;
	size_t page_size_;
	size_t page_count_;
	size_t overhead_;
};

bool is_zero_key(std::string_view key) {
	return key.size() == 4 && key.find_first_not_of('\0') == std::string_view::npos;
}

void read_hash_page(const BdbFile &file, size_t pgno, RpmDbBlobs &out) {
	std::string_view page = file.page(pgno);
	size_t entries = file.u16(page, 20);
	if (file.overhead() + entries * 2 > page.size()) {
		out.skipped.push_back("Packages: page " + std::to_string(pgno) + " claims " + std::to_string(entries) +
		                      " entries");
		return;
	}
	// Items are key/value pairs; the key is rpm's 32-bit header number.
	for (size_t i = 0; i + 1 < entries; i += 2) {
		auto key = file.item(page, pgno, i, entries);
		auto value = file.item(page, pgno, i + 1, entries);
		if (!key.ok() || !value.ok()) {
			out.skipped.push_back((key.ok() ? value.error() : key.error()).message);
			continue;
		}
		std::string_view key_data = key->substr(1);
		if (static_cast<uint8_t>(key->front()) == item_keydata && is_zero_key(key_data)) {
			continue; // header number 0 holds rpm's next-number counter, not a package
		}
		switch (static_cast<uint8_t>(value->front())) {
		case item_keydata:
			out.blobs.emplace_back(value->substr(1));
			break;
		case item_offpage: {
			auto blob = file.overflow(*value, pgno);
			if (blob.ok()) {
				out.blobs.push_back(std::move(blob.value()));
			} else {
				out.skipped.push_back(blob.error().message);
			}
			break;
		}
		case item_duplicate:
		case item_offdup:
			out.skipped.push_back("Packages: page " + std::to_string(pgno) +
			                      " has duplicate-key items, which rpm never writes");
			break;
		default:
			out.skipped.push_back("Packages: page " + std::to_string(pgno) + " item " + std::to_string(i + 1) +
			                      " has unknown type " + std::to_string(static_cast<uint8_t>(value->front())));
		}
	}
}

} // namespace

Result<RpmDbBlobs> read_bdb_blobs(std::string_view bytes) {
	if (bytes.size() < 512) {
		return make_error(ErrorCode::truncated,
		                  "Packages: " + std::to_string(bytes.size()) + " bytes, shorter than a Berkeley DB meta page");
	}
	bool big_endian = false;
	uint32_t magic = load_le32(bytes, 12);
	if (magic != hash_magic && magic != btree_magic) {
		big_endian = true;
		magic = load_be32(bytes, 12);
	}
	if (magic == btree_magic) {
		return make_error(ErrorCode::unsupported, "Packages: Berkeley DB btree database (rpm writes hash)");
	}
	if (magic != hash_magic) {
		return make_error(ErrorCode::corrupt, "Packages: not a Berkeley DB hash database");
	}
	auto u32 = [&](size_t offset) { return big_endian ? load_be32(bytes, offset) : load_le32(bytes, offset); };
	uint32_t page_size = u32(20);
	if (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1)) != 0) {
		return make_error(ErrorCode::corrupt, "Packages: bad page size " + std::to_string(page_size));
	}
	if (bytes[24] != 0) {
		return make_error(ErrorCode::unsupported, "Packages: encrypted Berkeley DB");
	}
	if (static_cast<uint8_t>(bytes[25]) != page_hash_meta) {
		return make_error(ErrorCode::corrupt, "Packages: page 0 is not a hash meta page");
	}
	if (bytes.size() < page_size) {
		return make_error(ErrorCode::truncated, "Packages: file ends inside the meta page");
	}
	size_t overhead = page_header_size + ((bytes[26] & metaflag_checksum) ? checksum_area_size : 0);
	// Pages past the last one the meta page names are unused; a shorter file is truncated
	// and read as far as it goes.
	size_t page_count = std::min<size_t>(size_t(u32(32)) + 1, bytes.size() / page_size);
	BdbFile file(bytes, big_endian, page_size, page_count, overhead);

	RpmDbBlobs out;
	for (size_t pgno = 1; pgno < file.page_count(); ++pgno) {
		uint8_t type = BdbFile::page_type(file.page(pgno));
		if (type == page_hash || type == page_hash_unsorted) {
			read_hash_page(file, pgno, out);
		}
	}
	return out;
}

} // namespace bulwark::rpm
