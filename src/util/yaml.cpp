#include "util/yaml.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace bulwark {

namespace {

// yaml-cpp 0.7 turns the double-quoted escapes `\_` (U+00A0) and `\N` (U+0085) into the
// single bytes 0xA0 and 0x85 instead of their UTF-8 encodings (PyPA records use `\_`).
// Where such a byte stands alone, outside any UTF-8 sequence, it is re-encoded; other bytes
// are kept, and invalid UTF-8 is then refused by the JSON parser as it would be anyway.
std::string utf8_escapes(const std::string &text) {
	std::string out;
	out.reserve(text.size());
	for (size_t i = 0; i < text.size();) {
		const auto byte = static_cast<unsigned char>(text[i]);
		size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xe ? 3 : (byte >> 3) == 0x1e ? 4 : 0;
		for (size_t k = 1; k < length; ++k) {
			if (i + k >= text.size() || (static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) {
				length = 0;
			}
		}
		if (length == 0 && (byte == 0xa0 || byte == 0x85)) {
			out += static_cast<char>(0xc2);
			out += static_cast<char>(byte);
			++i;
			continue;
		}
		length = std::max<size_t>(length, 1);
		out.append(text, i, length);
		i += length;
	}
	return out;
}

class JsonFromYaml {
public:
	JsonFromYaml(const YamlLimits &limits, const std::string &what) : limits_(limits), what_(what) {
	}

	Status append(const YAML::Node &node, size_t depth) {
		if (depth > limits_.max_depth) {
			return make_error(ErrorCode::limit_exceeded,
			                  what_ + ": YAML nested deeper than " + std::to_string(limits_.max_depth) + " levels");
		}
		// Checked before each node: aliases can make the tree far larger than the text.
		if (out.size() > limits_.max_bytes) {
			return make_error(ErrorCode::limit_exceeded, what_ + ": YAML expands to more than " +
			                                                 std::to_string(limits_.max_bytes) + " bytes");
		}
		switch (node.Type()) {
		case YAML::NodeType::Scalar:
			if (is_null(node)) {
				out += "null";
			} else {
				append_json_string(out, utf8_escapes(node.Scalar()));
			}
			return {};
		case YAML::NodeType::Sequence: {
			out += '[';
			bool first = true;
			for (const auto &item : node) {
				if (!first) {
					out += ',';
				}
				first = false;
				BW_TRY(append(item, depth + 1));
			}
			out += ']';
			return {};
		}
		case YAML::NodeType::Map: {
			out += '{';
			bool first = true;
			for (const auto &entry : node) {
				if (!entry.first.IsScalar()) {
					return make_error(ErrorCode::malformed_json, what_ + ": a YAML map key that is not a scalar");
				}
				if (!first) {
					out += ',';
				}
				first = false;
				append_json_string(out, entry.first.Scalar());
				out += ':';
				BW_TRY(append(entry.second, depth + 1));
			}
			out += '}';
			return {};
		}
		case YAML::NodeType::Null:
		case YAML::NodeType::Undefined:
			out += "null";
			return {};
		}
		return {};
	}

	std::string out;

private:
	// Quoted scalars carry the tag "!"; only plain ones can mean null.
	static bool is_null(const YAML::Node &node) {
		if (node.Tag() == "!") {
			return false;
		}
		const std::string &text = node.Scalar();
		return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
	}

	const YamlLimits &limits_;
	const std::string &what_;
};

} // namespace

void append_json_string(std::string &out, std::string_view text) {
	static constexpr char hex[] = "0123456789abcdef";
	out += '"';
	for (const char c : text) {
		const auto byte = static_cast<unsigned char>(c);
		switch (c) {
		case '"':
			out += "\\\"";
			break;
		case '\\':
			out += "\\\\";
			break;
		case '\n':
			out += "\\n";
			break;
		case '\t':
			out += "\\t";
			break;
		case '\r':
			out += "\\r";
			break;
		default:
			if (byte < 0x20) {
				out += "\\u00";
				out += hex[byte >> 4];
				out += hex[byte & 0xf];
			} else {
				out += c;
			}
		}
	}
	out += '"';
}

Result<std::string> yaml_to_json(std::string_view text, const YamlLimits &limits, const std::string &what) {
	if (text.size() > limits.max_bytes) {
		return make_error(ErrorCode::limit_exceeded, what + ": " + std::to_string(text.size()) +
		                                                 " bytes of YAML exceeds the limit of " +
		                                                 std::to_string(limits.max_bytes));
	}
	// yaml-cpp reports every problem, its own recursion guard included, as an exception.
	try {
		const YAML::Node root = YAML::Load(std::string(text));
		JsonFromYaml json(limits, what);
		BW_TRY(json.append(root, 0));
		if (json.out.size() > limits.max_bytes) {
			return make_error(ErrorCode::limit_exceeded,
			                  what + ": YAML expands to more than " + std::to_string(limits.max_bytes) + " bytes");
		}
		return std::move(json.out);
	} catch (const YAML::Exception &e) {
		return make_error(ErrorCode::malformed_json, what + ": " + e.what());
	}
}

} // namespace bulwark
