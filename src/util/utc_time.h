// Wall-clock time in UTC as the reports, the advisory database and the ignore-file expiry
// spell it.
#pragma once

#include <optional>
#include <string>

namespace bulwark {

std::string utc_now_rfc3339(); // "2026-11-24T04:13:00Z"
std::string utc_today();       // "2026-11-24"
// Days from an RFC 3339 UTC timestamp ("2026-11-24T04:13:00Z") to now; nullopt if unparseable.
std::optional<double> days_since(const std::string &timestamp);

} // namespace bulwark
