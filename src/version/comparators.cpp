// The comparator registry: one line per ecosystem.

#include "version/version.h"

namespace bulwark::version {

Result<bool> Comparator::satisfies(std::string_view, std::string_view) const {
	return make_error(ErrorCode::unsupported, std::string(ecosystem()) + " has no constraint syntax");
}

// Each ecosystem's file defines one of these; registration is one declaration and one
// entry in the list below.
const Comparator &dpkg_comparator();
const Comparator &rpm_comparator();
const Comparator &apk_comparator();
const Comparator &maven_comparator();
const Comparator &gem_comparator();
const Comparator &npm_comparator();
const Comparator &pypi_comparator();
const Comparator &golang_comparator();
const Comparator &cargo_comparator();
const Comparator &nuget_comparator();
const Comparator &composer_comparator();

namespace {

const std::vector<const Comparator *> &registry() {
	static const std::vector<const Comparator *> all {
	    &dpkg_comparator(),
	    &rpm_comparator(),
	    &apk_comparator(),
	    &maven_comparator(),
	    &gem_comparator(),
	    &npm_comparator(),
	    &pypi_comparator(),
	    &golang_comparator(),
	    &cargo_comparator(),
	    &nuget_comparator(),
	    &composer_comparator(),
	};
	return all;
}

} // namespace

const Comparator *comparator_for(std::string_view purl_type) {
	for (const Comparator *c : registry()) {
		if (c->ecosystem() == purl_type) {
			return c;
		}
	}
	return nullptr;
}

std::vector<std::string> ecosystems() {
	std::vector<std::string> names;
	for (const Comparator *c : registry()) {
		names.emplace_back(c->ecosystem());
	}
	return names;
}

} // namespace bulwark::version
