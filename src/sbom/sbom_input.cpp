#include "sbom/sbom_input.h"

#include <algorithm>
#include <charconv>

#include "analyze/os_release.h"
#include "report/purl.h"
#include "report/report_support.h"

namespace bulwark {

namespace {

std::string ascii_lower(std::string_view text) {
	std::string out(text);
	std::transform(out.begin(), out.end(), out.begin(),
	               [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
	return out;
}

// Trivy's OS type names (fanal/types: "alma", "amazon", ...) that differ from ours.
struct FamilyAlias {
	std::string_view theirs;
	std::string_view ours;
};
constexpr FamilyAlias kTrivyFamilies[] = {
	{ "alma", "almalinux" },
	{ "amazon", "amzn" },
	{ "oracle", "ol" },
	{ "cbl-mariner", "mariner" },
	{ "opensuse.leap", "opensuse" },
	{ "opensuse.tumbleweed", "opensuse-tumbleweed" },
	{ "suse linux enterprise server", "sles" },
};

std::string our_family(std::string_view name) {
	const std::string lower = ascii_lower(name);
	for (const auto &alias : kTrivyFamilies) {
		if (alias.theirs == lower) {
			return std::string(alias.ours);
		}
	}
	// os-release IDs ("rhel", "opensuse-leap"), as other SBOM tools write them.
	std::string family = os_family_of_id(lower);
	return family.empty() ? lower : family;
}

// The name the analyzers give a package of this purl: Maven "group:artifact", npm
// "@scope/name", Go and Composer "namespace/name"; an OS package's namespace is the
// distribution, not part of its name.
std::string name_from_purl(const PurlComponents &purl) {
	if (purl.namespace_.empty() || is_os_package_type(purl.type)) {
		return purl.name;
	}
	return purl.namespace_ + (purl.type == "maven" ? ":" : "/") + purl.name;
}

// `name` as make_purl would normalise it for `type` ("Flask" -> "flask").
std::string canonical_name(const std::string &type, const std::string &name) {
	Package probe;
	probe.type = type;
	probe.name = name;
	auto purl = parse_purl(make_purl(probe, OsInfo {}));
	return purl.ok() ? name_from_purl(*purl) : std::string();
}

// The document's own spelling when it names the same package as the purl ("Flask" for
// pkg:pypi/flask), else the name the purl gives (Trivy names a Maven component by its
// artifact alone).
std::string package_name(const PurlComponents &purl, const std::string &document_name) {
	std::string from_purl = name_from_purl(purl);
	if (document_name.empty() || document_name == from_purl) {
		return from_purl;
	}
	const std::string canonical = canonical_name(purl.type, from_purl);
	return !canonical.empty() && canonical == canonical_name(purl.type, document_name) ? document_name : from_purl;
}

std::optional<uint32_t> parse_epoch(std::string_view text) {
	uint32_t epoch = 0;
	const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), epoch);
	if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
		return std::nullopt;
	}
	return epoch;
}

// "E:rest" -> E, when the text before the first ':' is a number.
std::optional<uint32_t> leading_epoch(std::string_view version) {
	const auto colon = version.find(':');
	return colon == std::string_view::npos ? std::nullopt : parse_epoch(version.substr(0, colon));
}

// deb and rpm versions as their package managers print them, "[epoch:]version": the rpm
// purl (and Trivy's deb purl) carry the epoch in a qualifier instead. An error text when
// the epoch qualifier is not a number.
std::string apply_version(const PurlComponents &purl, const SbomRecord &record, Package &package) {
	package.version = purl.version.empty() ? record.version : purl.version;
	if (package.type != "deb" && package.type != "rpm") {
		return {};
	}
	const auto epoch_text = purl_qualifier(purl, "epoch");
	if (!epoch_text.empty()) {
		const auto epoch = parse_epoch(epoch_text);
		if (!epoch) {
			return "epoch qualifier '" + std::string(epoch_text) + "' is not a number";
		}
		if (!leading_epoch(package.version)) {
			package.version = std::string(epoch_text) + ":" + package.version;
		}
	}
	package.epoch = leading_epoch(package.version);
	return {};
}

std::string source_version(const SbomRecord &record, const std::string &type) {
	// rpm names its source by the SRPM file, which has no epoch (as the rpm analyzer does).
	if (record.source_epoch.empty() || record.source_epoch == "0" || record.source_version.empty() || type == "rpm") {
		return record.source_version;
	}
	return record.source_epoch + ":" + record.source_version;
}

} // namespace

std::string json_text(simdjson::dom::element object, std::string_view key) {
	return std::string(json_string(object, key).value_or(""));
}

SbomReportBuilder::SbomReportBuilder(const std::string &path, std::string format) : warnings_(report_.warnings, path) {
	report_.target.kind = "sbom";
	report_.target.name = path;
	report_.target.format = std::move(format);
}

void SbomReportBuilder::add_layer(std::string diff_id) {
	LayerInfo layer;
	layer.index = report_.layers.size();
	layer.diff_id = std::move(diff_id);
	report_.layers.push_back(std::move(layer));
}

void SbomReportBuilder::set_layer_digest(size_t index, std::string digest) {
	if (index < report_.layers.size()) {
		report_.layers[index].digest = std::move(digest);
	}
}

void SbomReportBuilder::set_os(std::string_view family, std::string_view version, std::string_view pretty_name,
                               std::string_view codename) {
	if (os_known_ || family.empty()) {
		return;
	}
	os_known_ = true;
	OsInfo &os = report_.os;
	os.family = our_family(family);
	os.version_id = std::string(version);
	os.pretty_name = std::string(pretty_name);
	os.codename = std::string(codename);
	if (os.codename.empty() && os.family == "debian") {
		os.codename = debian_codename(os.version_id);
	}
	os.source_file = report_.target.name;
}

void SbomReportBuilder::skip(std::string_view where, std::string_view reason) {
	warnings_.bad_record(where, reason);
}

void SbomReportBuilder::add(const SbomRecord &record) {
	const std::string label = "package '" + record.name + (record.version.empty() ? "" : "@" + record.version) + "'";
	if (record.purl.empty()) {
		skip(record.where, label + " has no purl; skipped");
		return;
	}
	auto purl = parse_purl(record.purl);
	if (!purl.ok()) {
		skip(record.where, label + ": " + purl.error().message + "; skipped");
		return;
	}
	Package package;
	package.type = purl->type;
	package.name = package_name(*purl, record.name);
	if (auto problem = apply_version(*purl, record, package); !problem.empty()) {
		skip(record.where, label + ": " + problem + "; skipped");
		return;
	}
	package.arch = std::string(purl_qualifier(*purl, "arch"));
	package.source_name = record.source_name;
	package.source_version = source_version(record, package.type);
	package.licenses = record.licenses;
	package.maintainer = record.maintainer;
	package.vendor = record.vendor;
	package.db_path = record.db_path;
	package.owned_by = record.owned_by;
	package.dev = record.dev;
	package.declared = record.declared;
	package.purl = record.purl;

	if (record.layer_index || !record.layer_diff_id.empty()) {
		layer_refs_.push_back(
		    { report_.packages.size(), record.layer_index, record.layer_diff_id, record.layer_digest });
	}
	if (distro_vendor_.empty() && is_os_package_type(package.type) && !purl->namespace_.empty()) {
		distro_vendor_ = purl->namespace_;
		distro_ = purl_qualifier(*purl, "distro");
	}
	report_.packages.push_back(std::move(package));
}

void SbomReportBuilder::resolve_layers() {
	auto &layers = report_.layers;
	for (const auto &ref : layer_refs_) {
		std::optional<size_t> layer;
		if (ref.index && *ref.index < layers.size()) {
			layer = ref.index;
		} else if (!ref.diff_id.empty()) {
			const auto found = std::find_if(layers.begin(), layers.end(),
			                                [&](const LayerInfo &info) { return info.diff_id == ref.diff_id; });
			if (found != layers.end()) {
				layer = found->index;
			}
		}
		if (layer && layers[*layer].digest.empty()) {
			layers[*layer].digest = ref.digest;
		}
		report_.packages[ref.package].layer = layer;
	}
}

ScanReport SbomReportBuilder::finish() && {
	// SPDX may list the container (and its layers) after the packages.
	resolve_layers();
	if (!os_known_ && !distro_vendor_.empty()) {
		// "debian-12.5" (deb, rpm) or "3.19.1" (apk); a bare word is a codename ("jessie").
		std::string_view distro = distro_;
		const std::string prefix = ascii_lower(distro_vendor_) + "-";
		if (ascii_lower(distro.substr(0, prefix.size())) == prefix) {
			distro.remove_prefix(prefix.size());
		}
		const bool numeric = !distro.empty() && distro.front() >= '0' && distro.front() <= '9';
		set_os(distro_vendor_, numeric ? distro : "", "", numeric ? "" : distro);
	}
	return std::move(report_);
}

} // namespace bulwark
