// Reading a JSON document whose top level is one large object (the Debian security
// tracker's ~60 MB `{srcpkg: {...}, ...}`) one member at a time from a stream, so that
// memory is the largest member, not the document. Only the member boundaries are found here
// (strings, escapes and nesting are tracked, nothing is recursed into); each member's value
// is handed on as JSON text for a real parser to check.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "util/result.h"

namespace bulwark::vulndb {

class JsonMemberReader {
public:
	JsonMemberReader(std::istream &in, size_t max_member_bytes);

	// The next member: true with `key` (unescaped) and `value` (its JSON text) set, false
	// after the closing brace. A value longer than the limit is not kept: `value` is empty
	// and oversized() true. Errors: malformed_json when the text is not an object of
	// members, truncated when it ends early.
	Result<bool> next(std::string &key, std::string &value);
	bool oversized() const {
		return oversized_;
	}

private:
	int peek();
	int take();
	void skip_space();
	Status read_key(std::string &key);
	Status read_value(std::string &value);
	Error malformed(const std::string &what) const;

	std::istream &in_;
	size_t max_member_bytes_;
	std::vector<char> buffer_;
	size_t pos_ = 0;
	size_t end_ = 0;
	uint64_t offset_ = 0; // of buffer_[0] in the stream
	bool started_ = false;
	bool finished_ = false;
	bool oversized_ = false;
};

} // namespace bulwark::vulndb
