// CVSS 4.0: the metrics of the Specification Document's section 7 (Table 23, in its fixed
// order) and the score of section 8: the vector's MacroVector (six equivalence classes,
// EQ1-EQ6) gives a score from the specification's lookup table, from which the vector's
// severity distance to the MacroVector's highest-severity vectors is subtracted in
// proportion to the score gap to the next lower MacroVectors. The arithmetic follows
// FIRST's reference calculator (github.com/FIRSTdotorg/cvss-v4-calculator, cvss_score.js,
// BSD-2-Clause) step by step, including its last fix: rounding lifts the value by 1e-6 first.
// The three data tables below are FIRST's cvss_lookup.js, max_composed.js and max_severity.js.
#include <algorithm>
#include <array>
#include <iterator>
#include <optional>
#include <span>
#include <utility>

#include "vulndb/cvss_metrics.h"

namespace bulwark::vulndb::cvss_detail {

namespace {

// clang-format off
enum Metric {
	AV, AC, AT, PR, UI, VC, VI, VA, SC, SI, SA, // base
	E,                                          // threat
	CR, IR, AR,                                 // environmental: security requirements
	MAV, MAC, MAT, MPR, MUI, MVC, MVI, MVA, MSC, MSI, MSA, // environmental: modified base metrics
	S, AU, R, V, RE, U,                         // supplemental (no effect on the score)
	kMetricCount
};
static_assert(MSA - MAV == SA - AV, "each base metric has its modified metric at the same offset");

constexpr MetricDef kMetrics[kMetricCount] = {
	{ "AV", { "N", "A", "L", "P" }, true },
	{ "AC", { "L", "H" }, true },
	{ "AT", { "N", "P" }, true },
	{ "PR", { "N", "L", "H" }, true },
	{ "UI", { "N", "P", "A" }, true },
	{ "VC", { "H", "L", "N" }, true },
	{ "VI", { "H", "L", "N" }, true },
	{ "VA", { "H", "L", "N" }, true },
	{ "SC", { "H", "L", "N" }, true },
	{ "SI", { "H", "L", "N" }, true },
	{ "SA", { "H", "L", "N" }, true },
	{ "E", { "X", "A", "P", "U" } },
	{ "CR", { "X", "H", "M", "L" } },
	{ "IR", { "X", "H", "M", "L" } },
	{ "AR", { "X", "H", "M", "L" } },
	{ "MAV", { "X", "N", "A", "L", "P" } },
	{ "MAC", { "X", "L", "H" } },
	{ "MAT", { "X", "N", "P" } },
	{ "MPR", { "X", "N", "L", "H" } },
	{ "MUI", { "X", "N", "P", "A" } },
	{ "MVC", { "X", "N", "L", "H" } },
	{ "MVI", { "X", "N", "L", "H" } },
	{ "MVA", { "X", "N", "L", "H" } },
	{ "MSC", { "X", "N", "L", "H" } },
	{ "MSI", { "X", "N", "L", "H", "S" } },
	{ "MSA", { "X", "N", "L", "H", "S" } },
	{ "S", { "X", "N", "P" } },
	{ "AU", { "X", "N", "Y" } },
	{ "R", { "X", "A", "U", "I" } },
	{ "V", { "X", "D", "C" } },
	{ "RE", { "X", "L", "M", "H" } },
	{ "U", { "X", "Clear", "Green", "Amber", "Red" } },
};

// The score of each MacroVector "EQ1 EQ2 EQ3 EQ4 EQ5 EQ6" (specification section 8.3;
// cvss_lookup.js). 270 of the 324 digit combinations exist: EQ3 = 2 only goes with EQ6 = 1.
struct MacroVectorScore {
	std::string_view macro_vector;
	double score;
};
constexpr MacroVectorScore kMacroVectorScores[] = {
	{ "000000", 10 }, { "000001", 9.9 }, { "000010", 9.8 }, { "000011", 9.5 }, { "000020", 9.5 }, { "000021", 9.2 },
	{ "000100", 10 }, { "000101", 9.6 }, { "000110", 9.3 }, { "000111", 8.7 }, { "000120", 9.1 }, { "000121", 8.1 },
	{ "000200", 9.3 }, { "000201", 9 }, { "000210", 8.9 }, { "000211", 8 }, { "000220", 8.1 }, { "000221", 6.8 },
	{ "001000", 9.8 }, { "001001", 9.5 }, { "001010", 9.5 }, { "001011", 9.2 }, { "001020", 9 }, { "001021", 8.4 },
	{ "001100", 9.3 }, { "001101", 9.2 }, { "001110", 8.9 }, { "001111", 8.1 }, { "001120", 8.1 }, { "001121", 6.5 },
	{ "001200", 8.8 }, { "001201", 8 }, { "001210", 7.8 }, { "001211", 7 }, { "001220", 6.9 }, { "001221", 4.8 },
	{ "002001", 9.2 }, { "002011", 8.2 }, { "002021", 7.2 },
	{ "002101", 7.9 }, { "002111", 6.9 }, { "002121", 5 },
	{ "002201", 6.9 }, { "002211", 5.5 }, { "002221", 2.7 },
	{ "010000", 9.9 }, { "010001", 9.7 }, { "010010", 9.5 }, { "010011", 9.2 }, { "010020", 9.2 }, { "010021", 8.5 },
	{ "010100", 9.5 }, { "010101", 9.1 }, { "010110", 9 }, { "010111", 8.3 }, { "010120", 8.4 }, { "010121", 7.1 },
	{ "010200", 9.2 }, { "010201", 8.1 }, { "010210", 8.2 }, { "010211", 7.1 }, { "010220", 7.2 }, { "010221", 5.3 },
	{ "011000", 9.5 }, { "011001", 9.3 }, { "011010", 9.2 }, { "011011", 8.5 }, { "011020", 8.5 }, { "011021", 7.3 },
	{ "011100", 9.2 }, { "011101", 8.2 }, { "011110", 8 }, { "011111", 7.2 }, { "011120", 7 }, { "011121", 5.9 },
	{ "011200", 8.4 }, { "011201", 7 }, { "011210", 7.1 }, { "011211", 5.2 }, { "011220", 5 }, { "011221", 3 },
	{ "012001", 8.6 }, { "012011", 7.5 }, { "012021", 5.2 },
	{ "012101", 7.1 }, { "012111", 5.2 }, { "012121", 2.9 },
	{ "012201", 6.3 }, { "012211", 2.9 }, { "012221", 1.7 },
	{ "100000", 9.8 }, { "100001", 9.5 }, { "100010", 9.4 }, { "100011", 8.7 }, { "100020", 9.1 }, { "100021", 8.1 },
	{ "100100", 9.4 }, { "100101", 8.9 }, { "100110", 8.6 }, { "100111", 7.4 }, { "100120", 7.7 }, { "100121", 6.4 },
	{ "100200", 8.7 }, { "100201", 7.5 }, { "100210", 7.4 }, { "100211", 6.3 }, { "100220", 6.3 }, { "100221", 4.9 },
	{ "101000", 9.4 }, { "101001", 8.9 }, { "101010", 8.8 }, { "101011", 7.7 }, { "101020", 7.6 }, { "101021", 6.7 },
	{ "101100", 8.6 }, { "101101", 7.6 }, { "101110", 7.4 }, { "101111", 5.8 }, { "101120", 5.9 }, { "101121", 5 },
	{ "101200", 7.2 }, { "101201", 5.7 }, { "101210", 5.7 }, { "101211", 5.2 }, { "101220", 5.2 }, { "101221", 2.5 },
	{ "102001", 8.3 }, { "102011", 7 }, { "102021", 5.4 },
	{ "102101", 6.5 }, { "102111", 5.8 }, { "102121", 2.6 },
	{ "102201", 5.3 }, { "102211", 2.1 }, { "102221", 1.3 },
	{ "110000", 9.5 }, { "110001", 9 }, { "110010", 8.8 }, { "110011", 7.6 }, { "110020", 7.6 }, { "110021", 7 },
	{ "110100", 9 }, { "110101", 7.7 }, { "110110", 7.5 }, { "110111", 6.2 }, { "110120", 6.1 }, { "110121", 5.3 },
	{ "110200", 7.7 }, { "110201", 6.6 }, { "110210", 6.8 }, { "110211", 5.9 }, { "110220", 5.2 }, { "110221", 3 },
	{ "111000", 8.9 }, { "111001", 7.8 }, { "111010", 7.6 }, { "111011", 6.7 }, { "111020", 6.2 }, { "111021", 5.8 },
	{ "111100", 7.4 }, { "111101", 5.9 }, { "111110", 5.7 }, { "111111", 5.7 }, { "111120", 4.7 }, { "111121", 2.3 },
	{ "111200", 6.1 }, { "111201", 5.2 }, { "111210", 5.7 }, { "111211", 2.9 }, { "111220", 2.4 }, { "111221", 1.6 },
	{ "112001", 7.1 }, { "112011", 5.9 }, { "112021", 3 },
	{ "112101", 5.8 }, { "112111", 2.6 }, { "112121", 1.5 },
	{ "112201", 2.3 }, { "112211", 1.3 }, { "112221", 0.6 },
	{ "200000", 9.3 }, { "200001", 8.7 }, { "200010", 8.6 }, { "200011", 7.2 }, { "200020", 7.5 }, { "200021", 5.8 },
	{ "200100", 8.6 }, { "200101", 7.4 }, { "200110", 7.4 }, { "200111", 6.1 }, { "200120", 5.6 }, { "200121", 3.4 },
	{ "200200", 7 }, { "200201", 5.4 }, { "200210", 5.2 }, { "200211", 4 }, { "200220", 4 }, { "200221", 2.2 },
	{ "201000", 8.5 }, { "201001", 7.5 }, { "201010", 7.4 }, { "201011", 5.5 }, { "201020", 6.2 }, { "201021", 5.1 },
	{ "201100", 7.2 }, { "201101", 5.7 }, { "201110", 5.5 }, { "201111", 4.1 }, { "201120", 4.6 }, { "201121", 1.9 },
	{ "201200", 5.3 }, { "201201", 3.6 }, { "201210", 3.4 }, { "201211", 1.9 }, { "201220", 1.9 }, { "201221", 0.8 },
	{ "202001", 6.4 }, { "202011", 5.1 }, { "202021", 2 },
	{ "202101", 4.7 }, { "202111", 2.1 }, { "202121", 1.1 },
	{ "202201", 2.4 }, { "202211", 0.9 }, { "202221", 0.4 },
	{ "210000", 8.8 }, { "210001", 7.5 }, { "210010", 7.3 }, { "210011", 5.3 }, { "210020", 6 }, { "210021", 5 },
	{ "210100", 7.3 }, { "210101", 5.5 }, { "210110", 5.9 }, { "210111", 4 }, { "210120", 4.1 }, { "210121", 2 },
	{ "210200", 5.4 }, { "210201", 4.3 }, { "210210", 4.5 }, { "210211", 2.2 }, { "210220", 2 }, { "210221", 1.1 },
	{ "211000", 7.5 }, { "211001", 5.5 }, { "211010", 5.8 }, { "211011", 4.5 }, { "211020", 4 }, { "211021", 2.1 },
	{ "211100", 6.1 }, { "211101", 5.1 }, { "211110", 4.8 }, { "211111", 1.8 }, { "211120", 2 }, { "211121", 0.9 },
	{ "211200", 4.6 }, { "211201", 1.8 }, { "211210", 1.7 }, { "211211", 0.7 }, { "211220", 0.8 }, { "211221", 0.2 },
	{ "212001", 5.3 }, { "212011", 2.4 }, { "212021", 1.4 },
	{ "212101", 2.4 }, { "212111", 1.2 }, { "212121", 0.5 },
	{ "212201", 1 }, { "212211", 0.3 }, { "212221", 0.1 },
};

// Each EQ level's highest-severity vectors (max_composed.js); EQ3 and EQ6 go together, by
// EQ3 level then EQ6 level. Alternatives are tried in this order.
constexpr std::string_view kEq1Max[3][3] = {
	{ "AV:N/PR:N/UI:N" },
	{ "AV:A/PR:N/UI:N", "AV:N/PR:L/UI:N", "AV:N/PR:N/UI:P" },
	{ "AV:P/PR:N/UI:N", "AV:A/PR:L/UI:P" },
};
constexpr std::string_view kEq2Max[2][2] = {
	{ "AC:L/AT:N" },
	{ "AC:H/AT:N", "AC:L/AT:P" },
};
constexpr std::string_view kEq3Eq6Max[3][2][5] = {
	{ { "VC:H/VI:H/VA:H/CR:H/IR:H/AR:H" }, { "VC:H/VI:H/VA:L/CR:M/IR:M/AR:H", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M" } },
	{ { "VC:L/VI:H/VA:H/CR:H/IR:H/AR:H", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H" },
	  { "VC:L/VI:H/VA:L/CR:H/IR:M/AR:H", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M", "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M",
	    "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H", "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M" } },
	{ {}, { "VC:L/VI:L/VA:L/CR:H/IR:H/AR:H" } },
};
constexpr std::string_view kEq4Max[3] = { "SC:H/SI:S/SA:S", "SC:H/SI:H/SA:H", "SC:L/SI:L/SA:L" };

// Depth of each EQ level in severity-distance steps of 0.1 (max_severity.js).
constexpr int kEq1Depth[3] = { 1, 4, 5 };
constexpr int kEq2Depth[2] = { 1, 2 };
constexpr int kEq3Eq6Depth[3][2] = { { 7, 6 }, { 8, 8 }, { 0, 10 } };
constexpr int kEq4Depth[3] = { 6, 5, 4 };
// clang-format on

// Severity level of each value for the distance computation (cvss_score.js).
double level(Metric metric, std::string_view value) {
	switch (metric) {
	case AV:
		return weight(value, { { "N", 0.0 }, { "A", 0.1 }, { "L", 0.2 }, { "P", 0.3 } });
	case PR:
		return weight(value, { { "N", 0.0 }, { "L", 0.1 }, { "H", 0.2 } });
	case UI:
		return weight(value, { { "N", 0.0 }, { "P", 0.1 }, { "A", 0.2 } });
	case AC:
		return weight(value, { { "L", 0.0 }, { "H", 0.1 } });
	case AT:
		return weight(value, { { "N", 0.0 }, { "P", 0.1 } });
	case VC:
	case VI:
	case VA:
		return weight(value, { { "H", 0.0 }, { "L", 0.1 }, { "N", 0.2 } });
	case SC:
		return weight(value, { { "H", 0.1 }, { "L", 0.2 }, { "N", 0.3 } });
	case SI:
	case SA:
		return weight(value, { { "S", 0.0 }, { "H", 0.1 }, { "L", 0.2 }, { "N", 0.3 } });
	default: // CR, IR, AR
		return weight(value, { { "H", 0.0 }, { "M", 0.1 }, { "L", 0.2 } });
	}
}

// The value a metric takes for scoring (m() in cvss_score.js): a modified base metric
// other than X replaces its base metric; E, CR, IR and AR not given or X take the worst
// case (E:A, CR/IR/AR:H).
std::string_view effective(const MetricValues &m, Metric metric) {
	if (metric <= SA) {
		const std::string_view modified = m[MAV + metric];
		return modified.empty() || modified == "X" ? m[metric] : modified;
	}
	const std::string_view value = m[metric];
	if (value.empty() || value == "X") {
		return metric == E ? "A" : metric == CR || metric == IR || metric == AR ? "H" : "X";
	}
	return value;
}

struct MacroVector {
	int eq[6]; // EQ1..EQ6 levels
};

MacroVector macro_vector(const MetricValues &m) {
	auto is = [&](Metric metric, std::string_view value) { return effective(m, metric) == value; };
	MacroVector mv {};
	if (is(AV, "N") && is(PR, "N") && is(UI, "N")) {
		mv.eq[0] = 0;
	} else if ((is(AV, "N") || is(PR, "N") || is(UI, "N")) && !is(AV, "P")) {
		mv.eq[0] = 1;
	} else {
		mv.eq[0] = 2;
	}
	mv.eq[1] = is(AC, "L") && is(AT, "N") ? 0 : 1;
	if (is(VC, "H") && is(VI, "H")) {
		mv.eq[2] = 0;
	} else if (is(VC, "H") || is(VI, "H") || is(VA, "H")) {
		mv.eq[2] = 1;
	} else {
		mv.eq[2] = 2;
	}
	// "S" (safety) is a value of MSI and MSA only.
	if (m[MSI] == "S" || m[MSA] == "S") {
		mv.eq[3] = 0;
	} else if (is(SC, "H") || is(SI, "H") || is(SA, "H")) {
		mv.eq[3] = 1;
	} else {
		mv.eq[3] = 2;
	}
	mv.eq[4] = is(E, "A") ? 0 : is(E, "P") ? 1 : 2;
	mv.eq[5] = (is(CR, "H") && is(VC, "H")) || (is(IR, "H") && is(VI, "H")) || (is(AR, "H") && is(VA, "H")) ? 0 : 1;
	return mv;
}

constexpr int kEqLevels[6] = { 3, 2, 3, 3, 3, 2 };

// A MacroVector's place in a table indexed by its six digits (each 0-2).
size_t slot(const MacroVector &mv) {
	size_t index = 0;
	for (int level : mv.eq) {
		index = index * 3 + static_cast<size_t>(level);
	}
	return index;
}

// The table's score of a MacroVector; none for digit combinations the table lacks (a
// "next lower" MacroVector past the last level).
std::optional<double> lookup(const MacroVector &mv) {
	static const auto scores = [] {
		std::array<std::optional<double>, 3 * 3 * 3 * 3 * 3 * 3> table {};
		for (const auto &entry : kMacroVectorScores) {
			MacroVector listed {};
			for (int i = 0; i < 6; ++i) {
				listed.eq[i] = entry.macro_vector[i] - '0';
			}
			table[slot(listed)] = entry.score;
		}
		return table;
	}();
	for (int i = 0; i < 6; ++i) {
		if (mv.eq[i] >= kEqLevels[i]) {
			return std::nullopt;
		}
	}
	return scores[slot(mv)];
}

// The value of `metric` in a highest-severity vector part such as "AV:N/PR:N/UI:N".
std::string_view value_in(std::string_view max_vector, std::string_view metric) {
	size_t start = 0;
	while (start < max_vector.size()) {
		const size_t end = std::min(max_vector.find('/', start), max_vector.size());
		const std::string_view component = max_vector.substr(start, end - start);
		if (component.size() > metric.size() && component.starts_with(metric) && component[metric.size()] == ':') {
			return component.substr(metric.size() + 1);
		}
		start = end + 1;
	}
	return {};
}

// The MacroVector one level lower (less severe) in one EQ (0-based).
MacroVector lower(MacroVector mv, int eq) {
	++mv.eq[eq];
	return mv;
}

// How many severity levels (steps of 0.1) each metric of the vector lies below the first
// highest-severity vector of its MacroVector that is at least as severe in every metric.
// Alternatives are combined EQ1 outermost, EQ3+EQ6 innermost (EQ4 has one per level); if
// none fits, the last combination's distances stand, as in the reference.
using Distances = std::array<double, kMetricCount>;

Distances severity_distances(const MetricValues &m, const MacroVector &mv) {
	// Each metric with the EQ part of the highest-severity vector that holds it (below).
	constexpr std::pair<Metric, int> kDistanceMetrics[] = {
		{ AV, 0 }, { PR, 0 }, { UI, 0 }, { AC, 1 }, { AT, 1 }, { VC, 2 }, { VI, 2 },
		{ VA, 2 }, { SC, 3 }, { SI, 3 }, { SA, 3 }, { CR, 2 }, { IR, 2 }, { AR, 2 },
	};
	auto alternatives = [](std::span<const std::string_view> listed) {
		return listed.first(static_cast<size_t>(
		    std::count_if(listed.begin(), listed.end(), [](std::string_view v) { return !v.empty(); })));
	};
	const auto eq1_max = alternatives(kEq1Max[mv.eq[0]]);
	const auto eq2_max = alternatives(kEq2Max[mv.eq[1]]);
	const auto eq3eq6_max = alternatives(kEq3Eq6Max[mv.eq[2]][mv.eq[5]]);
	Distances distance {};
	for (std::string_view max1 : eq1_max) {
		for (std::string_view max2 : eq2_max) {
			for (std::string_view max36 : eq3eq6_max) {
				const std::string_view parts[] = { max1, max2, max36, kEq4Max[mv.eq[3]] };
				bool fits = true;
				for (const auto &[metric, part] : kDistanceMetrics) {
					const std::string_view max_value = value_in(parts[part], kMetrics[metric].name);
					distance[metric] = level(metric, effective(m, metric)) - level(metric, max_value);
					fits = fits && distance[metric] >= 0;
				}
				if (fits) {
					return distance;
				}
			}
		}
	}
	return distance;
}

} // namespace

Result<CvssScore> score_cvss4(std::string_view vector, std::string_view metrics) {
	auto parsed = parse_metrics(vector, metrics, { "4.0", kMetrics, true });
	BW_TRY(parsed);
	const MetricValues &m = *parsed;
	auto result = [](double score) { return CvssScore { "4.0", score, severity_from_score(score, "4.0") }; };
	constexpr Metric kImpacts[] = { VC, VI, VA, SC, SI, SA };
	if (std::all_of(std::begin(kImpacts), std::end(kImpacts),
	                [&](Metric metric) { return effective(m, metric) == "N"; })) {
		return result(0.0);
	}
	const MacroVector mv = macro_vector(m);
	const auto [eq1, eq2, eq3, eq4, eq5, eq6] = mv.eq;
	double value = lookup(mv).value_or(0); // every reachable MacroVector is in the table

	// Scores of the next lower MacroVector of each EQ. EQ3 and EQ6 step together: 00 can go
	// to 01 or 10 (the higher score counts), 01 and 10 to 11, 11 to 21.
	const auto eq1_lower = lookup(lower(mv, 0));
	const auto eq2_lower = lookup(lower(mv, 1));
	std::optional<double> eq3eq6_lower;
	if (eq3 == 0 && eq6 == 0) {
		const auto left = lookup(lower(mv, 5));
		const auto right = lookup(lower(mv, 2));
		eq3eq6_lower = left && right && *left > *right ? left : right;
	} else if (eq3 == 1 && eq6 == 0) {
		eq3eq6_lower = lookup(lower(mv, 5));
	} else if (eq6 == 1 && eq3 <= 1) {
		eq3eq6_lower = lookup(lower(mv, 2));
	} // 21 has no lower MacroVector
	const auto eq4_lower = lookup(lower(mv, 3));
	const auto eq5_lower = lookup(lower(mv, 4));

	const Distances distance = severity_distances(m, mv);
	const double distance_eq1 = distance[AV] + distance[PR] + distance[UI];
	const double distance_eq2 = distance[AC] + distance[AT];
	const double distance_eq3eq6 =
	    distance[VC] + distance[VI] + distance[VA] + distance[CR] + distance[IR] + distance[AR];
	const double distance_eq4 = distance[SC] + distance[SI] + distance[SA];

	// Each EQ with a lower MacroVector moves the score down by its share of the gap: the
	// distance as a proportion of the MacroVector's depth. EQ5 (E) has no depth, and counts
	// with a share of 0. The mean of the moves is subtracted.
	constexpr double kStep = 0.1;
	double moves = 0;
	int lowers = 0;
	auto move = [&](const std::optional<double> &lower_score, double distance_in_eq, double depth) {
		if (lower_score) {
			++lowers;
			moves += (value - *lower_score) * (distance_in_eq / depth);
		}
	};
	move(eq1_lower, distance_eq1, kEq1Depth[eq1] * kStep);
	move(eq2_lower, distance_eq2, kEq2Depth[eq2] * kStep);
	move(eq3eq6_lower, distance_eq3eq6, kEq3Eq6Depth[eq3][eq6] * kStep);
	move(eq4_lower, distance_eq4, kEq4Depth[eq4] * kStep);
	if (eq5_lower) {
		++lowers;
	}
	if (lowers > 0) {
		value -= moves / lowers;
	}
	value = std::clamp(value, 0.0, 10.0);
	// The interpolation can land one ulp below a x.x5 tie; the reference lifts it first.
	return result(js_round((value + 1e-6) * 10) / 10);
}

} // namespace bulwark::vulndb::cvss_detail
