// Is one installed version inside an advisory's affected entry, and which version fixes it?
// OSV's range semantics (introduced/fixed/last_affected/limit events, explicit version
// lists) and native constraint strings, evaluated with the ecosystem's own comparator.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "util/result.h"
#include "version/version.h"
#include "vulndb/advisory.h"

namespace bulwark {

struct RangeVerdict {
	bool affected = false;
	std::string fixed_version; // the fix that closes the interval holding the version; "" = none known
};

// Errors only for an installed version the comparator rejects (the caller warns once per
// package). A range with an event version that does not parse is not evaluated (its extent
// is unknown: "never fixed" would flag every later version); a constraint that does not
// parse does not hold. The entry's other ranges still count.
Result<RangeVerdict> evaluate_affected(const vulndb::AffectedPackage &affected, std::string_view installed,
                                       const version::Comparator &comparator);

// Removes the listed versions that the entry's event ranges already hold (entries with
// native constraints are left as they are): evaluate_affected gives
// every version the same verdict with or without them (a version equal to a listed one
// compares alike with every event, and the list is read only when the ranges say "not
// affected"), and OSV records list every release inside their ranges (PyPI ~70 per entry),
// which the matcher would otherwise compare one by one on every lookup that is not a hit.
// Versions the comparator rejects stay (they never match a valid installed version).
void drop_versions_inside_ranges(vulndb::AffectedPackage &affected, const version::Comparator &comparator);

} // namespace bulwark
