#include "analyze/rpm/header.h"

#include <algorithm>
#include <array>
#include <map>

#include "analyze/rpm/bytes.h"

namespace bulwark::rpm {

namespace {

enum Tag : uint32_t {
	tag_name = 1000,
	tag_version = 1001,
	tag_release = 1002,
	tag_epoch = 1003,
	tag_vendor = 1011,
	tag_license = 1014,
	tag_packager = 1015,
	tag_arch = 1022,
	tag_oldfilenames = 1027,
	tag_sourcerpm = 1044,
	tag_dirindexes = 1116,
	tag_basenames = 1117,
	tag_dirnames = 1118,
	tag_modularitylabel = 5096,
};

enum Type : uint32_t {
	type_int32 = 4,
	type_string = 6,
	type_string_array = 8,
	type_i18nstring = 9,
	type_max = 9,
};

constexpr size_t index_entry_size = 16;
// Joined file paths of one header; a hostile header can repeat one long DIRNAMES entry
// for every basename, so the expansion is capped, not just the blob.
constexpr size_t max_file_list_bytes = 64u << 20;

struct Entry {
	uint32_t tag = 0;
	uint32_t type = 0;
	uint32_t offset = 0;
	uint32_t count = 0;
};

constexpr std::array wanted_tags {
	tag_name, tag_version,   tag_release,         tag_epoch,      tag_vendor,    tag_license,  tag_packager,
	tag_arch, tag_sourcerpm, tag_modularitylabel, tag_dirindexes, tag_basenames, tag_dirnames, tag_oldfilenames,
};

class HeaderReader {
public:
	HeaderReader(std::string_view data, std::map<uint32_t, Entry> entries) : data_(data), entries_(std::move(entries)) {
	}

	const Entry *find(Tag tag) const {
		auto it = entries_.find(tag);
		return it == entries_.end() ? nullptr : &it->second;
	}

	// A STRING, or the first element of a STRING_ARRAY / I18NSTRING; nullopt when absent.
	Result<std::optional<std::string>> string(Tag tag) const {
		const Entry *entry = find(tag);
		if (!entry) {
			return std::optional<std::string>();
		}
		if (entry->type != type_string && entry->type != type_string_array && entry->type != type_i18nstring) {
			return bad_type(*entry);
		}
		auto list = strings_at(*entry, 1);
		BW_TRY(list);
		return std::optional<std::string>(std::move(list.value().front()));
	}

	Result<std::vector<std::string>> string_array(Tag tag) const {
		const Entry *entry = find(tag);
		if (!entry) {
			return std::vector<std::string>();
		}
		if (entry->type != type_string_array) {
			return bad_type(*entry);
		}
		return strings_at(*entry, entry->count);
	}

	Result<std::vector<uint32_t>> int32_array(Tag tag) const {
		const Entry *entry = find(tag);
		if (!entry) {
			return std::vector<uint32_t>();
		}
		if (entry->type != type_int32) {
			return bad_type(*entry);
		}
		if (uint64_t(entry->offset) + uint64_t(entry->count) * 4 > data_.size()) {
			return make_error(ErrorCode::corrupt,
			                  "rpm header: tag " + std::to_string(entry->tag) + " runs past the data store");
		}
		std::vector<uint32_t> values;
		values.reserve(entry->count);
		for (uint32_t i = 0; i < entry->count; ++i) {
			values.push_back(load_be32(data_, entry->offset + size_t(i) * 4));
		}
		return values;
	}

private:
	static Error bad_type(const Entry &entry) {
		return make_error(ErrorCode::corrupt, "rpm header: tag " + std::to_string(entry.tag) + " has unexpected type " +
		                                          std::to_string(entry.type));
	}

	// `count` NUL-terminated strings starting at the entry's offset.
	Result<std::vector<std::string>> strings_at(const Entry &entry, uint32_t count) const {
		if (count == 0 || entry.count == 0) {
			return make_error(ErrorCode::corrupt, "rpm header: tag " + std::to_string(entry.tag) + " has no values");
		}
		// Every string takes at least one byte, so a count larger than the data is a lie
		// that must not reach reserve().
		if (entry.offset >= data_.size() || count > data_.size() - entry.offset) {
			return make_error(ErrorCode::corrupt, "rpm header: tag " + std::to_string(entry.tag) +
			                                          " offset or count outside the data store");
		}
		std::vector<std::string> out;
		out.reserve(count);
		size_t pos = entry.offset;
		for (uint32_t i = 0; i < count; ++i) {
			size_t end = data_.find('\0', pos);
			if (end == std::string_view::npos) {
				return make_error(ErrorCode::corrupt,
				                  "rpm header: string of tag " + std::to_string(entry.tag) + " has no terminating NUL");
			}
			out.emplace_back(data_.substr(pos, end - pos));
			pos = end + 1;
		}
		return out;
	}

	std::string_view data_;
	std::map<uint32_t, Entry> entries_;
};

Result<std::vector<std::string>> file_list(const HeaderReader &reader) {
	auto basenames = reader.string_array(tag_basenames);
	BW_TRY(basenames);
	if (basenames->empty()) {
		return reader.string_array(tag_oldfilenames);
	}
	auto dirnames = reader.string_array(tag_dirnames);
	BW_TRY(dirnames);
	auto dirindexes = reader.int32_array(tag_dirindexes);
	BW_TRY(dirindexes);
	if (dirindexes->size() != basenames->size()) {
		return make_error(ErrorCode::corrupt, "rpm header: " + std::to_string(basenames->size()) + " BASENAMES but " +
		                                          std::to_string(dirindexes->size()) + " DIRINDEXES");
	}
	size_t total = 0;
	for (size_t i = 0; i < basenames->size(); ++i) {
		uint32_t dir = (*dirindexes)[i];
		if (dir >= dirnames->size()) {
			return make_error(ErrorCode::corrupt, "rpm header: DIRINDEXES value " + std::to_string(dir) + " beyond " +
			                                          std::to_string(dirnames->size()) + " DIRNAMES");
		}
		total += (*dirnames)[dir].size() + (*basenames)[i].size();
		if (total > max_file_list_bytes) {
			return make_error(ErrorCode::limit_exceeded,
			                  "rpm header: file list longer than " + std::to_string(max_file_list_bytes) + " bytes");
		}
	}
	std::vector<std::string> files;
	files.reserve(basenames->size());
	for (size_t i = 0; i < basenames->size(); ++i) {
		files.push_back((*dirnames)[(*dirindexes)[i]] + (*basenames)[i]);
	}
	return files;
}

} // namespace

Result<RpmHeader> parse_header(std::string_view blob) {
	if (blob.size() < 8) {
		return make_error(ErrorCode::truncated,
		                  "rpm header: " + std::to_string(blob.size()) + " bytes, shorter than the 8-byte size prefix");
	}
	uint32_t index_count = load_be32(blob, 0);
	uint32_t data_size = load_be32(blob, 4);
	if (index_count == 0) {
		return make_error(ErrorCode::corrupt, "rpm header: no index entries");
	}
	if (index_count > max_header_index_count || data_size > max_header_data_size) {
		return make_error(ErrorCode::limit_exceeded, "rpm header: index count " + std::to_string(index_count) +
		                                                 ", data size " + std::to_string(data_size) +
		                                                 " over rpm's limits");
	}
	uint64_t expected = 8 + uint64_t(index_count) * index_entry_size + data_size;
	if (blob.size() < expected) {
		return make_error(ErrorCode::truncated, "rpm header: " + std::to_string(blob.size()) + " bytes, sizes say " +
		                                            std::to_string(expected));
	}
	if (blob.size() > expected) {
		// rpm refuses these too ("blob size BAD"): the sizes are what delimit the header.
		return make_error(ErrorCode::corrupt,
		                  "rpm header: " + std::to_string(blob.size() - expected) + " bytes after the data store");
	}
	std::string_view index = blob.substr(8, size_t(index_count) * index_entry_size);
	std::string_view data = blob.substr(8 + index.size());

	std::map<uint32_t, Entry> entries;
	for (size_t i = 0; i < index_count; ++i) {
		Entry entry { load_be32(index, i * 16), load_be32(index, i * 16 + 4), load_be32(index, i * 16 + 8),
			          load_be32(index, i * 16 + 12) };
		if (entry.type == 0 || entry.type > type_max) {
			return make_error(ErrorCode::corrupt, "rpm header: index entry " + std::to_string(i) + " has type " +
			                                          std::to_string(entry.type));
		}
		if (std::find(wanted_tags.begin(), wanted_tags.end(), entry.tag) != wanted_tags.end()) {
			// Entries added after install ("dribbles") follow the immutable region and
			// replace a region entry of the same tag, as rpm does on load.
			entries[entry.tag] = entry;
		}
	}
	HeaderReader reader(data, std::move(entries));

	RpmHeader header;
	auto take = [&](Tag tag, std::optional<std::string> &field) -> Status {
		auto value = reader.string(tag);
		BW_TRY(value);
		field = std::move(value.value());
		return {};
	};
	auto take_required = [&](Tag tag, std::string &field) -> Status {
		std::optional<std::string> value;
		BW_TRY(take(tag, value));
		if (!value || value->empty()) {
			return make_error(ErrorCode::corrupt, "rpm header: required tag " + std::to_string(tag) + " missing");
		}
		field = std::move(*value);
		return {};
	};
	BW_TRY(take_required(tag_name, header.name));
	BW_TRY(take_required(tag_version, header.version));
	BW_TRY(take_required(tag_release, header.release));
	BW_TRY(take(tag_arch, header.arch));
	BW_TRY(take(tag_sourcerpm, header.source_rpm));
	BW_TRY(take(tag_license, header.license));
	BW_TRY(take(tag_vendor, header.vendor));
	BW_TRY(take(tag_packager, header.packager));
	BW_TRY(take(tag_modularitylabel, header.modularity_label));
	if (reader.find(tag_epoch)) {
		auto epoch = reader.int32_array(tag_epoch);
		BW_TRY(epoch);
		if (epoch->empty()) {
			return make_error(ErrorCode::corrupt, "rpm header: EPOCH has no value");
		}
		header.epoch = epoch->front();
	}
	auto files = file_list(reader);
	BW_TRY(files);
	header.files = std::move(files.value());
	return header;
}

} // namespace bulwark::rpm
