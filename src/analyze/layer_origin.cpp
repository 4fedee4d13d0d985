#include "analyze/layer_origin.h"

#include <map>
#include <set>

namespace bulwark {

namespace {

std::string package_key(const Package &pkg) {
	return pkg.name + '\x1f' + pkg.version + '\x1f' + pkg.arch;
}

} // namespace

void assign_layers_from_history(const FileView &view, std::string_view db_path, const PackageDbParser &parse,
                                std::vector<Package> &packages) {
	auto versions = view.history(db_path);
	// Walk versions newest first; a package's origin moves down while older versions
	// still contain it, and stops at the first version that lacks it.
	std::map<std::string, size_t> origin;
	std::set<std::string> settled;
	for (const auto &pkg : packages) {
		origin[package_key(pkg)] = versions.empty() ? 0 : versions.back()->layer;
	}
	for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
		const FileEntry *version = *it;
		if (!version->content) {
			break; // not captured (too large): origins stay at the newest known layer
		}
		std::set<std::string> present;
		if (version == versions.back()) {
			for (const auto &pkg : packages) {
				present.insert(package_key(pkg));
			}
		} else {
			for (const auto &pkg : parse(*version->content)) {
				present.insert(package_key(pkg));
			}
		}
		for (auto &[key, layer] : origin) {
			if (settled.count(key)) {
				continue;
			}
			if (present.count(key)) {
				layer = version->layer;
			} else {
				settled.insert(key);
			}
		}
	}
	for (auto &pkg : packages) {
		pkg.layer = origin[package_key(pkg)];
	}
}

} // namespace bulwark
