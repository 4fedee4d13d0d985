#include "vulndb/json_members.h"

#include <simdjson.h>

namespace bulwark::vulndb {

namespace {

constexpr size_t kBufferBytes = 1U << 20;

bool is_space(int c) {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

JsonMemberReader::JsonMemberReader(std::istream &in, size_t max_member_bytes)
    : in_(in), max_member_bytes_(max_member_bytes), buffer_(kBufferBytes) {
}

int JsonMemberReader::peek() {
	if (pos_ == end_) {
		offset_ += end_;
		in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
		end_ = static_cast<size_t>(in_.gcount());
		pos_ = 0;
		if (end_ == 0) {
			return EOF;
		}
	}
	return static_cast<unsigned char>(buffer_[pos_]);
}

int JsonMemberReader::take() {
	const int c = peek();
	if (c != EOF) {
		++pos_;
	}
	return c;
}

void JsonMemberReader::skip_space() {
	while (is_space(peek())) {
		++pos_;
	}
}

Error JsonMemberReader::malformed(const std::string &what) const {
	return make_error(ErrorCode::malformed_json, what + " at byte " + std::to_string(offset_ + pos_));
}

// The key's JSON string is copied as written and unescaped by simdjson.
Status JsonMemberReader::read_key(std::string &key) {
	std::string quoted(1, '"');
	for (;;) {
		const int c = take();
		if (c == EOF) {
			return make_error(ErrorCode::truncated, "the document ends inside a member name");
		}
		quoted += static_cast<char>(c);
		if (quoted.size() > max_member_bytes_) {
			return malformed("a member name longer than " + std::to_string(max_member_bytes_) + " bytes");
		}
		if (c == '\\') {
			const int escaped = take();
			if (escaped == EOF) {
				return make_error(ErrorCode::truncated, "the document ends inside a member name");
			}
			quoted += static_cast<char>(escaped);
		} else if (c == '"') {
			break;
		}
	}
	simdjson::dom::parser parser;
	std::string_view text;
	if (parser.parse(simdjson::padded_string(quoted)).get_string().get(text)) {
		return malformed("a member name that is not a valid JSON string");
	}
	key.assign(text);
	return {};
}

Status JsonMemberReader::read_value(std::string &value) {
	value.clear();
	oversized_ = false;
	size_t depth = 0;
	bool in_string = false;
	for (;;) {
		const int c = peek();
		if (c == EOF) {
			return make_error(ErrorCode::truncated, "the document ends inside a member's value");
		}
		if (!in_string && depth == 0 && (c == ',' || c == '}' || c == ']')) {
			if (c == ']') {
				return malformed("an unexpected ']'");
			}
			while (!value.empty() && is_space(static_cast<unsigned char>(value.back()))) {
				value.pop_back();
			}
			return {};
		}
		++pos_;
		if (!oversized_) {
			value += static_cast<char>(c);
			if (value.size() > max_member_bytes_) {
				oversized_ = true;
				value.clear();
			}
		}
		if (in_string) {
			if (c == '\\') {
				const int escaped = take();
				if (escaped == EOF) {
					return make_error(ErrorCode::truncated, "the document ends inside a string");
				}
				if (!oversized_) {
					value += static_cast<char>(escaped);
				}
			} else if (c == '"') {
				in_string = false;
			}
		} else if (c == '"') {
			in_string = true;
		} else if (c == '{' || c == '[') {
			++depth;
		} else if (c == '}' || c == ']') {
			--depth;
			if (depth == 0) {
				// The value ends here; what follows must be ',' or '}'.
				while (!oversized_ && !value.empty() && is_space(static_cast<unsigned char>(value.back()))) {
					value.pop_back();
				}
				return {};
			}
		}
	}
}

Result<bool> JsonMemberReader::next(std::string &key, std::string &value) {
	if (finished_) {
		return false;
	}
	skip_space();
	if (!started_) {
		if (take() != '{') {
			return malformed("not a JSON object");
		}
		started_ = true;
		skip_space();
		if (peek() == '}') {
			++pos_;
			finished_ = true;
			return false;
		}
	} else {
		const int c = take();
		if (c == '}') {
			finished_ = true;
			skip_space();
			if (peek() != EOF) {
				return malformed("text after the top-level object");
			}
			return false;
		}
		if (c == EOF) {
			return make_error(ErrorCode::truncated, "the document ends before its closing '}'");
		}
		if (c != ',') {
			return malformed("expected ',' or '}' between members");
		}
		skip_space();
	}
	if (take() != '"') {
		return malformed("expected a member name");
	}
	BW_TRY(read_key(key));
	skip_space();
	if (take() != ':') {
		return malformed("expected ':' after a member name");
	}
	skip_space();
	BW_TRY(read_value(value));
	return true;
}

} // namespace bulwark::vulndb
