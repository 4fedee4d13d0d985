#include "vulndb/package_names.h"

#include <cctype>

namespace bulwark::vulndb {

namespace {

std::string lower(std::string_view text) {
	std::string out(text);
	for (char &c : out) {
		c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
	}
	return out;
}

std::string pep503(std::string_view name) {
	std::string out;
	for (char c : lower(name)) {
		const bool separator = c == '-' || c == '_' || c == '.';
		if (!separator) {
			out += c;
		} else if (out.empty() || out.back() != '-') {
			out += '-';
		}
	}
	return out;
}

} // namespace

std::string normalize_package_name(std::string_view ecosystem, std::string_view name) {
	if (ecosystem == "pypi") {
		return pep503(name);
	}
	if (ecosystem == "nuget" || ecosystem == "composer" || ecosystem == "npm") {
		return lower(name);
	}
	return std::string(name);
}

} // namespace bulwark::vulndb
