// rustsec: the RustSec advisory database (https://github.com/rustsec/advisory-db), one
// Markdown file per advisory under crates/<crate>/, opening with TOML front matter in a
// ```toml fence (read with toml_subset.h), then "# Title" and the description:
//   [advisory] id, package, aliases, date, cvss, url, references, withdrawn?, informational?
//   [versions] patched = [...], unaffected = [...]   (Cargo version requirements)
// The versions become one CONSTRAINTS range: every version is affected except those that
// match a patched or unaffected requirement. Informational notices "unmaintained" and
// "notice" are not vulnerabilities and are left out (counted as ignored); "unsound" ones
// (memory-safety bugs without an exploit) are kept. Advisories for the Rust toolchain
// (rust/ beside crates/) are not Cargo packages and are not read when a database root is
// given.
#include <filesystem>

#include "vulndb/import_support.h"
#include "vulndb/importer.h"
#include "vulndb/package_names.h"
#include "vulndb/toml_subset.h"

namespace bulwark::vulndb {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kFence = "```toml\n";

std::string_view trim(std::string_view text) {
	const size_t start = text.find_first_not_of(" \t\r\n\f\v");
	if (start == std::string_view::npos) {
		return {};
	}
	return text.substr(start, text.find_last_not_of(" \t\r\n\f\v") - start + 1);
}

std::string string_of(const std::map<std::string, TomlValue> &table, const std::string &key) {
	const auto found = table.find(key);
	return found != table.end() && found->second.is_string ? found->second.string : std::string();
}

std::vector<std::string> strings_of(const std::map<std::string, TomlValue> &table, const std::string &key) {
	const auto found = table.find(key);
	return found != table.end() && found->second.is_string_array ? found->second.strings : std::vector<std::string>();
}

enum class Outcome { stored, withdrawn, ignored };

// One advisory file; an error rejects the record.
Result<Outcome> read_advisory(std::string_view text, const ImportLimits &limits, Advisory &advisory) {
	if (text.substr(0, kFence.size()) != kFence) {
		return make_error(ErrorCode::malformed_json, "no ```toml front matter");
	}
	const size_t end = text.find("\n```", kFence.size() - 1);
	if (end == std::string_view::npos) {
		return make_error(ErrorCode::malformed_json, "front matter without its closing ```");
	}
	auto tables = read_toml_subset(text.substr(kFence.size(), end + 1 - kFence.size()), limits.max_depth);
	if (!tables.ok()) {
		return tables.error();
	}
	const auto &front = (*tables)["advisory"];
	const auto &versions = (*tables)["versions"];
	advisory.id = string_of(front, "id");
	const std::string package = string_of(front, "package");
	if (advisory.id.empty() || package.empty()) {
		return make_error(ErrorCode::malformed_json, "no [advisory] id or package");
	}
	for (const auto &[key, value] : front) {
		if (value.is_string && value.string.size() > limits.max_string_bytes) {
			return make_error(ErrorCode::limit_exceeded, "[advisory] " + key + " is longer than " +
			                                                 std::to_string(limits.max_string_bytes) + " bytes");
		}
	}
	if (!string_of(front, "withdrawn").empty()) {
		return Outcome::withdrawn;
	}
	const std::string informational = string_of(front, "informational");
	if (!informational.empty() && informational != "unsound") {
		return Outcome::ignored;
	}
	for (auto &alias : strings_of(front, "aliases")) {
		if (alias != advisory.id && std::find(advisory.aliases.begin(), advisory.aliases.end(), alias) ==
		                                advisory.aliases.end()) {
			advisory.aliases.push_back(std::move(alias));
		}
	}
	advisory.published = string_of(front, "date");
	if (const std::string cvss = string_of(front, "cvss"); !cvss.empty()) {
		advisory.cvss.push_back(CvssVector {"rustsec", cvss});
	}
	if (const std::string url = string_of(front, "url"); !url.empty()) {
		advisory.references.push_back(url);
	}
	for (auto &reference : strings_of(front, "references")) {
		advisory.references.push_back(std::move(reference));
	}
	// The body: "# Title" and the description after it.
	std::string_view body = text.substr(std::min(text.size(), end + 4));
	for (size_t line = 0; line < body.size();) {
		const size_t next = std::min(body.find('\n', line), body.size());
		if (body.substr(line, 2) == "# ") {
			advisory.summary = std::string(trim(body.substr(line + 2, next - line - 2)));
			body = body.substr(std::min(next + 1, body.size()));
			break;
		}
		line = next + 1;
	}
	advisory.details = std::string(trim(body));
	if (advisory.details.size() > limits.max_string_bytes) {
		return make_error(ErrorCode::limit_exceeded,
		                  "a description longer than " + std::to_string(limits.max_string_bytes) + " bytes");
	}
	std::vector<std::string> unaffected = strings_of(versions, "patched");
	for (auto &requirement : strings_of(versions, "unaffected")) {
		unaffected.push_back(std::move(requirement));
	}
	AffectedPackage entry;
	entry.ecosystem = "cargo";
	entry.name = normalize_package_name("cargo", package);
	entry.ranges.push_back(constraints_range({}, std::move(unaffected)));
	advisory.affected.push_back(std::move(entry));
	return Outcome::stored;
}

class RustsecImporter final : public Importer {
public:
	std::string_view kind() const override {
		return "rustsec";
	}

	Result<ImportStats> import(const std::string &path, DbWriter &writer, const ImportLimits &limits) const override {
		ImportStats stats;
		BW_TRY(for_each_record_file(records_root(path, {"crates"}), {".md"}, limits, stats,
		                            [&](const fs::path &, std::string_view text, const std::string &what) -> Status {
			                            Advisory advisory;
			                            auto outcome = read_advisory(text, limits, advisory);
			                            if (!outcome.ok()) {
				                            skip_record(stats, limits, what, outcome.error().message);
			                            } else if (*outcome == Outcome::withdrawn) {
				                            ++stats.withdrawn;
			                            } else if (*outcome == Outcome::ignored) {
				                            ++stats.ignored;
			                            } else {
				                            BW_TRY(writer.add(advisory));
				                            ++stats.records;
			                            }
			                            return {};
		                            }));
		return stats;
	}
};

} // namespace

std::unique_ptr<Importer> make_rustsec_importer() {
	return std::make_unique<RustsecImporter>();
}

} // namespace bulwark::vulndb
