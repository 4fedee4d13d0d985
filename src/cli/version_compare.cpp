#include "cli/version_compare.h"

#include <string>

#include "version/version.h"

namespace bulwark {

Result<size_t> compare_version_lines(std::string_view ecosystem, std::istream &in, std::ostream &out) {
	const version::Comparator *comparator = version::comparator_for(ecosystem);
	if (comparator == nullptr) {
		std::string known;
		for (const auto &e : version::ecosystems()) {
			known += (known.empty() ? "" : ", ") + e;
		}
		return make_error(ErrorCode::invalid_argument,
		                  "unknown ecosystem '" + std::string(ecosystem) + "' (known: " + known + ")");
	}
	size_t errors = 0;
	std::string line;
	while (std::getline(in, line)) {
		if (!line.empty() && line.back() == '\r') {
			line.pop_back();
		}
		size_t tab = line.find('\t');
		if (tab == std::string::npos) {
			out << "error: expected 'a<TAB>b'\n";
			++errors;
			continue;
		}
		auto order = comparator->compare(std::string_view(line).substr(0, tab), std::string_view(line).substr(tab + 1));
		if (order.ok()) {
			out << *order << '\n';
		} else {
			out << "error: " << order.error().message << '\n';
			++errors;
		}
	}
	return errors;
}

} // namespace bulwark
