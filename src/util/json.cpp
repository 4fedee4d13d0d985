#include "util/json.h"

namespace bulwark {

Result<simdjson::dom::element> parse_json(simdjson::dom::parser &parser, const std::string &bytes,
                                          const JsonLimits &limits, const std::string &what) {
	if (bytes.size() > limits.max_bytes) {
		return make_error(ErrorCode::limit_exceeded, what + ": " + std::to_string(bytes.size()) +
		                                                 " bytes of JSON exceeds the limit of " +
		                                                 std::to_string(limits.max_bytes) + " (--max-json-bytes)");
	}
	if (auto err = parser.allocate(std::max<size_t>(bytes.size(), 64), limits.max_depth); err) {
		return make_error(ErrorCode::internal, what + ": " + simdjson::error_message(err));
	}
	simdjson::dom::element root;
	if (auto err = parser.parse(bytes).get(root); err) {
		if (err == simdjson::DEPTH_ERROR) {
			return make_error(ErrorCode::limit_exceeded, what + ": JSON nested deeper than " +
			                                                 std::to_string(limits.max_depth) + " levels (--max-json-depth)");
		}
		return make_error(ErrorCode::malformed_json, what + ": " + simdjson::error_message(err));
	}
	return root;
}

std::optional<std::string_view> json_string(simdjson::dom::element object, std::string_view key) {
	std::string_view value;
	if (object[key].get_string().get(value)) {
		return std::nullopt;
	}
	return value;
}

std::optional<int64_t> json_int(simdjson::dom::element object, std::string_view key) {
	int64_t value = 0;
	if (object[key].get_int64().get(value)) {
		return std::nullopt;
	}
	return value;
}

std::optional<simdjson::dom::array> json_array(simdjson::dom::element object, std::string_view key) {
	simdjson::dom::array value;
	if (object[key].get_array().get(value)) {
		return std::nullopt;
	}
	return value;
}

std::optional<simdjson::dom::object> json_object(simdjson::dom::element object, std::string_view key) {
	simdjson::dom::object value;
	if (object[key].get_object().get(value)) {
		return std::nullopt;
	}
	return value;
}

} // namespace bulwark
