#include "util/utc_time.h"

#include <ctime>

namespace bulwark {

namespace {

std::string format_now(const char *format) {
	const std::time_t now = std::time(nullptr);
	std::tm utc {};
	gmtime_r(&now, &utc);
	char text[32];
	std::strftime(text, sizeof text, format, &utc);
	return text;
}

} // namespace

std::string utc_now_rfc3339() {
	return format_now("%Y-%m-%dT%H:%M:%SZ");
}

std::string utc_today() {
	return format_now("%Y-%m-%d");
}

std::optional<double> days_since(const std::string &timestamp) {
	std::tm tm {};
	if (::strptime(timestamp.c_str(), "%Y-%m-%dT%H:%M:%S", &tm) == nullptr) {
		return std::nullopt;
	}
	return std::difftime(std::time(nullptr), timegm(&tm)) / 86400.0;
}

} // namespace bulwark
