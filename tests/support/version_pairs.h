// Differential tests of version comparators: deterministic tricky version pairs built from
// an ecosystem's pieces, handed to the real tool in one batch, and every answer of ours
// checked against the tool's.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "util/result.h"

namespace bulwark::testing {

// How to build versions: an optional start (e.g. an epoch) and 0..max_pieces pieces.
struct VersionGrammar {
	std::vector<std::string> starts; // "" allowed; drawn for every version
	std::vector<std::string> pieces;
	size_t max_pieces = 6;
};

struct VersionPair {
	std::string a;
	std::string b;
};

// `count` pairs from a generator seeded with `seed`. Most `b` are one or two edits of `a`
// (a piece replaced, added, dropped, or zero-padded) so that many pairs are equal or close;
// the rest are independent.
std::vector<VersionPair> generate_pairs(const VersionGrammar &grammar, size_t count, uint32_t seed);

// One random version of the grammar.
std::string generate_version(const VersionGrammar &grammar, uint32_t seed);

// Writes the pairs as "a\0b\0" records, so that any byte but NUL survives the trip.
void write_pairs(const std::filesystem::path &path, const std::vector<VersionPair> &pairs);

// The lines a tool printed, one per pair.
std::vector<std::string> output_lines(const std::string &command);

// Our answers in the oracle's words: "-1"/"0"/"1", "true"/"false", or "error".
std::string answer(const Result<int> &order);
std::string answer(const Result<bool> &holds);

// Expects `ours(pair) == oracle[i]` for every pair; on disagreement prints the count and
// the first few pairs with both answers.
void expect_agreement(const std::vector<VersionPair> &pairs, const std::vector<std::string> &oracle,
                      const std::function<std::string(const VersionPair &)> &ours, const std::string &what);

// The non-empty lines of a file under tests/data.
std::vector<std::string> data_lines(const std::string &relative);

} // namespace bulwark::testing
