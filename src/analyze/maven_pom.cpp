// Maven: the dependencies a project declares in its `pom.xml`, found in a source tree or an
// image, marked declared; names are "groupId:artifactId" as for jars.
//
// Only what the file itself says is used — no parent POM, no imported BOM, no repository,
// no network: `${name}` is resolved from the file's <properties> and from
// project.version / project.groupId / project.artifactId (falling back to the <parent>'s
// groupId and version written in the same file, as Maven does), and a dependency without a
// version takes the one the file's own <dependencyManagement> gives it. A dependency whose
// version is still unknown after that (it comes from a parent, or names an undefined
// property) is skipped and counted in one warning per file. Scope "test" marks a package
// dev. The project's own artifact is not listed, and neither are <profiles>' or plugins'
// dependencies.
//
// The XML is read by a small tokenizer for the subset POMs use (elements, attributes, text,
// comments, CDATA, the five predefined entities and character references); it keeps an
// explicit element stack with a depth limit, so it never recurses. A DOCTYPE is refused
// outright: no DTD, no entity definitions, no external anything.
#include <map>

#include "analyze/control_file.h"
#include "analyze/manifest_files.h"
#include "util/result.h"

namespace bulwark {

namespace {

constexpr size_t kMaxFileBytes = 8U << 20; // real POMs are well under 1 MiB
constexpr size_t kMaxDepth = 64;           // POM elements nest 5 or 6 deep
constexpr size_t kMaxExpansionRounds = 32;
constexpr size_t kMaxValueBytes = 4096; // a resolved value; stops ${a}${a} doubling bombs

bool is_pom(std::string_view path) {
	constexpr std::string_view kFileName = "pom.xml";
	return path == kFileName || (path.ends_with(kFileName) && path[path.size() - kFileName.size() - 1] == '/');
}

void append_utf8(std::string &out, uint32_t code) {
	if (code < 0x80) {
		out += static_cast<char>(code);
	} else if (code < 0x800) {
		out += static_cast<char>(0xC0 | (code >> 6));
		out += static_cast<char>(0x80 | (code & 0x3F));
	} else if (code < 0x10000) {
		out += static_cast<char>(0xE0 | (code >> 12));
		out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
		out += static_cast<char>(0x80 | (code & 0x3F));
	} else {
		out += static_cast<char>(0xF0 | (code >> 18));
		out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
		out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
		out += static_cast<char>(0x80 | (code & 0x3F));
	}
}

// "lt" -> '<', "#60" -> '<', "#x3C" -> '<'; false for anything else (left as written).
bool decode_entity(std::string_view name, std::string &out) {
	static const std::map<std::string_view, char> predefined {
	    {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
	if (auto it = predefined.find(name); it != predefined.end()) {
		out += it->second;
		return true;
	}
	if (name.size() < 2 || name[0] != '#') {
		return false;
	}
	const bool hex = name[1] == 'x';
	const std::string_view digits = name.substr(hex ? 2 : 1);
	uint32_t code = 0;
	for (char c : digits) {
		const int digit = c >= '0' && c <= '9' ? c - '0'
		                  : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
		                  : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
		                                                : -1;
		if (digit < 0 || code > 0x10FFFF) {
			return false;
		}
		code = code * (hex ? 16 : 10) + static_cast<uint32_t>(digit);
	}
	if (digits.empty() || code == 0 || code > 0x10FFFF) {
		return false;
	}
	append_utf8(out, code);
	return true;
}

void append_text(std::string_view raw, std::string &out) {
	for (size_t i = 0; i < raw.size(); ++i) {
		if (raw[i] == '&') {
			const auto semi = raw.find(';', i);
			if (semi != std::string_view::npos && semi - i <= 10 && decode_entity(raw.substr(i + 1, semi - i - 1), out)) {
				i = semi;
				continue;
			}
		}
		out += raw[i];
	}
}

std::string_view local_name(std::string_view name) {
	const auto colon = name.find(':');
	return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Calls on_end("project/dependencies/dependency/version", text) as each element closes,
// with the element's own text (surrounding blanks trimmed).
template <class OnEnd>
Result<bool> walk_xml(std::string_view xml, OnEnd &&on_end) {
	std::vector<std::string> stack;
	std::string path;
	std::string text;
	auto fail = [](std::string what, size_t pos) {
		return make_error(ErrorCode::corrupt, what + " at byte " + std::to_string(pos));
	};
	size_t pos = 0;
	while (pos < xml.size()) {
		const auto open = xml.find('<', pos);
		append_text(xml.substr(pos, open == std::string_view::npos ? std::string_view::npos : open - pos), text);
		if (open == std::string_view::npos) {
			break;
		}
		const std::string_view rest = xml.substr(open);
		if (rest.starts_with("<!--") || rest.starts_with("<?")) {
			const std::string_view close = rest[1] == '!' ? "-->" : "?>";
			const auto end = xml.find(close, open + 2);
			if (end == std::string_view::npos) {
				return fail("unterminated comment or processing instruction", open);
			}
			pos = end + close.size();
			continue;
		}
		if (rest.starts_with("<![CDATA[")) {
			const auto end = xml.find("]]>", open);
			if (end == std::string_view::npos) {
				return fail("unterminated CDATA section", open);
			}
			text.append(xml.substr(open + 9, end - open - 9));
			pos = end + 3;
			continue;
		}
		if (rest.starts_with("<!")) {
			return fail("a DOCTYPE or declaration (DTDs are never read)", open);
		}
		// A tag: find its '>' outside quoted attribute values.
		size_t end = open + 1;
		char quote = 0;
		while (end < xml.size() && (quote != 0 || xml[end] != '>')) {
			if (quote != 0 && xml[end] == quote) {
				quote = 0;
			} else if (quote == 0 && (xml[end] == '"' || xml[end] == '\'')) {
				quote = xml[end];
			}
			++end;
		}
		if (end == xml.size()) {
			return fail("unterminated tag", open);
		}
		std::string_view tag = xml.substr(open + 1, end - open - 1);
		pos = end + 1;
		const bool closing = tag.starts_with('/');
		const bool empty = !closing && tag.ends_with('/');
		const auto name_end = tag.find_first_of(" \t\r\n/", closing ? 1 : 0);
		const std::string_view name = local_name(tag.substr(closing ? 1 : 0, name_end - (closing ? 1 : 0)));
		if (name.empty()) {
			return fail("a tag without a name", open);
		}
		if (closing) {
			if (stack.empty() || stack.back() != name) {
				return fail("</" + std::string(name) + "> does not close the open element", open);
			}
		} else {
			if (stack.size() == kMaxDepth) {
				return fail("elements nested deeper than " + std::to_string(kMaxDepth), open);
			}
			stack.emplace_back(name);
			path += (path.empty() ? "" : "/") + std::string(name);
			text.clear();
		}
		if (closing || empty) {
			on_end(std::string_view(path), trim_blanks(text));
			path.resize(path.size() - stack.back().size() - (stack.size() > 1 ? 1 : 0));
			stack.pop_back();
			text.clear();
		}
	}
	if (!stack.empty()) {
		return fail("<" + stack.back() + "> is never closed", xml.size());
	}
	return true;
}

struct Dependency {
	std::string group;
	std::string artifact;
	std::string version;
	std::string scope;
};

// What one POM says, before ${...} is resolved.
struct PomFile {
	std::map<std::string, std::string, std::less<>> values; // properties and project.* keys
	std::vector<Dependency> dependencies;
	std::vector<Dependency> managed;
	Dependency current;
};

// Routes one closing element of the POM into `pom`.
void collect(PomFile &pom, std::string_view path, std::string_view text) {
	constexpr std::string_view kProperties = "project/properties/";
	constexpr std::string_view kDependency = "project/dependencies/dependency";
	constexpr std::string_view kManaged = "project/dependencyManagement/dependencies/dependency";
	if (path.starts_with(kProperties) && path.find('/', kProperties.size()) == std::string_view::npos) {
		pom.values[std::string(path.substr(kProperties.size()))] = std::string(text);
		return;
	}
	static const std::map<std::string_view, std::string_view> project_keys {
	    {"project/groupId", "project.groupId"},        {"project/artifactId", "project.artifactId"},
	    {"project/version", "project.version"},        {"project/parent/groupId", "project.parent.groupId"},
	    {"project/parent/version", "project.parent.version"}};
	if (auto it = project_keys.find(path); it != project_keys.end()) {
		pom.values[std::string(it->second)] = std::string(text);
		return;
	}
	for (auto [prefix, list] : {std::pair {kDependency, &pom.dependencies}, std::pair {kManaged, &pom.managed}}) {
		if (path == prefix) {
			list->push_back(std::move(pom.current));
			pom.current = {};
			return;
		}
		if (path.size() > prefix.size() && path.starts_with(prefix) && path[prefix.size()] == '/') {
			const std::string_view field = path.substr(prefix.size() + 1);
			std::string *target = field == "groupId"      ? &pom.current.group
			                      : field == "artifactId" ? &pom.current.artifact
			                      : field == "version"    ? &pom.current.version
			                      : field == "scope"      ? &pom.current.scope
			                                              : nullptr;
			if (target != nullptr) {
				*target = std::string(text);
			}
			return;
		}
	}
}

// The value of a ${key}: a property, else a project.* / pom.* built-in, with Maven's
// fallback from the project's groupId and version to its parent's.
const std::string *lookup(const PomFile &pom, std::string_view key) {
	if (auto it = pom.values.find(key); it != pom.values.end()) {
		return &it->second;
	}
	std::string_view field = key;
	for (std::string_view prefix : {"project.", "pom."}) {
		if (field.starts_with(prefix)) {
			field.remove_prefix(prefix.size());
			break;
		}
	}
	if (field == "groupId" || field == "version" || field == "artifactId") {
		if (auto it = pom.values.find("project." + std::string(field)); it != pom.values.end()) {
			return &it->second;
		}
		if (auto it = pom.values.find("project.parent." + std::string(field)); it != pom.values.end()) {
			return &it->second;
		}
	}
	return nullptr;
}

// `value` with every ${key} replaced; nullopt when a key is unknown or the expansion does
// not settle within the limits.
std::optional<std::string> resolve(const PomFile &pom, std::string value) {
	for (size_t round = 0; round < kMaxExpansionRounds; ++round) {
		const auto start = value.find("${");
		if (start == std::string::npos) {
			return value;
		}
		const auto end = value.find('}', start);
		if (end == std::string::npos) {
			return std::nullopt;
		}
		const std::string *replacement = lookup(pom, std::string_view(value).substr(start + 2, end - start - 2));
		if (replacement == nullptr || value.size() - (end + 1 - start) + replacement->size() > kMaxValueBytes) {
			return std::nullopt;
		}
		value.replace(start, end + 1 - start, *replacement);
	}
	return std::nullopt;
}

std::vector<Package> parse_pom(const std::string &content, const std::string &source, std::vector<Warning> &out) {
	if (!within_size_limit(content, kMaxFileBytes, source, out)) {
		return {};
	}
	PomFile pom;
	auto walked = walk_xml(content, [&pom](std::string_view path, std::string_view text) { collect(pom, path, text); });
	if (!walked) {
		out.push_back({WarningKind::bad_record, source + ": " + walked.error().describe() + "; skipped"});
		return {};
	}
	// group:artifact -> the managed dependency that sets its version and default scope.
	std::map<std::string, const Dependency *> managed;
	for (const auto &dep : pom.managed) {
		auto group = resolve(pom, dep.group);
		auto artifact = resolve(pom, dep.artifact);
		if (group && artifact) {
			managed.emplace(*group + ":" + *artifact, &dep);
		}
	}
	std::vector<Package> found;
	SkippedRecords skipped;
	for (const auto &dep : pom.dependencies) {
		auto group = resolve(pom, dep.group);
		auto artifact = resolve(pom, dep.artifact);
		if (!group || !artifact || group->empty() || artifact->empty()) {
			skipped.skip("dependency '" + dep.group + ":" + dep.artifact + "': groupId or artifactId unresolved");
			continue;
		}
		const std::string name = *group + ":" + *artifact;
		const auto rule = managed.find(name);
		const Dependency *manager = rule == managed.end() ? nullptr : rule->second;
		const std::string &written = dep.version.empty() && manager != nullptr ? manager->version : dep.version;
		auto version = resolve(pom, written);
		if (!version || version->empty()) {
			skipped.skip("dependency '" + name + "': version '" + written + "' not resolvable in this file");
			continue;
		}
		const std::string &scope = dep.scope.empty() && manager != nullptr ? manager->scope : dep.scope;
		Package pkg;
		pkg.name = name;
		pkg.version = std::move(*version);
		pkg.dev = resolve(pom, scope) == std::optional<std::string>("test");
		pkg.declared = true;
		found.push_back(std::move(pkg));
	}
	skipped.report(source, out);
	return found;
}

class MavenPomAnalyzer : public Analyzer {
public:
	std::string_view name() const override {
		return "maven-pom";
	}

	bool wants(std::string_view path) const override {
		return is_pom(path);
	}

	void analyze(const FileView &view, AnalysisResult &out) const override {
		analyze_manifest_files(view, is_pom, "maven", parse_pom, out);
	}
};

} // namespace

std::unique_ptr<Analyzer> make_maven_pom_analyzer() {
	return std::make_unique<MavenPomAnalyzer>();
}

} // namespace bulwark
