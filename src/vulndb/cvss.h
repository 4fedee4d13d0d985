// CVSS vectors: parsed by the rules of each version's specification and scored as FIRST's
// specifications and calculators score them. Versions: 2.0 ("AV:N/AC:L/Au:N/C:P/I:P/A:P",
// also wrapped in parentheses as NVD wrote it), 3.0 and 3.1 ("CVSS:3.1/AV:N/..."), 4.0
// ("CVSS:4.0/AV:N/..."). Checked against an independent implementation in
// tests/vulndb/cvss_oracle_test.cpp.
#pragma once

#include <string>
#include <string_view>

#include "model/findings.h"
#include "util/result.h"

namespace bulwark::vulndb {

struct CvssScore {
	std::string version; // "2.0", "3.0", "3.1", "4.0"
	// 2.0, 3.0, 3.1: the base score; temporal and environmental metrics are checked but do
	// not change it. 4.0: the score of the vector as written. v4 has one formula over all
	// metric groups (the specification's CVSS-B, -BT, -BE, -BTE), so E:U or environmental
	// metrics change it, as FIRST's calculator shows. Always a multiple of 0.1 in [0, 10].
	double score = 0;
	Severity severity = Severity::unknown; // severity_from_score(score, version)
};

// Fails with ErrorCode::invalid_argument, naming the vector and the problem, on: an unknown
// prefix or version, an unknown metric (names and values are case-sensitive), a value the
// metric does not have, a metric given twice, a missing base metric, empty components, and
// for 4.0 metrics out of the specification's order (3.x and 2.0 accept any order). Leading
// and trailing whitespace is ignored.
[[nodiscard]] Result<CvssScore> parse_cvss(std::string_view vector);

// The qualitative rating of a score. 3.x and 4.0: 0.1-3.9 low, 4.0-6.9 medium, 7.0-8.9 high,
// 9.0-10.0 critical; the specifications' "None" (0.0) has no Severity and maps to unknown, so
// that a vendor's severity can decide. 2.0 (NVD's scale): 0.0-3.9 low, 4.0-6.9 medium,
// 7.0-10.0 high. Unknown for another version or a score outside [0, 10].
Severity severity_from_score(double score, std::string_view version);

} // namespace bulwark::vulndb
