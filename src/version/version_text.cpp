#include "version/version_text.h"

namespace bulwark::version {

Error invalid_version(std::string_view ecosystem, std::string_view text, std::string_view why) {
	constexpr size_t kShown = 200;
	std::string shown;
	for (char c : text.substr(0, kShown)) {
		auto byte = static_cast<unsigned char>(c);
		if (byte < 0x20 || byte == 0x7f) {
			static constexpr char kHex[] = "0123456789abcdef";
			shown += "\\x";
			shown += kHex[byte >> 4];
			shown += kHex[byte & 0xf];
		} else {
			shown += c;
		}
	}
	if (text.size() > kShown) {
		shown += "...";
	}
	return make_error(ErrorCode::invalid_argument,
	                  "invalid " + std::string(ecosystem) + " version '" + shown + "': " + std::string(why));
}

} // namespace bulwark::version
