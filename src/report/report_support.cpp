#include "report/report_support.h"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include "util/utc_time.h"

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
	return utc_now_rfc3339();
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

bool scanner_ran(const ScanReport &report, std::string_view scanner) {
	return std::find(report.scanners.begin(), report.scanners.end(), scanner) != report.scanners.end();
}

const Package *finding_package(const ScanReport &report, const VulnFinding &finding) {
	return finding.package < report.packages.size() ? &report.packages[finding.package] : nullptr;
}

std::string suppression_text(const Suppression &suppression) {
	std::string text = suppression.kind;
	if (!suppression.status.empty()) {
		text += (text.empty() ? "" : " ") + suppression.status;
	}
	if (!suppression.justification.empty()) {
		text += (text.empty() ? "" : ": ") + suppression.justification;
	}
	if (!suppression.source.empty()) {
		text += (text.empty() ? "(" : " (") + suppression.source + ")";
	}
	return text;
}

bool is_web_url(std::string_view text) {
	const size_t scheme_end = text.starts_with("https://") ? 8 : text.starts_with("http://") ? 7 : 0;
	if (scheme_end == 0 || text.size() == scheme_end) {
		return false;
	}
	// RFC 3986 unreserved and reserved characters, and '%' starting a percent-encoded octet.
	static constexpr std::string_view allowed = "-._~:/?#[]@!$&'()*+,;=";
	const auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
	const auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
	for (size_t i = 0; i < text.size(); ++i) {
		const char c = text[i];
		if (c == '%') {
			if (i + 2 >= text.size() || !hex(text[i + 1]) || !hex(text[i + 2])) {
				return false;
			}
		} else if (!alnum(c) && allowed.find(c) == std::string_view::npos) {
			return false;
		}
	}
	return text[scheme_end] != '/';
}

} // namespace bulwark
