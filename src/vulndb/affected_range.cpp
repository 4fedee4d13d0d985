#include "vulndb/affected_range.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace bulwark {

namespace {

using vulndb::AffectedRange;
using vulndb::RangeEvent;

// a < b under the comparator; unparseable advisory versions never order below anything.
std::optional<int> order(const version::Comparator &comparator, std::string_view a, std::string_view b) {
	auto c = comparator.compare(a, b);
	if (!c.ok()) {
		return std::nullopt;
	}
	return *c;
}

bool holds(const version::Comparator &comparator, std::string_view installed, const std::string &constraint) {
	auto satisfied = comparator.satisfies(installed, constraint);
	return satisfied.ok() && *satisfied;
}

// OSV's evaluation: an introduced event opens an interval, fixed/last_affected/limit close
// it; events are applied in version order ("0" = before every version), events at one
// version in the record's order. The version is affected when the last event at or below
// it that changes the state opened an interval.
//
// Found without sorting: each event is compared with the installed version once, then
// only the state-changing events at or below it are compared with each other (for the
// last one) and the fixes above it (for the lowest), instead of sorting every event with
// a comparator that parses both versions on each call (most of matching's time).
RangeVerdict evaluate_events(const AffectedRange &range, std::string_view installed,
                             const version::Comparator &comparator) {
	auto is_zero = [](const RangeEvent &e) { return e.kind == RangeEvent::Kind::introduced && e.version == "0"; };
	// Whether `a` comes before `b` in version order (both valid; "0" before every version).
	auto below = [&](const RangeEvent &a, const RangeEvent &b) {
		if (is_zero(a) || is_zero(b)) {
			return is_zero(a) && !is_zero(b);
		}
		return order(comparator, a.version, b.version).value_or(0) < 0;
	};
	const RangeEvent *last = nullptr; // the last state-changing event at or below `installed`
	const RangeEvent *fix = nullptr;  // the lowest fixed event above it
	for (const auto &e : range.events) {
		int c = 1;
		if (!is_zero(e)) {
			auto compared = order(comparator, installed, e.version);
			if (!compared) {
				// A boundary we cannot read ("4.8.0.-r1" in Alpine's secdb) leaves the interval's
				// extent unknown; guessing "never fixed" would flag every later version. The range
				// is not evaluated (Trivy skips such entries too); the entry's other ranges are.
				return RangeVerdict {};
			}
			c = *compared;
		}
		if (c < 0) {
			if (e.kind == RangeEvent::Kind::fixed && (fix == nullptr || below(e, *fix))) {
				fix = &e;
			}
		} else if (!(e.kind == RangeEvent::Kind::last_affected && c == 0) && (last == nullptr || !below(e, *last))) {
			last = &e; // ties: the later one in the record wins, as it is applied later
		}
	}
	RangeVerdict verdict;
	verdict.affected = last != nullptr && last->kind == RangeEvent::Kind::introduced;
	if (verdict.affected && fix != nullptr) {
		verdict.fixed_version = fix->version;
	}
	return verdict;
}

// The version a "patched" constraint starts at: ">= 1.2.3" → "1.2.3", "~> 2.1.4" → "2.1.4",
// "^0.9.5" → "0.9.5". Constraints that are not lower bounds ("< 1.0") name no fix.
std::string lower_bound_of(std::string_view constraint) {
	while (!constraint.empty() && std::isspace(static_cast<unsigned char>(constraint.front()))) {
		constraint.remove_prefix(1);
	}
	for (std::string_view op : {">=", "~>", "^", "~", "="}) {
		if (constraint.starts_with(op)) {
			constraint.remove_prefix(op.size());
			while (!constraint.empty() && std::isspace(static_cast<unsigned char>(constraint.front()))) {
				constraint.remove_prefix(1);
			}
			size_t end = constraint.find_first_of(" ,|");
			return std::string(constraint.substr(0, end));
		}
	}
	return {};
}

RangeVerdict evaluate_constraints(const AffectedRange &range, std::string_view installed,
                                  const version::Comparator &comparator) {
	RangeVerdict verdict;
	bool vulnerable = range.constraints.empty();
	for (const auto &c : range.constraints) {
		if (holds(comparator, installed, c)) {
			vulnerable = true;
			break;
		}
	}
	if (!vulnerable) {
		return verdict;
	}
	for (const auto &u : range.unaffected) {
		if (holds(comparator, installed, u)) {
			return verdict;
		}
	}
	verdict.affected = true;
	// The lowest patched lower bound above the installed version.
	for (const auto &u : range.unaffected) {
		std::string bound = lower_bound_of(u);
		if (bound.empty() || order(comparator, installed, bound).value_or(1) >= 0) {
			continue;
		}
		if (verdict.fixed_version.empty() || order(comparator, bound, verdict.fixed_version).value_or(1) < 0) {
			verdict.fixed_version = bound;
		}
	}
	return verdict;
}

// Keeps the lowest fix: two ranges that both hold the version are two branches of one
// advisory, and the nearest fix is the one users can move to.
void merge_into(RangeVerdict &total, const RangeVerdict &one, const version::Comparator &comparator) {
	if (!one.affected) {
		return;
	}
	if (!total.affected) {
		total = one;
		return;
	}
	if (total.fixed_version.empty() ||
	    (!one.fixed_version.empty() && order(comparator, one.fixed_version, total.fixed_version).value_or(1) < 0)) {
		if (!one.fixed_version.empty()) {
			total.fixed_version = one.fixed_version;
		}
	}
}

// What the entry's ranges (and its open flag) say of a valid version, without its list.
RangeVerdict ranges_verdict(const vulndb::AffectedPackage &affected, std::string_view version,
                            const version::Comparator &comparator) {
	RangeVerdict total;
	total.affected = affected.open;
	for (const auto &range : affected.ranges) {
		if (range.type == "CONSTRAINTS") {
			merge_into(total, evaluate_constraints(range, version, comparator), comparator);
		} else {
			merge_into(total, evaluate_events(range, version, comparator), comparator);
		}
	}
	return total;
}

} // namespace

Result<RangeVerdict> evaluate_affected(const vulndb::AffectedPackage &affected, std::string_view installed,
                                       const version::Comparator &comparator) {
	if (auto valid = comparator.compare(installed, installed); !valid.ok()) {
		return valid.error();
	}
	RangeVerdict total = ranges_verdict(affected, installed, comparator);
	if (!total.affected) {
		for (const auto &v : affected.versions) {
			if (v == installed || order(comparator, installed, v) == 0) {
				total.affected = true;
				break;
			}
		}
	}
	return total;
}

void drop_versions_inside_ranges(vulndb::AffectedPackage &affected, const version::Comparator &comparator) {
	// Native constraints are left alone: "===" (PEP 440) compares spellings, not versions.
	const bool only_events = std::none_of(affected.ranges.begin(), affected.ranges.end(),
	                                      [](const vulndb::AffectedRange &r) { return r.type == "CONSTRAINTS"; });
	if ((affected.ranges.empty() && !affected.open) || !only_events) {
		return;
	}
	std::erase_if(affected.versions, [&](const std::string &v) {
		return comparator.compare(v, v).ok() && ranges_verdict(affected, v, comparator).affected;
	});
}

} // namespace bulwark
