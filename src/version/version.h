// Version comparison, one comparator per ecosystem (named by its PURL type), each exact to
// the ecosystem's own tool: dpkg, rpmvercmp, apk-tools, node-semver, packaging (PEP 440),
// Go modules, Maven ComparableVersion, Gem::Version, Cargo semver, NuGet, Composer.
// Adding an ecosystem is a file in src/version/ and one line in comparators.cpp.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace bulwark::version {

class Comparator {
public:
	virtual ~Comparator() = default;
	// The PURL type this comparator serves: "deb", "rpm", "apk", "npm", "pypi", "golang",
	// "maven", "gem", "cargo", "nuget", "composer".
	virtual std::string_view ecosystem() const = 0;
	// -1, 0 or 1 as a < b, a == b, a > b under the ecosystem's rules; an invalid_argument
	// error naming the string when either is not a version the ecosystem accepts.
	virtual Result<int> compare(std::string_view a, std::string_view b) const = 0;
	// Whether `version` satisfies an ecosystem-native constraint string, e.g. npm "^1.2 || >=3",
	// gem "~> 1.2, >= 1.2.3", cargo ">= 1.2, < 2", pypi ">=1.0,!=1.3.*". Ecosystems without a
	// constraint syntax return an `unsupported` error.
	virtual Result<bool> satisfies(std::string_view version, std::string_view constraint) const;
};

// The comparator for a PURL type, or nullptr. Comparators are stateless and thread-safe;
// the registry owns them for the life of the program.
const Comparator *comparator_for(std::string_view purl_type);

// Every supported PURL type, in registration order.
std::vector<std::string> ecosystems();

} // namespace bulwark::version
