// SPDX licence identifiers and licence expressions (SPDX 2.3 Annex D), for the SBOM
// writers: a package's licence strings go out as SPDX ids or expressions only when they
// are valid ones, and as free text (or NOASSERTION) otherwise.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace bulwark {

// Every identifier of the SPDX License List (licences and exceptions), sorted
// case-insensitively.
std::span<const std::string_view> spdx_license_list();

// The listed identifier matching `text` case-insensitively, in its canonical case.
std::optional<std::string_view> spdx_license_id(std::string_view text);

// `text` as a canonical SPDX licence expression (listed ids in canonical case, "+",
// LicenseRef-/DocumentRef- references, AND/OR/WITH, parentheses, single spaces), or
// nullopt when it is not one.
std::optional<std::string> spdx_license_expression(std::string_view text);

} // namespace bulwark
