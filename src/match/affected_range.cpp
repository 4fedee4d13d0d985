#include "match/affected_range.h"

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
// it; events are applied in version order ("0" = before every version). The version is
// affected when the last event at or below it opened an interval.
RangeVerdict evaluate_events(const AffectedRange &range, std::string_view installed,
                             const version::Comparator &comparator) {
	RangeVerdict verdict;
	std::vector<const RangeEvent *> events;
	for (const auto &e : range.events) {
		if (e.kind == RangeEvent::Kind::introduced && e.version == "0") {
			events.push_back(&e);
		} else if (comparator.compare(e.version, e.version).ok()) {
			events.push_back(&e);
		} else {
			// A boundary we cannot read ("4.8.0.-r1" in Alpine's secdb) leaves the interval's
			// extent unknown; guessing "never fixed" would flag every later version. The range
			// is not evaluated (Trivy skips such entries too); the advisory's other ranges are.
			return verdict;
		}
	}
	// Stable: events at the same version keep the record's order.
	std::stable_sort(events.begin(), events.end(), [&](const RangeEvent *a, const RangeEvent *b) {
		const bool a_zero = a->kind == RangeEvent::Kind::introduced && a->version == "0";
		const bool b_zero = b->kind == RangeEvent::Kind::introduced && b->version == "0";
		if (a_zero || b_zero) {
			return a_zero && !b_zero;
		}
		return order(comparator, a->version, b->version).value_or(0) < 0;
	});
	bool inside = false;
	for (size_t i = 0; i < events.size(); ++i) {
		const RangeEvent &e = *events[i];
		int c = (e.kind == RangeEvent::Kind::introduced && e.version == "0") ? 1
		                                                                     : order(comparator, installed, e.version).value_or(-1);
		switch (e.kind) {
		case RangeEvent::Kind::introduced:
			if (c >= 0) {
				inside = true;
			}
			break;
		case RangeEvent::Kind::fixed:
		case RangeEvent::Kind::limit:
			if (c >= 0) {
				inside = false;
			}
			break;
		case RangeEvent::Kind::last_affected:
			if (c > 0) {
				inside = false;
			}
			break;
		}
		if (c < 0) {
			break; // every later event is above the installed version too
		}
	}
	if (!inside) {
		return verdict;
	}
	verdict.affected = true;
	for (const RangeEvent *e : events) {
		if (e->kind == RangeEvent::Kind::fixed && order(comparator, installed, e->version).value_or(1) < 0) {
			verdict.fixed_version = e->version;
			break;
		}
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

} // namespace

Result<RangeVerdict> evaluate_affected(const vulndb::AffectedPackage &affected, std::string_view installed,
                                       const version::Comparator &comparator) {
	if (auto valid = comparator.compare(installed, installed); !valid.ok()) {
		return valid.error();
	}
	RangeVerdict total;
	if (affected.open) {
		total.affected = true;
	}
	for (const auto &range : affected.ranges) {
		if (range.type == "CONSTRAINTS") {
			merge_into(total, evaluate_constraints(range, installed, comparator), comparator);
		} else {
			merge_into(total, evaluate_events(range, installed, comparator), comparator);
		}
	}
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

} // namespace bulwark
