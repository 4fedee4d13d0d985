// Go modules: golang.org/x/mod/semver's Compare, with the leading 'v' optional because OSV
// writes Go ranges without it, and Go toolchain tags for the standard library.
//
// Pseudo-versions (v0.0.0-20191109021931-daa7c04131f5) are ordinary prereleases and order by
// their timestamp identifier as SemVer does; "+incompatible" is build metadata and ignored.
// Toolchain tags are mapped as the Go vulnerability database maps them (GoTagToSemver):
// go1 => v1.0.0, go1.21 => v1.21.0, go1.21.3 => v1.21.3, go1.21rc2 => v1.21.0-rc.2,
// go1.19beta1 => v1.19.0-beta.1; the bare forms "1.21rc2" and "1.21.3" work too (a bare
// string that is a valid module version is read as one).
#include <string>

#include "version/semver.h"
#include "version/version.h"

namespace bulwark::version {

namespace {

// semver.parse after the 'v': "1" and "1.2" are shorthands for 1.0.0 and 1.2.0 and take no
// prerelease or build.
std::optional<semver::Version> parse_module_version(std::string_view text) {
	size_t major = semver::digit_run(text);
	bool numbers_only = major > 0 && (major == 1 || text[0] != '0');
	if (numbers_only && major == text.size()) {
		return semver::Version {.major = text, .minor = "0", .patch = "0", .prerelease = {}, .build = {}};
	}
	if (numbers_only && text[major] == '.') {
		std::string_view minor = text.substr(major + 1);
		size_t n = semver::digit_run(minor);
		if (n > 0 && n == minor.size() && (n == 1 || minor[0] != '0')) {
			return semver::Version {.major = text.substr(0, major), .minor = minor, .patch = "0", .prerelease = {}, .build = {}};
		}
	}
	return semver::parse(text);
}

// A toolchain tag without its "go": ^(\d+\.\d+)(\.\d+|)((beta|rc|-pre)(\d+))?$, rewritten into
// `storage` as a module version ("1.21.0-rc.2").
bool toolchain_to_semver(std::string_view tag, std::string &storage) {
	if (tag == "1") {
		storage = "1.0.0";
		return true;
	}
	size_t i = semver::digit_run(tag);
	if (i == 0 || i == tag.size() || tag[i] != '.') {
		return false;
	}
	size_t minor = semver::digit_run(tag.substr(i + 1));
	if (minor == 0) {
		return false;
	}
	i += 1 + minor;
	storage = tag.substr(0, i);
	if (i < tag.size() && tag[i] == '.') {
		size_t patch = semver::digit_run(tag.substr(i + 1));
		if (patch == 0) {
			return false;
		}
		storage += tag.substr(i, 1 + patch);
		i += 1 + patch;
	} else {
		storage += ".0";
	}
	if (i == tag.size()) {
		return tag != "1.0"; // go1.0 was never a tag
	}
	std::string_view rest = tag.substr(i);
	for (std::string_view kind : {"beta", "rc", "-pre"}) {
		if (rest.starts_with(kind)) {
			std::string_view number = rest.substr(kind.size());
			if (!semver::all_digits(number)) {
				return false;
			}
			storage += kind[0] == '-' ? "" : "-";
			storage += kind;
			storage += '.';
			storage += number;
			return true;
		}
	}
	return false;
}

// A Go version in any of the accepted spellings; `storage` holds rewritten toolchain tags.
std::optional<semver::Version> parse_go_version(std::string_view text, std::string &storage) {
	if (text.starts_with("go")) {
		// Like GoTagToSemver, only the first field counts ("go1.21.3 X:boringcrypto").
		text = text.substr(0, text.find_first_of(" \t\n\v\f\r"));
		if (!toolchain_to_semver(text.substr(2), storage)) {
			return std::nullopt;
		}
		return parse_module_version(storage);
	}
	if (text.starts_with('v')) {
		return parse_module_version(text.substr(1));
	}
	if (auto v = parse_module_version(text)) {
		return v;
	}
	// Bare toolchain tags ("1.21rc2"); "-pre" only ever came with the "go".
	if (text.find("-pre") == std::string_view::npos && toolchain_to_semver(text, storage)) {
		return parse_module_version(storage);
	}
	return std::nullopt;
}

class GoComparator final : public Comparator {
public:
	std::string_view ecosystem() const override {
		return "golang";
	}

	Result<int> compare(std::string_view a, std::string_view b) const override {
		std::string a_storage, b_storage;
		auto va = parse_go_version(a, a_storage);
		if (!va) {
			return invalid(a);
		}
		auto vb = parse_go_version(b, b_storage);
		if (!vb) {
			return invalid(b);
		}
		return semver::compare(*va, *vb);
	}

private:
	static Error invalid(std::string_view text) {
		return make_error(ErrorCode::invalid_argument, "not a Go module or toolchain version: '" + std::string(text) + "'");
	}
};

} // namespace

const Comparator &golang_comparator() {
	static const GoComparator instance;
	return instance;
}

} // namespace bulwark::version
