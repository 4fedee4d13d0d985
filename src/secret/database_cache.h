// Compiling all secret rules into one Hyperscan database takes about a second; loading a
// serialized one takes well under a millisecond. The compiled database is therefore kept in
// the user's cache directory, named by a hash of everything that shapes it (the patterns,
// their flags, the mode, the Hyperscan version and the CPU it was built for), so a changed
// rule, config or machine simply compiles again. Best effort throughout: a missing,
// unreadable or stale cache file means compiling as if there were none.
//
// Directory: $BULWARK_CACHE_DIR (empty: no cache), else $XDG_CACHE_HOME/bulwark, else
// $HOME/.cache/bulwark; created with mode 0700.
#pragma once

#include <string>
#include <vector>

#include "util/result.h"

struct hs_database;

namespace bulwark::secret {

struct PatternSet {
	std::vector<std::string> patterns;
	std::vector<unsigned> flags;
	unsigned mode = 0; // HS_MODE_*
};

// The database for `set`, from the cache or compiled (and then stored). On a compile error
// the message is Hyperscan's and *failed_pattern the index of the pattern it names (or -1).
Result<hs_database *> cached_database(const PatternSet &set, int *failed_pattern);

// Where the cache lives ("" = no cache).
std::string database_cache_dir();

} // namespace bulwark::secret
