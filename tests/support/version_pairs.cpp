#include "support/version_pairs.h"

#include <cstdio>
#include <map>
#include <random>
#include <sstream>

#include <gtest/gtest.h>

#include "support/oracle_command.h"
#include "support/test_support.h"

namespace bulwark::testing {

namespace {

using Pieces = std::vector<std::string>;

struct Draft {
	std::string start;
	Pieces pieces;

	std::string text() const {
		std::string s = start;
		for (const auto &p : pieces) {
			s += p;
		}
		return s;
	}
};

template <class T>
const T &pick(const std::vector<T> &from, std::mt19937 &rng) {
	return from[std::uniform_int_distribution<size_t>(0, from.size() - 1)(rng)];
}

Draft random_draft(const VersionGrammar &grammar, std::mt19937 &rng) {
	Draft d;
	if (!grammar.starts.empty()) {
		d.start = pick(grammar.starts, rng);
	}
	size_t n = std::uniform_int_distribution<size_t>(0, grammar.max_pieces)(rng);
	for (size_t i = 0; i < n; ++i) {
		d.pieces.push_back(pick(grammar.pieces, rng));
	}
	return d;
}

// One small change to a draft.
void edit(Draft &d, const VersionGrammar &grammar, std::mt19937 &rng) {
	auto where = [&](size_t size) { return std::uniform_int_distribution<size_t>(0, size)(rng); };
	switch (std::uniform_int_distribution<int>(0, 5)(rng)) {
	case 0:
		if (!d.pieces.empty()) {
			d.pieces[where(d.pieces.size() - 1)] = pick(grammar.pieces, rng);
		}
		break;
	case 1:
		d.pieces.insert(d.pieces.begin() + static_cast<long>(where(d.pieces.size())), pick(grammar.pieces, rng));
		break;
	case 2:
		if (!d.pieces.empty()) {
			d.pieces.erase(d.pieces.begin() + static_cast<long>(where(d.pieces.size() - 1)));
		}
		break;
	case 3:
		d.pieces.push_back(pick(grammar.pieces, rng));
		break;
	case 4:
		// Zero-pad (or unpad) the first digit found.
		for (auto &p : d.pieces) {
			size_t digit = p.find_first_of("0123456789");
			if (digit != std::string::npos) {
				if (p[digit] == '0' && p.size() > digit + 1) {
					p.erase(digit, 1);
				} else {
					p.insert(digit, "0");
				}
				break;
			}
		}
		break;
	default:
		if (!grammar.starts.empty()) {
			d.start = pick(grammar.starts, rng);
		}
		break;
	}
}

} // namespace

std::vector<VersionPair> generate_pairs(const VersionGrammar &grammar, size_t count, uint32_t seed) {
	std::mt19937 rng(seed);
	std::vector<VersionPair> pairs;
	pairs.reserve(count);
	while (pairs.size() < count) {
		Draft a = random_draft(grammar, rng);
		Draft b = a;
		int kind = std::uniform_int_distribution<int>(0, 9)(rng);
		if (kind < 2) {
			b = random_draft(grammar, rng);
		} else if (kind < 9) {
			for (int edits = kind % 2 + 1; edits > 0; --edits) {
				edit(b, grammar, rng);
			}
		}
		pairs.push_back({a.text(), b.text()});
	}
	return pairs;
}

std::string generate_version(const VersionGrammar &grammar, uint32_t seed) {
	std::mt19937 rng(seed);
	return random_draft(grammar, rng).text();
}

void write_pairs(const std::filesystem::path &path, const std::vector<VersionPair> &pairs) {
	std::string records;
	for (const auto &p : pairs) {
		records += p.a;
		records += '\0';
		records += p.b;
		records += '\0';
	}
	write_file(path, records);
}

std::vector<std::string> output_lines(const std::string &command) {
	std::vector<std::string> lines;
	std::istringstream in(command_output(command));
	std::string line;
	while (std::getline(in, line)) {
		lines.push_back(line);
	}
	return lines;
}

std::string answer(const Result<int> &order) {
	return order.ok() ? std::to_string(order.value()) : "error";
}

std::string answer(const Result<bool> &holds) {
	return holds.ok() ? (holds.value() ? "true" : "false") : "error";
}

void expect_agreement(const std::vector<VersionPair> &pairs, const std::vector<std::string> &oracle,
                      const std::function<std::string(const VersionPair &)> &ours, const std::string &what) {
	ASSERT_EQ(oracle.size(), pairs.size()) << what << ": the oracle did not answer every pair";
	size_t disagreements = 0;
	std::string examples;
	std::map<std::string, size_t> tally;
	for (size_t i = 0; i < pairs.size(); ++i) {
		std::string mine = ours(pairs[i]);
		++tally[oracle[i]];
		if (mine != oracle[i]) {
			if (++disagreements <= 15) {
				examples += "  '" + pairs[i].a + "' vs '" + pairs[i].b + "': ours " + mine + ", oracle " + oracle[i] + "\n";
			}
		}
	}
	std::string summary;
	for (const auto &[answer, n] : tally) {
		summary += (summary.empty() ? "" : ", ") + answer + ": " + std::to_string(n);
	}
	std::printf("[ oracle   ] %s: %zu pairs (%s), %zu disagree\n", what.c_str(), pairs.size(), summary.c_str(),
	            disagreements);
	EXPECT_EQ(disagreements, 0u) << what << ": " << disagreements << " of " << pairs.size()
	                             << " pairs disagree, e.g.\n"
	                             << examples;
}

std::vector<std::string> data_lines(const std::string &relative) {
	std::vector<std::string> lines;
	std::istringstream in(read_file(data_path(relative)));
	std::string line;
	while (std::getline(in, line)) {
		if (!line.empty()) {
			lines.push_back(line);
		}
	}
	return lines;
}

} // namespace bulwark::testing
