// Comparing parse_cvss with an oracle's verdicts: "VECTOR<TAB>SCORE[<TAB>...]" lines, as
// tests/tools/cvss-oracle/oracle.js prints them and tests/data/vulndb/cvss/advisory-vectors.tsv
// records them. SCORE "-" means the vector is invalid and must be refused.
#pragma once

#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "vulndb/cvss.h"

namespace bulwark::testing {

struct CvssAgreement {
	size_t rows = 0;
	std::map<std::string, size_t> scored_by_version; // "3.1" -> rows scored and compared
	size_t refused = 0;                              // "-" rows that parse_cvss refused too
	std::vector<std::string> disagreements;          // "vector: oracle X, bulwark Y"
};

inline CvssAgreement compare_with_oracle(const std::string &tsv) {
	CvssAgreement agreement;
	std::istringstream in(tsv);
	std::string line;
	while (std::getline(in, line)) {
		const size_t tab = line.find('\t');
		if (line.empty() || tab == std::string::npos) {
			continue;
		}
		const std::string vector = line.substr(0, tab);
		const std::string expected = line.substr(tab + 1, line.find('\t', tab + 1) - tab - 1);
		++agreement.rows;
		auto parsed = vulndb::parse_cvss(vector);
		std::string ours = parsed ? std::to_string(parsed->score) : "refused (" + parsed.error().message + ")";
		if (expected == "-") {
			parsed ? agreement.disagreements.push_back(vector + ": oracle refuses, bulwark scores " + ours)
			       : void(++agreement.refused);
		} else if (!parsed || parsed->score != std::strtod(expected.c_str(), nullptr)) {
			agreement.disagreements.push_back(vector + ": oracle " + expected + ", bulwark " + ours);
		} else {
			++agreement.scored_by_version[parsed->version];
		}
	}
	return agreement;
}

// The first disagreements, for a failure message.
inline std::string first_disagreements(const CvssAgreement &agreement, size_t count = 20) {
	std::string text;
	for (size_t i = 0; i < agreement.disagreements.size() && i < count; ++i) {
		text += "\n  " + agreement.disagreements[i];
	}
	return text;
}

} // namespace bulwark::testing
