#include "scan/secret_scan.h"

#include <algorithm>
#include <tuple>

namespace bulwark {

namespace {

class SecretSink : public ContentSink {
public:
	explicit SecretSink(const secret::SecretScanner &scanner) : scan_(scanner) {
	}
	bool begin(std::string_view path, uint64_t size) override {
		return scan_.begin(path, size);
	}
	void feed(std::string_view bytes) override {
		scan_.feed(bytes);
	}
	void end(std::vector<SecretFinding> &found, std::vector<Warning> &warnings) override {
		scan_.finish(found, warnings);
	}

private:
	secret::FileScan scan_;
};

// Findings of one config value; `line` says which entry it was, when the value is one of many.
void add_findings(secret::FileScan &scan, const std::string &path, std::string_view text, size_t line,
                  std::vector<SecretFinding> &out) {
	for (auto &f : scan.scan_text(path, text)) {
		if (line) {
			f.line = line;
		}
		out.push_back(std::move(f));
	}
}

std::string joined_strings(simdjson::dom::array array) {
	std::string out;
	for (simdjson::dom::element item : array) {
		std::string_view text;
		if (!item.get_string().get(text)) {
			out += out.empty() ? "" : " ";
			out += text;
		}
	}
	return out;
}

} // namespace

std::unique_ptr<ContentSink> make_secret_sink(const secret::SecretScanner &scanner) {
	return std::make_unique<SecretSink>(scanner);
}

void scan_image_config(const secret::SecretScanner &scanner, const std::string &config_json, const JsonLimits &limits,
                       ScanReport &report) {
	secret::FileScan scan(scanner);
	for (auto &layer : report.layers) {
		layer.created_by = scan.redact(layer.created_by);
	}
	simdjson::dom::parser parser;
	auto root = parse_json(parser, config_json, limits, "image config");
	if (!root.ok()) {
		report.warnings.push_back({WarningKind::other, root.error().message + "; the image config was not scanned for secrets"});
		return;
	}
	simdjson::dom::element element;
	if (!(*root)["config"].get(element)) {
		if (auto env = json_array(element, "Env")) {
			size_t index = 0;
			for (simdjson::dom::element item : *env) {
				std::string_view text;
				++index;
				if (!item.get_string().get(text)) {
					add_findings(scan, "config:Env", text, index, report.secrets);
				}
			}
		}
		if (auto cmd = json_array(element, "Cmd")) {
			add_findings(scan, "config:Cmd", joined_strings(*cmd), 0, report.secrets);
		}
		if (auto entrypoint = json_array(element, "Entrypoint")) {
			add_findings(scan, "config:Entrypoint", joined_strings(*entrypoint), 0, report.secrets);
		}
		if (auto labels = json_object(element, "Labels")) {
			size_t index = 0;
			for (auto [key, value] : *labels) {
				std::string_view text;
				++index;
				if (!value.get_string().get(text)) {
					add_findings(scan, "config:Labels", std::string(key) + "=" + std::string(text), index, report.secrets);
				}
			}
		}
	}
	if (auto history = json_array(*root, "history")) {
		size_t index = 0;
		for (simdjson::dom::element item : *history) {
			if (auto created_by = json_string(item, "created_by")) {
				add_findings(scan, "history:" + std::to_string(index), *created_by, 0, report.secrets);
			}
			++index;
		}
	}
}

void mark_removed_secrets(const FileView &view, std::vector<SecretFinding> &secrets) {
	for (auto &finding : secrets) {
		if (!finding.layer) {
			continue;
		}
		for (const FileEntry *version : view.history(finding.path)) {
			if (version->layer == *finding.layer) {
				finding.removed_in = version->removed_in;
				break;
			}
		}
	}
}

void sort_secrets(std::vector<SecretFinding> &secrets) {
	std::sort(secrets.begin(), secrets.end(), [](const SecretFinding &a, const SecretFinding &b) {
		return std::tie(a.path, a.layer, a.line, a.column, a.rule_id) <
		       std::tie(b.path, b.layer, b.line, b.column, b.rule_id);
	});
}

} // namespace bulwark
