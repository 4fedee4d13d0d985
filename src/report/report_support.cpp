#include "report/report_support.h"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>

namespace bulwark {

Result<std::string> document_uuid(const ReportOptions &options) {
	if (!options.document_uuid.empty()) {
		return options.document_uuid;
	}
	std::array<unsigned char, 16> bytes {};
	if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
		return make_error(ErrorCode::internal, "no random bytes for a document UUID (OpenSSL RAND_bytes failed)");
	}
	bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40); // version 4
	bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80); // RFC 4122 variant
	static constexpr char hex[] = "0123456789abcdef";
	std::string uuid;
	for (size_t i = 0; i < bytes.size(); ++i) {
		if (i == 4 || i == 6 || i == 8 || i == 10) {
			uuid += '-';
		}
		uuid += hex[bytes[i] >> 4];
		uuid += hex[bytes[i] & 0x0f];
	}
	return uuid;
}

std::string document_timestamp(const ReportOptions &options) {
	if (!options.timestamp.empty()) {
		return options.timestamp;
	}
	const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
	std::tm utc {};
	gmtime_r(&now, &utc);
	char text[32];
	std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
	return text;
}

void write_json(const nlohmann::ordered_json &document, std::ostream &out) {
	out << document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

const LayerInfo *package_layer(const ScanReport &report, const Package &package) {
	if (!package.layer) {
		return nullptr;
	}
	const auto found = std::find_if(report.layers.begin(), report.layers.end(),
	    [&](const LayerInfo &layer) { return layer.index == *package.layer; });
	return found == report.layers.end() ? nullptr : &*found;
}

std::string UniqueIds::claim(const std::string &base) {
	for (size_t n = 1;; ++n) {
		std::string id = n == 1 ? base : base + "-" + std::to_string(n);
		if (claimed_.insert(id).second) {
			return id;
		}
	}
}

bool is_os_package_type(std::string_view type) {
	return type == "deb" || type == "rpm" || type == "apk";
}

} // namespace bulwark
