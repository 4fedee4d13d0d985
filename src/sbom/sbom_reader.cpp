#include "sbom/sbom_reader.h"

#include "image/byte_source.h"
#include "sbom/sbom_input.h"

namespace bulwark {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// The formats we recognise but do not read, told apart before any JSON parsing.
Status refuse_non_json(std::string_view bytes, const std::string &path) {
	const auto start = bytes.find_first_not_of(" \t\r\n");
	const std::string_view head = start == std::string_view::npos ? std::string_view() : bytes.substr(start);
	if (head.starts_with('<')) {
		return make_error(ErrorCode::unsupported,
		                  path + ": an XML document (CycloneDX XML, SPDX RDF/XML?); only JSON SBOMs are read");
	}
	if (head.starts_with("SPDXVersion:")) {
		return make_error(ErrorCode::unsupported, path + ": an SPDX tag-value document; only SPDX JSON is read");
	}
	return {};
}

} // namespace

Result<ScanReport> read_sbom_bytes(const std::string &bytes, const std::string &path, const JsonLimits &limits) {
	BW_TRY(refuse_non_json(bytes, path));
	simdjson::dom::parser parser;
	// A UTF-8 byte order mark is not JSON, but some Windows tools write one.
	auto root = bytes.starts_with(kUtf8Bom) ? parse_json(parser, bytes.substr(kUtf8Bom.size()), limits, path)
	                                        : parse_json(parser, bytes, limits, path);
	BW_TRY(root);
	if (json_string(*root, "bomFormat") == "CycloneDX") {
		return read_cyclonedx(*root, path);
	}
	if (json_string(*root, "spdxVersion")) {
		return read_spdx(*root, path);
	}
	simdjson::dom::element linked_data;
	if (!(*root)["@context"].get(linked_data) || !(*root)["@graph"].get(linked_data)) {
		return make_error(
		    ErrorCode::unsupported,
		    path + ": a JSON-LD document (SPDX 3.0?); only CycloneDX 1.2-1.6 and SPDX 2.2/2.3 JSON are read");
	}
	return make_error(ErrorCode::unsupported, path + ": neither a CycloneDX (bomFormat) nor an SPDX (spdxVersion) "
	                                                 "JSON document");
}

Result<ScanReport> read_sbom(const std::string &path, const JsonLimits &limits) {
	auto source = open_file_source(path);
	if (!source.ok()) {
		// A missing SBOM is the user's file, not a blob an image promised.
		return make_error(ErrorCode::io, source.error().message);
	}
	auto bytes = read_all(**source, limits.max_bytes, path);
	if (!bytes.ok() && bytes.error().code == ErrorCode::limit_exceeded) {
		return make_error(ErrorCode::limit_exceeded, bytes.error().message + " (--max-json-bytes)");
	}
	BW_TRY(bytes);
	return read_sbom_bytes(*bytes, path, limits);
}

} // namespace bulwark
