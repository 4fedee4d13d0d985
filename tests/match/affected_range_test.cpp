// OSV range evaluation and native constraints, on the shapes real advisories use (the
// examples are the Go vulndb, PyPA and RubySec records cited in each test).
#include "match/affected_range.h"

#include <gtest/gtest.h>

namespace bulwark {
namespace {

using vulndb::AffectedPackage;
using vulndb::AffectedRange;
using vulndb::RangeEvent;

AffectedRange events(std::string type, std::vector<std::pair<RangeEvent::Kind, std::string>> list) {
	AffectedRange range;
	range.type = std::move(type);
	for (auto &[kind, version] : list) {
		range.events.push_back(RangeEvent {kind, version});
	}
	return range;
}

const version::Comparator &comparator(std::string_view type) {
	const version::Comparator *c = version::comparator_for(type);
	EXPECT_NE(c, nullptr) << type;
	return *c;
}

RangeVerdict verdict(const AffectedPackage &affected, std::string_view installed, std::string_view type) {
	auto result = evaluate_affected(affected, installed, comparator(type));
	EXPECT_TRUE(result.ok()) << result.error().describe();
	return result.ok() ? *result : RangeVerdict {};
}

constexpr auto introduced = RangeEvent::Kind::introduced;
constexpr auto fixed = RangeEvent::Kind::fixed;
constexpr auto last_affected = RangeEvent::Kind::last_affected;

// GO-2022-0316 (opa): introduced 0.33.1, fixed 0.37.2.
TEST(AffectedRange, IntervalOpensAtIntroducedAndClosesAtFixed) {
	AffectedPackage opa;
	opa.ranges.push_back(events("SEMVER", {{introduced, "0.33.1"}, {fixed, "0.37.2"}}));
	EXPECT_FALSE(verdict(opa, "v0.33.0", "golang").affected);
	EXPECT_TRUE(verdict(opa, "v0.33.1", "golang").affected);
	auto inside = verdict(opa, "v0.35.0", "golang");
	EXPECT_TRUE(inside.affected);
	EXPECT_EQ(inside.fixed_version, "0.37.2");
	EXPECT_FALSE(verdict(opa, "v0.37.2", "golang").affected);
}

// Several branches in one range (events out of order as some records list them): the fix
// reported is the one closing the interval that holds the version.
TEST(AffectedRange, MultipleIntervalsPickTheirOwnFix) {
	AffectedPackage p;
	p.ranges.push_back(events("ECOSYSTEM", {{introduced, "2.0"}, {fixed, "2.2.3"}, {introduced, "0"}, {fixed, "1.9.5"}}));
	auto old_branch = verdict(p, "1.5", "pypi");
	EXPECT_TRUE(old_branch.affected);
	EXPECT_EQ(old_branch.fixed_version, "1.9.5");
	EXPECT_FALSE(verdict(p, "1.9.5", "pypi").affected);
	EXPECT_FALSE(verdict(p, "1.10", "pypi").affected);
	auto new_branch = verdict(p, "2.1", "pypi");
	EXPECT_TRUE(new_branch.affected);
	EXPECT_EQ(new_branch.fixed_version, "2.2.3");
}

TEST(AffectedRange, LastAffectedIsInclusiveAndNamesNoFix) {
	AffectedPackage p;
	p.ranges.push_back(events("ECOSYSTEM", {{introduced, "0"}, {last_affected, "1.4.2"}}));
	auto hit = verdict(p, "1.4.2", "npm");
	EXPECT_TRUE(hit.affected);
	EXPECT_EQ(hit.fixed_version, "");
	EXPECT_FALSE(verdict(p, "1.4.3", "npm").affected);
}

// PyPA records often carry only an explicit version list.
TEST(AffectedRange, ExplicitVersionsMatchByEquality) {
	AffectedPackage p;
	p.versions = {"0.11", "0.11.1"};
	EXPECT_TRUE(verdict(p, "0.11.0", "pypi").affected); // PEP 440: 0.11 == 0.11.0
	EXPECT_FALSE(verdict(p, "0.11.2", "pypi").affected);
}

// Debian tracker "open": every version, no fix.
TEST(AffectedRange, OpenEntryAffectsEveryVersion) {
	AffectedPackage p;
	p.open = true;
	auto hit = verdict(p, "1:2.38.1-5", "deb");
	EXPECT_TRUE(hit.affected);
	EXPECT_EQ(hit.fixed_version, "");
}

TEST(AffectedRange, DebianFixedVersionUsesDpkgOrder) {
	AffectedPackage p;
	p.ranges.push_back(events("ECOSYSTEM", {{introduced, "0"}, {fixed, "5.36.0-7+deb12u4"}}));
	EXPECT_TRUE(verdict(p, "5.36.0-7+deb12u3", "deb").affected);
	EXPECT_FALSE(verdict(p, "5.36.0-7+deb12u4", "deb").affected);
	EXPECT_FALSE(verdict(p, "5.36.0-8", "deb").affected);
	EXPECT_TRUE(verdict(p, "5.36.0-7~bpo11+1", "deb").affected); // '~' sorts before everything
}

// RubySec: patched_versions [">= 5.2.4.3", "~> 5.1.7.1"] and unaffected ["< 4.0"].
TEST(AffectedRange, GemConstraintsWithPatchedAndUnaffected) {
	AffectedPackage p;
	AffectedRange r;
	r.type = "CONSTRAINTS";
	r.unaffected = {">= 5.2.4.3", "~> 5.1.7.1", "< 4.0"};
	p.ranges.push_back(r);
	EXPECT_FALSE(verdict(p, "3.2.22", "gem").affected);
	EXPECT_FALSE(verdict(p, "5.1.7.2", "gem").affected);
	auto hit = verdict(p, "5.2.0", "gem");
	EXPECT_TRUE(hit.affected);
	EXPECT_EQ(hit.fixed_version, "5.2.4.3");
	auto older = verdict(p, "4.2.11", "gem");
	EXPECT_TRUE(older.affected);
	EXPECT_EQ(older.fixed_version, "5.1.7.1"); // the nearest patched line above
}

// nodejs/security-wg 496 (jQuery): vulnerable "<3.4.0", patched ">=3.4.0".
TEST(AffectedRange, NpmRangeConstraints) {
	AffectedPackage p;
	AffectedRange r;
	r.type = "CONSTRAINTS";
	r.constraints = {"<3.4.0"};
	r.unaffected = {">=3.4.0"};
	p.ranges.push_back(r);
	auto hit = verdict(p, "3.3.9", "npm");
	EXPECT_TRUE(hit.affected);
	EXPECT_EQ(hit.fixed_version, "3.4.0");
	EXPECT_FALSE(verdict(p, "3.4.0", "npm").affected);
}

TEST(AffectedRange, InvalidInstalledVersionIsAnError) {
	AffectedPackage p;
	p.open = true;
	EXPECT_FALSE(evaluate_affected(p, "not a version!", comparator("npm")).ok());
}

// Alpine's secdb has "4.8.0.-r1": that range's extent is unknown, so it is not evaluated
// (reporting every later version as affected would be a flood of false positives); another
// range of the same entry still is.
TEST(AffectedRange, RangeWithUnparseableBoundaryIsSkipped) {
	AffectedPackage p;
	p.ranges.push_back(events("ECOSYSTEM", {{introduced, "0"}, {fixed, "4.8.0.-r1"}}));
	EXPECT_FALSE(verdict(p, "4.7.0-r0", "apk").affected);
	EXPECT_FALSE(verdict(p, "4.9.0-r0", "apk").affected);
	p.ranges.push_back(events("ECOSYSTEM", {{introduced, "0"}, {fixed, "4.8.1-r0"}}));
	auto hit = verdict(p, "4.7.0-r0", "apk");
	EXPECT_TRUE(hit.affected);
	EXPECT_EQ(hit.fixed_version, "4.8.1-r0");
}

} // namespace
} // namespace bulwark
