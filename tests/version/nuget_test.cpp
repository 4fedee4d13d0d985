// The NuGet comparator. There is no NuGet client on this machine, so the cases come from
// NuGet's documentation (docs.microsoft.com "Package versioning": normalisation, pre-release
// ordering, the interval table) and NuGet.Versioning's tests (VersionComparerTests,
// VersionRangeTests).
#include <gtest/gtest.h>

#include "version/version.h"

namespace bulwark {
namespace {

const version::Comparator &nuget() {
	return *version::comparator_for("nuget");
}

TEST(NuGetVersion, OrdersLikeNuGetVersioning) {
	struct Case {
		const char *a, *b;
		int order;
	};
	const Case cases[] = {
	    {"1.0", "1.0.0", 0},
	    {"1.0.0", "1.0.0.0", 0},
	    {"1", "1.0.0.0", 0},
	    {"1.0.0.1", "1.0.0", 1},
	    {"1.0.0-BETA", "1.0.0-beta", 0},
	    {"1.0.0-alpha", "1.0.0-alpha.1", -1},
	    {"1.0.0-alpha.1", "1.0.0-alpha.beta", -1},
	    {"1.0.0-beta.2", "1.0.0-beta.11", -1},
	    {"1.0.0-rc.1", "1.0.0", -1},
	    {"1.0.0+meta", "1.0.0", 0},
	    {"1.0.0-beta+a", "1.0.0-beta+b", 0},
	    {"2.0.0-2", "2.0.0-10", -1},
	    {"1.01.0", "1.1.0", 0},
	    {"1.0.0.0-a", "1.0.0-A", 0},
	    {"10.0", "9.99.99.99", 1},
	};
	for (const auto &c : cases) {
		auto order = nuget().compare(c.a, c.b);
		ASSERT_TRUE(order.ok()) << c.a << " vs " << c.b;
		EXPECT_EQ(*order, c.order) << c.a << " vs " << c.b;
		EXPECT_EQ(nuget().compare(c.b, c.a).value(), -c.order) << c.b << " vs " << c.a;
	}
	for (const char *bad : {"", "1.0.0.0.0", "a.b", "1.0-", "1.0-beta..1", "1.0+", "1..0", "2147483648.0", "1.0-be_ta"}) {
		EXPECT_FALSE(nuget().compare(bad, "1.0").ok()) << bad;
	}
}

TEST(NuGetVersion, IntervalNotation) {
	struct Case {
		const char *version, *range;
		bool matches;
	};
	const Case cases[] = {
	    {"1.0", "1.0", true},           {"0.9", "1.0", false},          {"5.0", "1.0", true},
	    {"1.0", "(1.0,)", false},       {"1.0.1", "(1.0,)", true},      {"1.0", "[1.0]", true},
	    {"1.0.1", "[1.0]", false},      {"1.0", "(,1.0]", true},        {"1.0", "(,1.0)", false},
	    {"0.5", "(,1.0)", true},        {"1.0", "[1.0,2.0]", true},     {"2.0", "[1.0,2.0]", true},
	    {"2.0", "[1.0,2.0)", false},    {"1.5", "(1.0,2.0)", true},     {"2.0-beta", "[1.0,2.0)", true},
	    {"1.0-beta", "[1.0,2.0)", false}, {"1.0.0", "[ 1.0 , 2.0 ]", true}, {"1.0", " [1.0] ", true},
	};
	for (const auto &c : cases) {
		auto matched = nuget().satisfies(c.version, c.range);
		ASSERT_TRUE(matched.ok()) << c.range << ": " << matched.error().message;
		EXPECT_EQ(*matched, c.matches) << c.version << " in " << c.range;
	}
	for (const char *bad : {"", "(1.0)", "[1.0", "1.0]", "[2.0,1.0]", "(,)", "[1.0,2.0,3.0]", "[a,b]", "[1.0)"}) {
		EXPECT_FALSE(nuget().satisfies("1.0", bad).ok()) << bad;
	}
}

} // namespace
} // namespace bulwark
