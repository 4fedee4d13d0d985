#include "util/result.h"

namespace bulwark {

const char *error_code_name(ErrorCode code) {
	switch (code) {
	case ErrorCode::io:
		return "io";
	case ErrorCode::invalid_argument:
		return "invalid_argument";
	case ErrorCode::unsupported:
		return "unsupported";
	case ErrorCode::truncated:
		return "truncated";
	case ErrorCode::corrupt:
		return "corrupt";
	case ErrorCode::not_a_tar:
		return "not_a_tar";
	case ErrorCode::digest_mismatch:
		return "digest_mismatch";
	case ErrorCode::missing_blob:
		return "missing_blob";
	case ErrorCode::limit_exceeded:
		return "limit_exceeded";
	case ErrorCode::malformed_json:
		return "malformed_json";
	case ErrorCode::no_matching_platform:
		return "no_matching_platform";
	case ErrorCode::internal:
		return "internal";
	}
	return "internal";
}

std::string Error::describe() const {
	return std::string(error_code_name(code)) + ": " + message;
}

} // namespace bulwark
