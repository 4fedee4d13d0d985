#include "model/findings.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace bulwark {

const char *severity_name(Severity severity) {
	switch (severity) {
	case Severity::low:
		return "LOW";
	case Severity::medium:
		return "MEDIUM";
	case Severity::high:
		return "HIGH";
	case Severity::critical:
		return "CRITICAL";
	case Severity::unknown:
		break;
	}
	return "UNKNOWN";
}

std::optional<Severity> parse_severity(std::string_view text) {
	std::string lower(text);
	std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
	if (lower == "low" || lower == "unimportant" || lower == "negligible") {
		return Severity::low;
	}
	if (lower == "medium" || lower == "moderate") {
		return Severity::medium;
	}
	if (lower == "high" || lower == "important") {
		return Severity::high;
	}
	if (lower == "critical") {
		return Severity::critical;
	}
	if (lower == "unknown" || lower == "not yet assigned" || lower == "none" || lower.empty()) {
		return Severity::unknown;
	}
	return std::nullopt;
}

const char *vuln_status_name(VulnStatus status) {
	return status == VulnStatus::fixed ? "fixed" : "affected";
}

} // namespace bulwark
