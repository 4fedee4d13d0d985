// Compiling all secret rules takes about a second (the Hyperscan database, plus checking every
// pattern's width); loading the result takes well under a millisecond. The compiled database
// and the pattern widths are therefore kept in the user's cache directory, named by a hash of
// everything that shapes them (the patterns, their flags, the mode, the Hyperscan version and
// the CPU it was built for), so a changed rule, config or machine simply compiles again. Best
// effort throughout: a missing, unreadable or stale cache file means compiling as if there were
// none. A database is only ever stored after its patterns passed every check, so a cache hit
// also says the patterns are valid.
//
// Directory: $BULWARK_CACHE_DIR (empty: no cache), else $XDG_CACHE_HOME/bulwark, else
// $HOME/.cache/bulwark; created with mode 0700.
#pragma once

#include <cstdint>
#include <optional>
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

struct CompiledPatterns {
	hs_database *database = nullptr;      // owned by the caller
	std::vector<uint32_t> max_widths;     // per pattern
};

// The cached database and widths for `set`, if there are any.
std::optional<CompiledPatterns> load_compiled(const PatternSet &set);

// Compiles `set` into one database and stores it with `max_widths` (which the caller computed
// while checking the patterns). On a compile error the message is Hyperscan's and
// *failed_pattern the index of the pattern it names (or -1).
Result<CompiledPatterns> compile_and_store(const PatternSet &set, std::vector<uint32_t> max_widths,
                                           int *failed_pattern);

// Where the cache lives ("" = no cache).
std::string database_cache_dir();

} // namespace bulwark::secret
