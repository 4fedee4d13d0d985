// rpm: installed packages from the rpm database (sqlite, ndb or Berkeley DB), one Package
// per header as `rpm -qa` lists them, minus rpm's gpg-pubkey pseudo-packages.
#include <array>
#include <set>

#include "analyze/analyzer.h"
#include "analyze/layer_origin.h"
#include "analyze/rpm/header.h"
#include "analyze/rpm/rpmdb.h"

namespace bulwark {

namespace {

// Database directories (old and usr-merged) and, in each, the files in the order we
// prefer them: the newest backend first, since a converted database can leave the old
// file behind next to the one rpm now uses.
constexpr std::array<std::string_view, 2> db_dirs { "var/lib/rpm/", "usr/lib/sysimage/rpm/" };
constexpr std::array<std::string_view, 3> db_files { "rpmdb.sqlite", "Packages.db", "Packages" };

// "name-version-release.src.rpm" → {name, "version-release"}; empty when not that shape.
std::pair<std::string, std::string> split_source_rpm(std::string_view srpm) {
	for (std::string_view suffix : { ".src.rpm", ".nosrc.rpm" }) {
		if (srpm.ends_with(suffix)) {
			srpm.remove_suffix(suffix.size());
			break;
		}
	}
	size_t release_dash = srpm.rfind('-');
	if (release_dash == std::string_view::npos || release_dash == 0) {
		return {};
	}
	size_t version_dash = srpm.rfind('-', release_dash - 1);
	if (version_dash == std::string_view::npos || version_dash == 0) {
		return {};
	}
	return { std::string(srpm.substr(0, version_dash)), std::string(srpm.substr(version_dash + 1)) };
}

Package to_package(rpm::RpmHeader &&header, std::string_view db_path) {
	Package pkg;
	pkg.type = "rpm";
	pkg.name = std::move(header.name);
	// As rpm's %{EVR}: the epoch is printed whenever the tag exists, even when it is 0.
	pkg.version = header.version + '-' + header.release;
	if (header.epoch) {
		pkg.version = std::to_string(*header.epoch) + ':' + pkg.version;
	}
	pkg.epoch = header.epoch;
	pkg.arch = header.arch.value_or("");
	std::tie(pkg.source_name, pkg.source_version) = split_source_rpm(header.source_rpm.value_or(""));
	if (header.license && !header.license->empty()) {
		pkg.licenses.push_back(std::move(*header.license));
	}
	pkg.vendor = header.vendor.value_or("");
	pkg.maintainer = header.packager.value_or("");
	pkg.db_path = std::string(db_path);
	pkg.installed_files = std::move(header.files);
	return pkg;
}

// Packages of one database version; `warnings` gets one entry per skipped record.
Result<std::vector<Package>> read_packages(std::string_view bytes, std::string_view db_path,
                                           std::vector<Warning> *warnings) {
	auto blobs = rpm::read_rpmdb_blobs(bytes);
	BW_TRY(blobs);
	auto warn = [&](const std::string &why) {
		if (warnings != nullptr) {
			warnings->push_back({ WarningKind::bad_record, std::string(db_path) + ": " + why });
		}
	};
	for (const auto &why : blobs->skipped) {
		warn(why);
	}
	std::vector<Package> packages;
	for (size_t i = 0; i < blobs->blobs.size(); ++i) {
		auto header = rpm::parse_header(blobs->blobs[i]);
		if (!header.ok()) {
			warn("header " + std::to_string(i) + ": " + header.error().describe());
			continue;
		}
		if (header->name == "gpg-pubkey") {
			continue; // imported signing keys, not software
		}
		packages.push_back(to_package(std::move(header.value()), db_path));
	}
	return packages;
}

class RpmAnalyzer final : public Analyzer {
public:
	std::string_view name() const override {
		return "rpm";
	}

	bool wants(std::string_view path) const override {
		for (auto dir : db_dirs) {
			if (path.starts_with(dir)) {
				std::string_view file = path.substr(dir.size());
				for (auto name : db_files) {
					if (file == name) {
						return true;
					}
				}
			}
		}
		return false;
	}

	void analyze(const FileView &view, AnalysisResult &out) const override {
		// var/lib/rpm is often a link to usr/lib/sysimage/rpm: read each real file once.
		std::set<std::string> seen;
		for (auto dir : db_dirs) {
			for (auto file : db_files) {
				std::string path = std::string(dir) + std::string(file);
				const std::string *content = view.read(path);
				auto real = view.resolve(path);
				if (content == nullptr || !real) {
					continue;
				}
				if (seen.insert(*real).second) {
					analyze_db(view, *real, *content, out);
				}
				break; // the preferred database of this directory
			}
		}
	}

private:
	static void analyze_db(const FileView &view, const std::string &db_path, const std::string &content,
	                       AnalysisResult &out) {
		auto packages = read_packages(content, db_path, &out.warnings);
		if (!packages.ok()) {
			out.warnings.push_back(
			    { WarningKind::other, db_path + ": rpm database not read: " + packages.error().describe() });
			return;
		}
		auto parse_version = [&](const std::string &older) {
			auto parsed = read_packages(older, db_path, nullptr);
			return parsed.ok() ? std::move(parsed.value()) : std::vector<Package>();
		};
		assign_layers_from_history(view, db_path, parse_version, packages.value());
		for (auto &pkg : packages.value()) {
			out.packages.push_back(std::move(pkg));
		}
	}
};

} // namespace

std::unique_ptr<Analyzer> make_rpm_analyzer() {
	return std::make_unique<RpmAnalyzer>();
}

} // namespace bulwark
