#include "vulndb/import_support.h"

#include <algorithm>
#include <fstream>

#include "util/json.h"
#include "util/yaml.h"

namespace bulwark::vulndb {

namespace fs = std::filesystem;

namespace {

bool has_extension(const fs::path &path, std::initializer_list<std::string_view> extensions) {
	const std::string name = path.filename().string();
	return std::any_of(extensions.begin(), extensions.end(), [&](std::string_view extension) {
		return name.size() > extension.size() && name.compare(name.size() - extension.size(), extension.size(),
		                                                      extension.data(), extension.size()) == 0;
	});
}

// The first string (key or value) longer than `max`, if any. Depth is bounded by the parser.
std::optional<size_t> oversized_string(simdjson::dom::element element, size_t max) {
	switch (element.type()) {
	case simdjson::dom::element_type::STRING: {
		const size_t size = std::string_view(element).size();
		return size > max ? std::optional<size_t>(size) : std::nullopt;
	}
	case simdjson::dom::element_type::ARRAY:
		for (const auto item : simdjson::dom::array(element)) {
			if (auto found = oversized_string(item, max)) {
				return found;
			}
		}
		return std::nullopt;
	case simdjson::dom::element_type::OBJECT:
		for (const auto field : simdjson::dom::object(element)) {
			if (field.key.size() > max) {
				return field.key.size();
			}
			if (auto found = oversized_string(field.value, max)) {
				return found;
			}
		}
		return std::nullopt;
	default:
		return std::nullopt;
	}
}

} // namespace

void add_warning(ImportStats &stats, const ImportLimits &limits, std::string warning) {
	if (stats.warnings.size() < limits.max_warnings) {
		stats.warnings.push_back(std::move(warning));
		return;
	}
	static constexpr std::string_view kMore = "more warnings not listed: ";
	if (stats.warnings.size() == limits.max_warnings) {
		stats.warnings.push_back(std::string(kMore) + "1");
		return;
	}
	std::string &last = stats.warnings.back();
	last = std::string(kMore) + std::to_string(std::stoull(last.substr(kMore.size())) + 1);
}

void skip_record(ImportStats &stats, const ImportLimits &limits, const std::string &what, const std::string &why) {
	++stats.skipped;
	add_warning(stats, limits, what + ": " + why + "; record skipped");
}

Result<std::vector<fs::path>> input_files(const fs::path &path, std::initializer_list<std::string_view> extensions) {
	std::error_code ec;
	const auto status = fs::status(path, ec);
	if (ec || !fs::exists(status)) {
		return make_error(ErrorCode::io, "cannot read " + path.string() + ": " + (ec ? ec.message() : "no such file"));
	}
	if (!fs::is_directory(status)) {
		return std::vector<fs::path> {path};
	}
	std::vector<fs::path> files;
	fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
	for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
		const auto &entry = *it;
		const std::string name = entry.path().filename().string();
		if (entry.is_directory(ec) && !entry.is_symlink(ec) && name.size() > 1 && name[0] == '.') {
			it.disable_recursion_pending();
		} else if (entry.is_regular_file(ec) && has_extension(entry.path(), extensions)) {
			files.push_back(entry.path());
		}
	}
	if (ec) {
		return make_error(ErrorCode::io, "cannot list " + path.string() + ": " + ec.message());
	}
	std::sort(files.begin(), files.end());
	return files;
}

fs::path records_root(const fs::path &path, std::initializer_list<std::string_view> subdirectories) {
	std::error_code ec;
	for (const auto subdirectory : subdirectories) {
		if (fs::is_directory(path / subdirectory, ec)) {
			return path / subdirectory;
		}
	}
	return path;
}

Status for_each_record_file(const fs::path &path, std::initializer_list<std::string_view> extensions,
                            const ImportLimits &limits, ImportStats &stats, const RecordFileReader &read) {
	auto files = input_files(path, extensions);
	if (!files.ok()) {
		return files.error();
	}
	std::error_code ec;
	for (const auto &file : *files) {
		const std::string what = file == path ? file.filename().string() : fs::relative(file, path, ec).string();
		auto bytes = read_input_file(file, limits.max_record_bytes);
		if (!bytes.ok()) {
			skip_record(stats, limits, what, bytes.error().message);
			continue;
		}
		BW_TRY(read(file, *bytes, what));
	}
	return {};
}

Status for_each_record_document(const fs::path &path, std::initializer_list<std::string_view> extensions,
                                const ImportLimits &limits, ImportStats &stats, const RecordDocumentReader &read) {
	simdjson::dom::parser parser;
	return for_each_record_file(path, extensions, limits, stats,
	                            [&](const fs::path &file, std::string_view bytes, const std::string &what) -> Status {
		                            const bool yaml = file.extension() == ".yaml" || file.extension() == ".yml";
		                            auto document = parse_record(parser, bytes, yaml, limits, what);
		                            if (!document.ok()) {
			                            skip_record(stats, limits, what, document.error().describe());
			                            return {};
		                            }
		                            return read(file, *document, what);
	                            });
}

Result<std::string> read_input_file(const fs::path &path, size_t max_bytes) {
	std::error_code ec;
	const auto size = fs::file_size(path, ec);
	if (ec) {
		return make_error(ErrorCode::io, "cannot read " + path.string() + ": " + ec.message());
	}
	if (size > max_bytes) {
		return make_error(ErrorCode::limit_exceeded, path.string() + ": " + std::to_string(size) +
		                                                 " bytes exceeds the limit of " + std::to_string(max_bytes));
	}
	std::ifstream in(path, std::ios::binary);
	std::string bytes(static_cast<size_t>(size), '\0');
	if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
		return make_error(ErrorCode::io, "cannot read " + path.string());
	}
	return bytes;
}

Result<simdjson::dom::element> parse_record(simdjson::dom::parser &parser, std::string_view bytes, bool yaml,
                                            const ImportLimits &limits, const std::string &what) {
	std::string json;
	if (yaml) {
		auto converted = yaml_to_json(bytes, YamlLimits {limits.max_record_bytes, limits.max_depth}, what);
		if (!converted.ok()) {
			return converted.error();
		}
		json = std::move(*converted);
	} else {
		json.assign(bytes);
	}
	auto root = parse_json(parser, json, JsonLimits {limits.max_record_bytes, limits.max_depth}, what);
	if (!root.ok()) {
		return root.error();
	}
	if (auto size = oversized_string(*root, limits.max_string_bytes)) {
		return make_error(ErrorCode::limit_exceeded, what + ": a string of " + std::to_string(*size) +
		                                                 " bytes exceeds the limit of " +
		                                                 std::to_string(limits.max_string_bytes));
	}
	return root;
}

std::string cvss_rating(double score, int cvss_major_version) {
	if (!(score >= 0.0 && score <= 10.0)) {
		return {};
	}
	if (cvss_major_version == 2) {
		return score < 4.0 ? "LOW" : score < 7.0 ? "MEDIUM" : "HIGH";
	}
	return score == 0.0 ? "NONE" : score < 4.0 ? "LOW" : score < 7.0 ? "MEDIUM" : score < 9.0 ? "HIGH" : "CRITICAL";
}

AffectedRange constraints_range(std::vector<std::string> affected, std::vector<std::string> unaffected) {
	return AffectedRange {"CONSTRAINTS", {}, std::move(affected), std::move(unaffected)};
}

std::optional<simdjson::dom::element> json_member_object(simdjson::dom::element element, std::string_view key) {
	simdjson::dom::element member;
	if (element[key].get(member) || !member.is_object()) {
		return std::nullopt;
	}
	return member;
}

std::vector<std::string> json_strings(std::optional<simdjson::dom::array> list) {
	std::vector<std::string> out;
	if (!list) {
		return out;
	}
	for (const auto item : *list) {
		std::string_view text;
		if (!item.get_string().get(text)) {
			out.emplace_back(text);
		}
	}
	return out;
}

} // namespace bulwark::vulndb
