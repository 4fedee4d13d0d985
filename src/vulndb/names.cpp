#include "vulndb/names.h"

namespace bulwark::vulndb {

namespace {

char lower(char c) {
	return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

} // namespace

std::string normalized_package_name(std::string_view ecosystem, std::string_view name) {
	std::string out;
	out.reserve(name.size());
	if (ecosystem == "pypi") {
		for (const char c : name) {
			if (c == '-' || c == '_' || c == '.') {
				if (out.empty() || out.back() != '-') {
					out += '-';
				}
			} else {
				out += lower(c);
			}
		}
		return out;
	}
	if (ecosystem == "nuget" || ecosystem == "composer" || ecosystem == "npm") {
		for (const char c : name) {
			out += lower(c);
		}
		return out;
	}
	return std::string(name);
}

} // namespace bulwark::vulndb
