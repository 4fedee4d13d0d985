#include "vulndb/record_codec.h"

namespace bulwark::vulndb {

namespace {

enum RangeTypeCode : unsigned char { ecosystem_range = 0, semver_range = 1, constraints_range = 2, other_range = 3 };

class Encoder {
public:
	void number(uint64_t value) {
		while (value >= 0x80) {
			out += static_cast<char>((value & 0x7f) | 0x80);
			value >>= 7;
		}
		out += static_cast<char>(value);
	}
	void text(std::string_view value) {
		number(value.size());
		out += value;
	}
	void texts(const std::vector<std::string> &values) {
		number(values.size());
		for (const auto &value : values) {
			text(value);
		}
	}
	std::string out;
};

class Decoder {
public:
	explicit Decoder(std::string_view bytes) : bytes_(bytes) {
	}
	bool number(uint64_t &value) {
		value = 0;
		for (int shift = 0; shift < 64; shift += 7) {
			if (pos_ >= bytes_.size()) {
				return false;
			}
			const auto byte = static_cast<unsigned char>(bytes_[pos_++]);
			value |= static_cast<uint64_t>(byte & 0x7f) << shift;
			if ((byte & 0x80) == 0) {
				return true;
			}
		}
		return false;
	}
	// A count of items that each take at least one byte: larger than the bytes left is damage.
	bool count(size_t &value) {
		uint64_t n = 0;
		if (!number(n) || n > bytes_.size() - pos_) {
			return false;
		}
		value = static_cast<size_t>(n);
		return true;
	}
	bool text(std::string &value) {
		size_t n = 0;
		if (!count(n)) {
			return false;
		}
		value.assign(bytes_.substr(pos_, n));
		pos_ += n;
		return true;
	}
	bool texts(std::vector<std::string> &values) {
		size_t n = 0;
		if (!count(n)) {
			return false;
		}
		values.resize(n);
		for (auto &value : values) {
			if (!text(value)) {
				return false;
			}
		}
		return true;
	}
	bool at_end() const {
		return pos_ == bytes_.size();
	}

private:
	std::string_view bytes_;
	size_t pos_ = 0;
};

Error damaged(const char *what) {
	return make_error(ErrorCode::corrupt, std::string("advisory database: damaged ") + what + " record");
}

void encode_range(Encoder &e, const AffectedRange &range) {
	if (range.type == "ECOSYSTEM") {
		e.number(ecosystem_range);
	} else if (range.type == "SEMVER") {
		e.number(semver_range);
	} else if (range.type == "CONSTRAINTS") {
		e.number(constraints_range);
	} else {
		e.number(other_range);
		e.text(range.type);
	}
	e.number(range.events.size());
	for (const auto &event : range.events) {
		e.number(static_cast<uint64_t>(event.kind));
		e.text(event.version);
	}
	e.texts(range.constraints);
	e.texts(range.unaffected);
}

bool decode_range(Decoder &d, AffectedRange &range) {
	uint64_t code = 0;
	if (!d.number(code)) {
		return false;
	}
	switch (code) {
	case ecosystem_range:
		range.type = "ECOSYSTEM";
		break;
	case semver_range:
		range.type = "SEMVER";
		break;
	case constraints_range:
		range.type = "CONSTRAINTS";
		break;
	case other_range:
		if (!d.text(range.type)) {
			return false;
		}
		break;
	default:
		return false;
	}
	size_t events = 0;
	if (!d.count(events)) {
		return false;
	}
	range.events.resize(events);
	for (auto &event : range.events) {
		uint64_t kind = 0;
		if (!d.number(kind) || kind > static_cast<uint64_t>(RangeEvent::Kind::limit) || !d.text(event.version)) {
			return false;
		}
		event.kind = static_cast<RangeEvent::Kind>(kind);
	}
	return d.texts(range.constraints) && d.texts(range.unaffected);
}

} // namespace

std::string encode_affected_row(int64_t source, const Advisory &advisory, const AffectedPackage &entry) {
	Encoder e;
	e.number(static_cast<uint64_t>(source));
	e.text(advisory.id);
	e.texts(advisory.aliases);
	e.text(advisory.published);
	e.text(advisory.modified);
	e.number(advisory.cvss.size());
	for (const auto &cvss : advisory.cvss) {
		e.text(cvss.source);
		e.text(cvss.vector);
	}
	e.text(advisory.severity);
	e.number(entry.open ? 1 : 0);
	e.text(entry.severity);
	e.texts(entry.versions);
	e.number(entry.ranges.size());
	for (const auto &range : entry.ranges) {
		encode_range(e, range);
	}
	return std::move(e.out);
}

Status decode_affected_row(std::string_view bytes, int64_t &source, Advisory &advisory, AffectedPackage &entry) {
	Decoder d(bytes);
	uint64_t source_id = 0;
	size_t cvss = 0;
	if (!d.number(source_id) || !d.text(advisory.id) || !d.texts(advisory.aliases) || !d.text(advisory.published) ||
	    !d.text(advisory.modified) || !d.count(cvss)) {
		return damaged("affected");
	}
	source = static_cast<int64_t>(source_id);
	advisory.cvss.resize(cvss);
	for (auto &vector : advisory.cvss) {
		if (!d.text(vector.source) || !d.text(vector.vector)) {
			return damaged("affected");
		}
	}
	uint64_t open = 0;
	size_t ranges = 0;
	if (!d.text(advisory.severity) || !d.number(open) || open > 1 || !d.text(entry.severity) ||
	    !d.texts(entry.versions) || !d.count(ranges)) {
		return damaged("affected");
	}
	entry.open = open == 1;
	entry.ranges.resize(ranges);
	for (auto &range : entry.ranges) {
		if (!decode_range(d, range)) {
			return damaged("affected");
		}
	}
	if (!d.at_end()) {
		return damaged("affected");
	}
	return {};
}

std::string encode_advisory_text(const Advisory &advisory) {
	Encoder e;
	e.text(advisory.summary);
	e.text(advisory.details);
	e.texts(advisory.references);
	return std::move(e.out);
}

Status decode_advisory_text(std::string_view bytes, Advisory &advisory) {
	Decoder d(bytes);
	if (!d.text(advisory.summary) || !d.text(advisory.details) || !d.texts(advisory.references) || !d.at_end()) {
		return damaged("advisory text");
	}
	return {};
}

} // namespace bulwark::vulndb
