// OSV range evaluation and native constraints, on the shapes real advisories use (the
// examples are the Go vulndb, PyPA and RubySec records cited in each test).
#include "vulndb/affected_range.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

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

// OSV's evaluation as the specification writes it: sort the events by version ("0" first, a
// stable sort so that events at one version keep the record's order), apply them in that
// order up to the installed version. evaluate_affected finds the same without sorting. Our
// one rule on top: a range with an event version the ecosystem cannot read is not evaluated.
RangeVerdict specification_verdict(const AffectedRange &range, std::string_view installed,
                                   const version::Comparator &comparator) {
	auto is_zero = [](const RangeEvent *e) { return e->kind == introduced && e->version == "0"; };
	std::vector<const RangeEvent *> sorted;
	for (const auto &e : range.events) {
		if (!is_zero(&e) && !comparator.compare(e.version, e.version).ok()) {
			return RangeVerdict {};
		}
		sorted.push_back(&e);
	}
	std::stable_sort(sorted.begin(), sorted.end(), [&](const RangeEvent *a, const RangeEvent *b) {
		if (is_zero(a) || is_zero(b)) {
			return is_zero(a) && !is_zero(b);
		}
		return comparator.compare(a->version, b->version).value() < 0;
	});
	RangeVerdict verdict;
	for (const RangeEvent *e : sorted) {
		const int c = is_zero(e) ? 1 : comparator.compare(installed, e->version).value();
		if (c < 0) {
			break;
		}
		if (e->kind == introduced) {
			verdict.affected = true;
		} else if (e->kind != last_affected || c > 0) {
			verdict.affected = false;
		}
	}
	for (const RangeEvent *e : sorted) {
		if (verdict.affected && e->kind == fixed && comparator.compare(installed, e->version).value() < 0) {
			verdict.fixed_version = e->version;
			break;
		}
	}
	return verdict;
}

// Random ranges (events in any order, repeated versions, versions spelled two ways, "0",
// unparseable versions, every event kind) against the specification's algorithm.
TEST(AffectedRange, AgreesWithTheSpecificationsSortAndWalk) {
	struct Pool {
		const char *type;
		std::vector<std::string> versions;
	};
	const std::vector<Pool> pools = {
	    {"pypi", {"0.9", "1.0", "1.0.0", "1.0.post1", "1.1rc1", "1.1", "v1.1.0", "2.0", "10.0", "bad version!"}},
	    {"npm", {"0.9.0", "1.0.0", "v1.0.0", "1.0.1-beta.1", "1.0.1", "2.0.0", "v2.0.0", "10.0.0", "x.y!"}},
	    {"deb", {"1.0-1", "0:1.0-1", "1:0.5-1", "1.0-1~deb12u1", "1.0-1+deb12u1", "1.0-2", "0:1.0-2", "::bad"}},
	};
	const RangeEvent::Kind kinds[] = {introduced, fixed, last_affected, RangeEvent::Kind::limit};
	std::mt19937 random(7);
	auto below = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random); };
	size_t cases = 0, affected = 0, with_fix = 0, pruned_away = 0;
	for (int round = 0; round < 30000; ++round) {
		const Pool &pool = pools[below(pools.size())];
		const auto &compare = comparator(pool.type);
		AffectedRange range;
		range.type = "ECOSYSTEM";
		for (size_t n = 1 + below(6); n > 0; --n) {
			const auto kind = kinds[below(4)];
			const bool zero = kind == introduced && below(4) == 0;
			range.events.push_back(RangeEvent {kind, zero ? "0" : pool.versions[below(pool.versions.size())]});
		}
		const std::string &installed = pool.versions[below(pool.versions.size() - 1)]; // not the bad one
		AffectedPackage p;
		p.ranges.push_back(range);
		const RangeVerdict ours = verdict(p, installed, pool.type);
		const RangeVerdict spec = specification_verdict(range, installed, compare);
		std::string shown;
		for (const auto &e : range.events) {
			shown += std::to_string(static_cast<int>(e.kind)) + ":" + e.version + " ";
		}
		ASSERT_EQ(ours.affected, spec.affected) << pool.type << " " << installed << " in " << shown;
		ASSERT_EQ(ours.fixed_version, spec.fixed_version) << pool.type << " " << installed << " in " << shown;
		// A version list beside the range: without the versions the range holds, every
		// version gets the same verdict.
		for (size_t n = below(4); n > 0; --n) {
			p.versions.push_back(pool.versions[below(pool.versions.size())]);
		}
		AffectedPackage pruned = p;
		drop_versions_inside_ranges(pruned, compare);
		for (const auto &version : pool.versions) {
			auto full = evaluate_affected(p, version, compare);
			auto kept = evaluate_affected(pruned, version, compare);
			ASSERT_EQ(full.ok(), kept.ok());
			if (full.ok()) {
				ASSERT_EQ(full->affected, kept->affected) << pool.type << " " << version << " in " << shown;
				ASSERT_EQ(full->fixed_version, kept->fixed_version);
			}
		}
		pruned_away += p.versions.size() - pruned.versions.size();
		++cases;
		affected += spec.affected;
		with_fix += !spec.fixed_version.empty();
	}
	// Both outcomes occur often enough to mean something (ranges holding an unreadable version
	// are skipped, so fewer than half the cases can come out affected).
	EXPECT_GT(affected, cases / 8);
	EXPECT_GT(with_fix, cases / 40);
	EXPECT_GT(pruned_away, cases / 10);
}

// PYSEC-2019-140 (werkzeug) lists every release before its fix: all of them go; a listed
// version outside the range, and one the comparator rejects, stay.
TEST(AffectedRange, DropsOnlyListedVersionsTheRangesHold) {
	AffectedPackage p;
	p.ranges.push_back(events("ECOSYSTEM", {{introduced, "0"}, {fixed, "0.15.3"}}));
	p.versions = {"0.1", "0.10", "0.15.2", "0.15.3", "1.0", "bad version!"};
	drop_versions_inside_ranges(p, comparator("pypi"));
	EXPECT_EQ(p.versions, (std::vector<std::string> {"0.15.3", "1.0", "bad version!"}));
	AffectedPackage constraints;
	constraints.ranges.push_back(AffectedRange {"CONSTRAINTS", {}, {"<1.0"}, {}});
	constraints.versions = {"0.5"};
	drop_versions_inside_ranges(constraints, comparator("pypi"));
	EXPECT_EQ(constraints.versions.size(), 1U); // native constraints: left alone
}

} // namespace
} // namespace bulwark
