// CVSS 2.0 and 3.x scoring, and which version a vector is. Formulas: CVSS v2 Complete
// Guide section 3.2.1 (www.first.org/cvss/v2/guide); CVSS v3.0 and v3.1 Specification
// Documents sections 7.1 and 7.4 and, for 3.1, Appendix A's Roundup. The arithmetic
// follows FIRST's reference calculators step by step, so that floating-point results, and
// with them 3.0's ceiling, land exactly where theirs do. 4.0 is in cvss4.cpp.
#include "vulndb/cvss.h"

#include <algorithm>
#include <cmath>

#include "vulndb/cvss_metrics.h"

namespace bulwark::vulndb {

namespace cvss_detail {

namespace {

// v2 Guide section 2.4, Table 13; any order (as FIRST's CVSS v2 JSON schema allows).
// clang-format off
enum V2Metric { V2_AV, V2_AC, V2_Au, V2_C, V2_I, V2_A, V2_E, V2_RL, V2_RC, V2_CDP, V2_TD, V2_CR, V2_IR, V2_AR };
constexpr MetricDef kV2Metrics[] = {
	{ "AV", { "L", "A", "N" }, true },
	{ "AC", { "H", "M", "L" }, true },
	{ "Au", { "M", "S", "N" }, true },
	{ "C", { "N", "P", "C" }, true },
	{ "I", { "N", "P", "C" }, true },
	{ "A", { "N", "P", "C" }, true },
	{ "E", { "U", "POC", "F", "H", "ND" } },
	{ "RL", { "OF", "TF", "W", "U", "ND" } },
	{ "RC", { "UC", "UR", "C", "ND" } },
	{ "CDP", { "N", "L", "LM", "MH", "H", "ND" } },
	{ "TD", { "N", "L", "M", "H", "ND" } },
	{ "CR", { "L", "M", "H", "ND" } },
	{ "IR", { "L", "M", "H", "ND" } },
	{ "AR", { "L", "M", "H", "ND" } },
};
// clang-format on

// v3.0 and v3.1 Specification section 6, Table 15 (the same metrics in both); any order.
// clang-format off
enum V3Metric { V3_AV, V3_AC, V3_PR, V3_UI, V3_S, V3_C, V3_I, V3_A };
constexpr MetricDef kV3Metrics[] = {
	{ "AV", { "N", "A", "L", "P" }, true },
	{ "AC", { "L", "H" }, true },
	{ "PR", { "N", "L", "H" }, true },
	{ "UI", { "N", "R" }, true },
	{ "S", { "U", "C" }, true },
	{ "C", { "H", "L", "N" }, true },
	{ "I", { "H", "L", "N" }, true },
	{ "A", { "H", "L", "N" }, true },
	{ "E", { "X", "H", "F", "P", "U" } },
	{ "RL", { "X", "U", "W", "T", "O" } },
	{ "RC", { "X", "C", "R", "U" } },
	{ "CR", { "X", "H", "M", "L" } },
	{ "IR", { "X", "H", "M", "L" } },
	{ "AR", { "X", "H", "M", "L" } },
	{ "MAV", { "X", "N", "A", "L", "P" } },
	{ "MAC", { "X", "L", "H" } },
	{ "MPR", { "X", "N", "L", "H" } },
	{ "MUI", { "X", "N", "R" } },
	{ "MS", { "X", "U", "C" } },
	{ "MC", { "X", "H", "L", "N" } },
	{ "MI", { "X", "H", "L", "N" } },
	{ "MA", { "X", "H", "L", "N" } },
};
// clang-format on

double v2_impact_weight(std::string_view value) {
	return weight(value, { { "N", 0.0 }, { "P", 0.275 }, { "C", 0.660 } });
}

double v3_impact_weight(std::string_view value) {
	return weight(value, { { "H", 0.56 }, { "L", 0.22 }, { "N", 0.0 } });
}

// 3.1's Roundup (Appendix A): the smallest one-decimal number >= x, computed on integers so
// that 4.000000000000001 rounds to 4.0 rather than 4.1.
double roundup_31(double x) {
	const double scaled = js_round(x * 100000);
	if (std::fmod(scaled, 10000) == 0) {
		return scaled / 100000;
	}
	return (std::floor(scaled / 10000) + 1) / 10;
}

// 3.0's Roundup: the plain ceiling, floating-point noise included (as 3.0's calculator does).
// Over all 2,592 base vectors it agrees with 3.1's; the two part on temporal and
// environmental scores, which are not computed here.
double roundup_30(double x) {
	return std::ceil(x * 10) / 10;
}

} // namespace

Result<CvssScore> score_cvss2(std::string_view vector, std::string_view metrics) {
	auto parsed = parse_metrics(vector, metrics, { "2.0", kV2Metrics });
	BW_TRY(parsed);
	const MetricValues &m = *parsed;
	const double av = weight(m[V2_AV], { { "L", 0.395 }, { "A", 0.646 }, { "N", 1.0 } });
	const double ac = weight(m[V2_AC], { { "H", 0.35 }, { "M", 0.61 }, { "L", 0.71 } });
	const double au = weight(m[V2_Au], { { "M", 0.45 }, { "S", 0.56 }, { "N", 0.704 } });
	const double impact = 10.41 * (1 - (1 - v2_impact_weight(m[V2_C])) * (1 - v2_impact_weight(m[V2_I])) *
	                                       (1 - v2_impact_weight(m[V2_A])));
	const double exploitability = 20 * av * ac * au;
	const double f_impact = impact == 0 ? 0 : 1.176;
	const double base = js_round((0.6 * impact + 0.4 * exploitability - 1.5) * f_impact * 10) / 10;
	return CvssScore { "2.0", base, severity_from_score(base, "2.0") };
}

Result<CvssScore> score_cvss3(std::string_view vector, std::string_view metrics, std::string_view version) {
	auto parsed = parse_metrics(vector, metrics, { version, kV3Metrics });
	BW_TRY(parsed);
	const MetricValues &m = *parsed;
	const bool changed = m[V3_S] == "C";
	const double av = weight(m[V3_AV], { { "N", 0.85 }, { "A", 0.62 }, { "L", 0.55 }, { "P", 0.2 } });
	const double ac = weight(m[V3_AC], { { "L", 0.77 }, { "H", 0.44 } });
	const double pr =
	    weight(m[V3_PR], { { "N", 0.85 }, { "L", changed ? 0.68 : 0.62 }, { "H", changed ? 0.5 : 0.27 } });
	const double ui = weight(m[V3_UI], { { "N", 0.85 }, { "R", 0.62 } });
	const double iss =
	    1 - (1 - v3_impact_weight(m[V3_C])) * (1 - v3_impact_weight(m[V3_I])) * (1 - v3_impact_weight(m[V3_A]));
	const double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
	const double exploitability = 8.22 * av * ac * pr * ui;
	double base = 0;
	if (impact > 0) {
		const double sum =
		    changed ? std::min(1.08 * (impact + exploitability), 10.0) : std::min(impact + exploitability, 10.0);
		base = version == "3.0" ? roundup_30(sum) : roundup_31(sum);
	}
	return CvssScore { std::string(version), base, severity_from_score(base, version) };
}

} // namespace cvss_detail

Result<CvssScore> parse_cvss(std::string_view input) {
	constexpr std::string_view kSpace = " \t\r\n";
	const size_t first = input.find_first_not_of(kSpace);
	if (first == std::string_view::npos) {
		return cvss_detail::invalid_vector(input, "empty");
	}
	const std::string_view vector = input.substr(first, input.find_last_not_of(kSpace) - first + 1);
	if (vector.starts_with("CVSS:")) {
		const size_t slash = vector.find('/');
		const std::string_view prefix = vector.substr(0, slash);
		const std::string_view metrics = slash == std::string_view::npos ? "" : vector.substr(slash + 1);
		if (prefix != "CVSS:3.0" && prefix != "CVSS:3.1" && prefix != "CVSS:4.0") {
			return cvss_detail::invalid_vector(
			    vector, "unknown version prefix (CVSS:3.0, CVSS:3.1 or CVSS:4.0; a 2.0 vector has no prefix)");
		}
		if (metrics.empty()) {
			return cvss_detail::invalid_vector(vector, "no metrics after the version prefix");
		}
		if (prefix == "CVSS:4.0") {
			return cvss_detail::score_cvss4(vector, metrics);
		}
		return cvss_detail::score_cvss3(vector, metrics, prefix.substr(5));
	}
	// NVD wrote 2.0 vectors in parentheses: "(AV:N/AC:L/Au:N/C:P/I:P/A:P)".
	std::string_view metrics = vector;
	if (metrics.starts_with('(')) {
		if (!metrics.ends_with(')')) {
			return cvss_detail::invalid_vector(vector, "'(' without a closing ')'");
		}
		metrics = metrics.substr(1, metrics.size() - 2);
		if (metrics.empty()) {
			return cvss_detail::invalid_vector(vector, "no metrics inside the parentheses");
		}
	}
	auto score = cvss_detail::score_cvss2(vector, metrics);
	if (!score) {
		// Say what was tried: the input may be a 3.x or 4.0 vector that lost its prefix.
		return make_error(ErrorCode::invalid_argument,
		                  score.error().message + " (no \"CVSS:3.x/\" or \"CVSS:4.0/\" prefix, so read as CVSS 2.0)");
	}
	return score;
}

Severity severity_from_score(double score, std::string_view version) {
	if (!(score >= 0 && score <= 10)) {
		return Severity::unknown;
	}
	if (version == "2.0") {
		return score < 4.0 ? Severity::low : score < 7.0 ? Severity::medium : Severity::high;
	}
	if (version != "3.0" && version != "3.1" && version != "4.0") {
		return Severity::unknown;
	}
	if (score == 0) {
		return Severity::unknown;
	}
	return score < 4.0   ? Severity::low
	       : score < 7.0 ? Severity::medium
	       : score < 9.0 ? Severity::high
	                     : Severity::critical;
}

} // namespace bulwark::vulndb
