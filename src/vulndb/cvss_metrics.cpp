// The metric parser shared by every CVSS version: "NAME:VALUE" components separated by '/',
// checked against the version's table (section "Vector String" of each specification).
#include "vulndb/cvss_metrics.h"

#include <algorithm>
#include <cmath>

namespace bulwark::vulndb::cvss_detail {

namespace {

// Vectors come from advisory files: keep messages one short, printable line.
std::string printable(std::string_view text) {
	constexpr size_t kMaxShown = 100;
	std::string out;
	for (size_t i = 0; i < text.size() && i < kMaxShown; ++i) {
		const auto c = static_cast<unsigned char>(text[i]);
		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
			static constexpr char kHex[] = "0123456789abcdef";
			out += "\\x";
			out += kHex[c >> 4];
			out += kHex[c & 0xf];
		} else {
			out += static_cast<char>(c);
		}
	}
	if (text.size() > kMaxShown) {
		out += "...";
	}
	return out;
}

std::string allowed_values(const MetricDef &metric) {
	std::string out;
	for (auto value : metric.values) {
		if (!value.empty()) {
			out += out.empty() ? "" : ", ";
			out += value;
		}
	}
	return out;
}

} // namespace

Error invalid_vector(std::string_view vector, std::string_view reason) {
	return make_error(ErrorCode::invalid_argument, "CVSS vector \"" + printable(vector) + "\": " + std::string(reason));
}

double weight(std::string_view value, std::initializer_list<std::pair<std::string_view, double>> weights) {
	for (const auto &[name, w] : weights) {
		if (name == value) {
			return w;
		}
	}
	return 0;
}

double js_round(double x) {
	const double down = std::floor(x);
	return x - down >= 0.5 ? down + 1 : down;
}

Result<MetricValues> parse_metrics(std::string_view vector, std::string_view metrics, const VectorRules &rules) {
	const std::string version = "CVSS " + std::string(rules.version);
	MetricValues values {};
	size_t previous = 0; // table index of the last metric, for the fixed order
	size_t start = 0;
	while (start <= metrics.size()) {
		const size_t slash = std::min(metrics.find('/', start), metrics.size());
		const std::string_view component = metrics.substr(start, slash - start);
		start = slash + 1;
		if (component.empty()) {
			return invalid_vector(vector, "empty metric (a '/' too many)");
		}
		const size_t colon = component.find(':');
		if (colon == std::string_view::npos) {
			return invalid_vector(vector, "\"" + printable(component) + "\" is not METRIC:VALUE");
		}
		const std::string_view name = component.substr(0, colon);
		const std::string_view value = component.substr(colon + 1);
		size_t index = 0;
		while (index < rules.metrics.size() && rules.metrics[index].name != name) {
			++index;
		}
		if (index == rules.metrics.size()) {
			return invalid_vector(vector, "unknown " + version + " metric \"" + printable(name) + "\"");
		}
		const MetricDef &metric = rules.metrics[index];
		if (!values[index].empty()) {
			return invalid_vector(vector, "metric " + std::string(name) + " is given more than once");
		}
		if (rules.fixed_order && index < previous) {
			return invalid_vector(vector, "metric " + std::string(name) + " comes after " +
			                                  std::string(rules.metrics[previous].name) + ": " + version +
			                                  " requires the specification's order");
		}
		for (auto allowed : metric.values) {
			if (!allowed.empty() && allowed == value) {
				values[index] = allowed;
			}
		}
		if (values[index].empty()) {
			return invalid_vector(vector, "\"" + printable(value) + "\" is not a value of " + version + " metric " +
			                                  std::string(name) + " (" + allowed_values(metric) + ")");
		}
		previous = index;
	}
	std::string missing;
	for (size_t i = 0; i < rules.metrics.size(); ++i) {
		if (rules.metrics[i].mandatory && values[i].empty()) {
			missing += missing.empty() ? "" : ", ";
			missing += rules.metrics[i].name;
		}
	}
	if (!missing.empty()) {
		return invalid_vector(vector, "base metric(s) missing: " + missing);
	}
	return values;
}

} // namespace bulwark::vulndb::cvss_detail
