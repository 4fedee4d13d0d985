// The SemVer 2.0.0 core shared by the ecosystems that build on it (npm, Cargo, Go modules):
// the strict grammar and precedence. Each ecosystem adds its own prefixes, limits and
// constraint syntax on top.
#pragma once

#include <optional>
#include <string_view>

namespace bulwark::version::semver {

// Views into the parsed text; nothing is copied.
struct Version {
	std::string_view major; // decimal digits without leading zeros
	std::string_view minor;
	std::string_view patch;
	std::string_view prerelease; // dot-separated identifiers without the '-', empty when absent
	std::string_view build;      // without the '+', empty when absent
};

// "MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]" exactly as semver.org's grammar has it: no prefix,
// no whitespace, no leading zeros in numbers or numeric prerelease identifiers, no empty
// identifiers. Numbers may be arbitrarily long; ecosystems that bound them check themselves.
std::optional<Version> parse(std::string_view text);

// The length of the leading run of ASCII digits.
size_t digit_run(std::string_view text);
bool all_digits(std::string_view text);
// Whether `text` is one valid prerelease identifier / one valid build identifier.
bool prerelease_identifier(std::string_view text);
bool build_identifier(std::string_view text);

// Compares two digit strings without leading zeros by value.
int compare_numbers(std::string_view a, std::string_view b);

// How numeric prerelease identifiers compare: exactly (the spec, Cargo, Go) or as
// JavaScript numbers, which round above 2^53 (node-semver).
enum class NumericIdentifiers { exact, javascript };

// Precedence of two prerelease strings (without '-'); the empty string, a release, ranks
// above every prerelease.
int compare_prerelease(std::string_view a, std::string_view b,
                       NumericIdentifiers numbers = NumericIdentifiers::exact);

// SemVer precedence: major, minor, patch, then prerelease; build metadata is ignored.
int compare(const Version &a, const Version &b, NumericIdentifiers numbers = NumericIdentifiers::exact);

} // namespace bulwark::version::semver
