// Shared by the CycloneDX and SPDX readers: what a document says about one package, and
// the builder that turns those statements into a ScanReport. The format readers only
// find fields; what a purl means for a Package (name, version, epoch, arch) and which OS
// and layers the packages belong to is decided here, once for both formats.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/control_file.h"
#include "model/scan_report.h"
#include "util/json.h"
#include "util/result.h"

namespace bulwark {

// One package as the document describes it, before its purl is read.
struct SbomRecord {
	std::string where; // "components[3]", "packages[7]": names the record in warnings
	std::string purl;  // as written ("" = the document gives none)
	std::string name;  // the document's own name and version: the purl decides, these fill gaps
	std::string version;
	std::vector<std::string> licenses;
	std::string maintainer;
	std::string vendor;
	std::string source_name;
	std::string source_version; // "[epoch:]version[-release]", or without the epoch when source_epoch has it
	std::string source_epoch;   // Trivy's SrcEpoch
	std::string db_path;
	std::string owned_by;
	bool dev = false;
	bool declared = false;
	std::optional<size_t> layer_index; // our bulwark:layer:index
	std::string layer_diff_id;
	std::string layer_digest;
};

class SbomReportBuilder {
public:
	// `format` is the TargetInfo::format: "cyclonedx" or "spdx".
	SbomReportBuilder(const std::string &path, std::string format);
	SbomReportBuilder(const SbomReportBuilder &) = delete;
	SbomReportBuilder &operator=(const SbomReportBuilder &) = delete;

	// The image's layers in order, by diff_id.
	void add_layer(std::string diff_id);
	// The blob digest of the layer added `index`-th (ignored when there is no such layer).
	void set_layer_digest(size_t index, std::string digest);
	// The first OS the document names wins. Family names as Trivy or os-release write
	// them ("alma", "rhel") become ours ("almalinux", "redhat"); a Debian codename comes
	// from the release number when the document has none.
	void set_os(std::string_view family, std::string_view version, std::string_view pretty_name,
	            std::string_view codename);
	// A bad_record warning "<path> <where>: <reason>" (at most 50, then one limit_reached).
	void skip(std::string_view where, std::string_view reason);
	// The package `record` describes, or a warning when its purl is missing or unusable.
	void add(const SbomRecord &record);
	// Without an OS statement, the OS comes from the distro qualifier of the first OS
	// package's purl ("pkg:deb/debian/...?distro=debian-12" -> debian 12).
	ScanReport finish() &&;

private:
	// A package's layer as the document names it, resolved once every layer is known.
	struct LayerRef {
		size_t package = 0;
		std::optional<size_t> index;
		std::string diff_id;
		std::string digest;
	};
	void resolve_layers();

	ScanReport report_;
	RecordWarnings warnings_; // writes into report_.warnings
	bool os_known_ = false;
	std::string distro_vendor_; // purl namespace and distro qualifier of the first OS package
	std::string distro_;
	std::vector<LayerRef> layer_refs_;
};

// A string field, "" when it is missing or not a string.
std::string json_text(simdjson::dom::element object, std::string_view key);

// The format readers, given the parsed document (sbom_reader.cpp tells which it is).
Result<ScanReport> read_cyclonedx(simdjson::dom::element root, const std::string &path);
Result<ScanReport> read_spdx(simdjson::dom::element root, const std::string &path);

} // namespace bulwark
