// Inside vulndb/cvss*: the metric tables of a CVSS version and the parser that checks a
// vector's metrics against them. Each version's scoring code reads the parsed values by
// the metric's index in its table.
#pragma once

#include <array>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "util/result.h"
#include "vulndb/cvss.h"

namespace bulwark::vulndb::cvss_detail {

// One metric: its abbreviation and every value the specification allows for it.
struct MetricDef {
	std::string_view name;
	std::array<std::string_view, 6> values; // unused slots are empty
	bool mandatory = false;                 // base metrics
};

constexpr size_t kMaxMetrics = 32; // CVSS 4.0 has the most

// The value given for each metric of a table, by the metric's index; "" = not given. The
// views point into the table, not into the parsed text.
using MetricValues = std::array<std::string_view, kMaxMetrics>;

struct VectorRules {
	std::string_view version; // "3.1", for messages
	std::span<const MetricDef> metrics;
	bool fixed_order = false; // 4.0: metrics must come in the table's order
};

// Parses "AV:N/AC:L/..." (the vector after its "CVSS:x.y/" prefix); `vector` is the whole
// input, for messages.
Result<MetricValues> parse_metrics(std::string_view vector, std::string_view metrics, const VectorRules &rules);

// invalid_argument: `CVSS vector "<vector>": <reason>` (the vector shortened and escaped).
Error invalid_vector(std::string_view vector, std::string_view reason);

// The weight of `value` in a metric's list of (value, weight) pairs; 0 when absent, which the
// tables prevent (every value parse_metrics lets through has a weight).
double weight(std::string_view value, std::initializer_list<std::pair<std::string_view, double>> weights);

// Each version's scorer: `metrics` is what follows the "CVSS:x.y/" prefix.
Result<CvssScore> score_cvss2(std::string_view vector, std::string_view metrics);
Result<CvssScore> score_cvss3(std::string_view vector, std::string_view metrics, std::string_view version);
Result<CvssScore> score_cvss4(std::string_view vector, std::string_view metrics);

// Math.round of JavaScript (half-way cases towards +infinity), which the reference
// calculators use; std::round rounds them away from zero and floor(x + 0.5) misrounds
// 0.49999999999999994.
double js_round(double x);

} // namespace bulwark::vulndb::cvss_detail
