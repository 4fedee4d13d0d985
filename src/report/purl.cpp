#include "report/purl.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string_view>
#include <tuple>
#include <vector>

namespace bulwark {

namespace {

bool is_ascii_alpha(char c) {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_ascii_digit(char c) {
	return c >= '0' && c <= '9';
}

// The spec's "allowed set" (alphanumerics and ".-_~") plus ':', which it forbids encoding.
bool stays_literal(char c) {
	return is_ascii_alpha(c) || is_ascii_digit(c) || c == '.' || c == '-' || c == '_' || c == '~' || c == ':';
}

// Qualifier values keep '/' literal too (the spec's test suite: "vcs_url=git://host.com/path").
std::string percent_encode(std::string_view text, bool keep_slash = false) {
	static constexpr char hex[] = "0123456789ABCDEF";
	std::string out;
	out.reserve(text.size());
	for (char c : text) {
		if (stays_literal(c) || (keep_slash && c == '/')) {
			out += c;
			continue;
		}
		const auto byte = static_cast<unsigned char>(c);
		out += '%';
		out += hex[byte >> 4];
		out += hex[byte & 0x0f];
	}
	return out;
}

std::string ascii_lower(std::string_view text) {
	std::string out(text);
	for (char &c : out) {
		if (c >= 'A' && c <= 'Z') {
			c = static_cast<char>(c - 'A' + 'a');
		}
	}
	return out;
}

// Type: ASCII letters, digits, '.', '+', '-'; starts with a letter.
bool valid_type(std::string_view type) {
	return !type.empty() && is_ascii_alpha(type.front()) && std::all_of(type.begin(), type.end(), [](char c) {
		return is_ascii_alpha(c) || is_ascii_digit(c) || c == '.' || c == '+' || c == '-';
	});
}

// Qualifier key: ASCII letters, digits, '.', '-', '_'; does not start with a digit.
bool valid_key(std::string_view key) {
	return !key.empty() && !is_ascii_digit(key.front()) && std::all_of(key.begin(), key.end(), [](char c) {
		return is_ascii_alpha(c) || is_ascii_digit(c) || c == '.' || c == '-' || c == '_';
	});
}

// Splits at the first `separator`; everything goes to `second` when it is absent.
std::pair<std::string, std::string> split_first(std::string_view text, char separator) {
	const auto at = text.find(separator);
	if (at == std::string_view::npos) {
		return {"", std::string(text)};
	}
	return {std::string(text.substr(0, at)), std::string(text.substr(at + 1))};
}

// Splits at the last `separator`; everything goes to `first` (or `second` when
// `absent_goes_second`) when it is absent.
std::pair<std::string_view, std::string_view> split_last(std::string_view text, char separator,
                                                         bool absent_goes_second = false) {
	const auto at = text.rfind(separator);
	if (at == std::string_view::npos) {
		return absent_goes_second ? std::pair {std::string_view(), text} : std::pair {text, std::string_view()};
	}
	return {text.substr(0, at), text.substr(at + 1)};
}

// The non-empty parts of `text` between `separator`s.
std::vector<std::string_view> nonempty_parts(std::string_view text, char separator) {
	std::vector<std::string_view> parts;
	while (!text.empty()) {
		const auto at = text.find(separator);
		if (at != 0) {
			parts.push_back(text.substr(0, at));
		}
		text = at == std::string_view::npos ? std::string_view() : text.substr(at + 1);
	}
	return parts;
}

int hex_value(char c) {
	if (is_ascii_digit(c)) {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

// nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text) {
	std::string out;
	out.reserve(text.size());
	for (size_t i = 0; i < text.size(); ++i) {
		if (text[i] != '%') {
			out += text[i];
			continue;
		}
		if (i + 2 >= text.size()) {
			return std::nullopt;
		}
		const int high = hex_value(text[i + 1]);
		const int low = hex_value(text[i + 2]);
		if (high < 0 || low < 0) {
			return std::nullopt;
		}
		out += static_cast<char>(high * 16 + low);
		i += 2;
	}
	return out;
}

// The type-specific normalisations the spec asks a parser to apply.
void normalise_parsed(PurlComponents &purl) {
	if (purl.type == "pypi") {
		purl.name = ascii_lower(purl.name);
		std::replace(purl.name.begin(), purl.name.end(), '_', '-');
	} else if (purl.type == "github" || purl.type == "bitbucket") {
		purl.namespace_ = ascii_lower(purl.namespace_);
		purl.name = ascii_lower(purl.name);
	}
}

// The purl namespace of an OS package is the distribution's vendor. openSUSE's
// flavours (opensuse-leap, opensuse-tumbleweed, ...) share one vendor.
std::string os_vendor(const OsInfo &os) {
	std::string family = ascii_lower(os.family);
	if (family.starts_with("opensuse")) {
		return "opensuse";
	}
	return family;
}

// Trivy's convention for deb and rpm: "<family>-<version_id>", e.g. "debian-12".
std::string family_distro(const OsInfo &os) {
	if (os.family.empty() || os.version_id.empty()) {
		return "";
	}
	return ascii_lower(os.family) + "-" + os.version_id;
}

// "[E:]V-R" -> the epoch prefix, if the text before the first ':' is all digits.
std::optional<uint32_t> leading_epoch(std::string_view version, size_t &rest) {
	const auto colon = version.find(':');
	if (colon == std::string_view::npos || colon == 0) {
		return std::nullopt;
	}
	uint32_t epoch = 0;
	const auto [end, ec] = std::from_chars(version.data(), version.data() + colon, epoch);
	if (ec != std::errc() || end != version.data() + colon) {
		return std::nullopt;
	}
	rest = colon + 1;
	return epoch;
}

void deb_rules(const Package &package, const OsInfo &os, PurlComponents &purl) {
	purl.namespace_ = os_vendor(os);
	purl.name = ascii_lower(package.name);
	// The epoch stays in the version exactly as dpkg prints it ("1:4.13+dfsg1-1").
	purl.qualifiers = {{"arch", package.arch}, {"distro", family_distro(os)}};
}

void rpm_rules(const Package &package, const OsInfo &os, PurlComponents &purl) {
	purl.namespace_ = os_vendor(os);
	// The rpm type puts version-release in the version and the epoch in a qualifier.
	size_t rest = 0;
	const auto prefix_epoch = leading_epoch(package.version, rest);
	purl.version = package.version.substr(rest);
	const auto epoch = package.epoch ? package.epoch : prefix_epoch;
	// Epoch 0 is the same as no epoch to rpm; leaving it out keeps one purl per package.
	const std::string epoch_text = epoch && *epoch != 0 ? std::to_string(*epoch) : "";
	purl.qualifiers = {{"arch", package.arch}, {"distro", family_distro(os)}, {"epoch", epoch_text}};
}

void apk_rules(const Package &package, const OsInfo &os, PurlComponents &purl) {
	purl.namespace_ = os_vendor(os);
	purl.name = ascii_lower(package.name);
	// Trivy's apk convention: the bare Alpine release ("3.19.1").
	purl.qualifiers = {{"arch", package.arch}, {"distro", os.version_id}};
}

// "@scope/name": the scope (with its '@') is the namespace; both lowercased.
void npm_rules(const Package &package, const OsInfo &, PurlComponents &purl) {
	if (package.name.starts_with('@')) {
		auto [scope, name] = split_first(package.name, '/');
		purl.namespace_ = ascii_lower(scope);
		purl.name = ascii_lower(name);
	} else {
		purl.name = ascii_lower(package.name);
	}
}

// PEP 503 normalisation: lowercase, runs of '-', '_', '.' become one '-'.
void pypi_rules(const Package &package, const OsInfo &, PurlComponents &purl) {
	std::string name;
	for (char c : ascii_lower(package.name)) {
		const bool separator = c == '-' || c == '_' || c == '.';
		if (!separator) {
			name += c;
		} else if (name.empty() || name.back() != '-') {
			name += '-';
		}
	}
	purl.name = name;
}

// "group:artifact" (how the jar analyzer names Maven packages).
void maven_rules(const Package &package, const OsInfo &, PurlComponents &purl) {
	auto [group, artifact] = split_first(package.name, ':');
	purl.namespace_ = group;
	purl.name = artifact;
}

// A Go module path: the last element is the name, the rest the namespace; the golang
// type asks for both lowercased.
void golang_rules(const Package &package, const OsInfo &, PurlComponents &purl) {
	const auto slash = package.name.rfind('/');
	if (slash == std::string::npos) {
		purl.name = ascii_lower(package.name);
		return;
	}
	purl.namespace_ = ascii_lower(package.name.substr(0, slash));
	purl.name = ascii_lower(package.name.substr(slash + 1));
}

// "vendor/name"; both lowercased.
void composer_rules(const Package &package, const OsInfo &, PurlComponents &purl) {
	auto [vendor, name] = split_first(package.name, '/');
	purl.namespace_ = ascii_lower(vendor);
	purl.name = ascii_lower(name);
}

struct TypeRules {
	std::string_view type;
	void (*apply)(const Package &, const OsInfo &, PurlComponents &);
};

// Types whose purl is more than "pkg:<type>/<name>@<version>". gem, cargo and nuget
// names are used as they are.
constexpr TypeRules type_rules[] = {
    {"deb", deb_rules},
    {"rpm", rpm_rules},
    {"apk", apk_rules},
    {"npm", npm_rules},
    {"pypi", pypi_rules},
    {"maven", maven_rules},
    {"golang", golang_rules},
    {"composer", composer_rules},
};

} // namespace

Result<std::string> format_purl(const PurlComponents &purl) {
	if (!valid_type(purl.type)) {
		return make_error(ErrorCode::invalid_argument, "purl type '" + purl.type + "' is not valid");
	}
	if (purl.name.empty()) {
		return make_error(ErrorCode::invalid_argument, "purl of type '" + purl.type + "' has no name");
	}
	std::string out = "pkg:" + ascii_lower(purl.type) + "/";
	for (const auto segment : nonempty_parts(purl.namespace_, '/')) {
		out += percent_encode(segment);
		out += '/';
	}
	out += percent_encode(purl.name);
	if (!purl.version.empty()) {
		out += '@';
		out += percent_encode(purl.version);
	}

	// The spec sorts the "key=value" strings themselves (so "a.b=" comes before "a=").
	std::vector<std::string> keys;
	std::vector<std::string> qualifiers;
	for (const auto &[key, value] : purl.qualifiers) {
		if (!valid_key(key)) {
			return make_error(ErrorCode::invalid_argument, "purl qualifier key '" + key + "' is not valid");
		}
		keys.push_back(ascii_lower(key));
		if (!value.empty()) {
			qualifiers.push_back(keys.back() + "=" + percent_encode(value, true));
		}
	}
	std::sort(keys.begin(), keys.end());
	if (const auto repeated = std::adjacent_find(keys.begin(), keys.end()); repeated != keys.end()) {
		return make_error(ErrorCode::invalid_argument, "purl qualifier '" + *repeated + "' repeats");
	}
	std::sort(qualifiers.begin(), qualifiers.end());
	for (size_t i = 0; i < qualifiers.size(); ++i) {
		out += i == 0 ? '?' : '&';
		out += qualifiers[i];
	}
	char separator = '#';
	for (const auto segment : nonempty_parts(purl.subpath, '/')) {
		if (segment != "." && segment != "..") {
			out += separator;
			out += percent_encode(segment);
			separator = '/';
		}
	}
	return out;
}

Result<PurlComponents> parse_purl(std::string_view text) {
	auto invalid = [&](const std::string &why) {
		return make_error(ErrorCode::invalid_argument, "purl '" + std::string(text) + "': " + why);
	};
	PurlComponents purl;

	auto [rest, subpath] = split_last(text, '#');
	for (const auto segment : nonempty_parts(subpath, '/')) {
		auto decoded = percent_decode(segment);
		if (!decoded || decoded->find('/') != std::string::npos) {
			return invalid("subpath segment '" + std::string(segment) + "' is not validly percent-encoded");
		}
		if (*decoded != "." && *decoded != "..") {
			purl.subpath += purl.subpath.empty() ? "" : "/";
			purl.subpath += *decoded;
		}
	}

	std::string_view qualifiers;
	std::tie(rest, qualifiers) = split_last(rest, '?');
	for (const auto pair : nonempty_parts(qualifiers, '&')) {
		const auto equals = pair.find('=');
		if (equals == std::string_view::npos) {
			return invalid("qualifier '" + std::string(pair) + "' has no '='");
		}
		std::string key = ascii_lower(pair.substr(0, equals));
		if (!valid_key(key)) {
			return invalid("qualifier key '" + key + "' is not valid");
		}
		auto value = percent_decode(pair.substr(equals + 1));
		if (!value) {
			return invalid("qualifier '" + key + "' is not validly percent-encoded");
		}
		if (!value->empty()) {
			purl.qualifiers.emplace_back(std::move(key), std::move(*value));
		}
	}
	std::sort(purl.qualifiers.begin(), purl.qualifiers.end());
	const auto repeated = std::adjacent_find(purl.qualifiers.begin(), purl.qualifiers.end(),
	                                         [](const auto &a, const auto &b) { return a.first == b.first; });
	if (repeated != purl.qualifiers.end()) {
		return invalid("qualifier '" + repeated->first + "' repeats");
	}

	const auto colon = rest.find(':');
	if (colon == std::string_view::npos || ascii_lower(rest.substr(0, colon)) != "pkg") {
		return invalid("does not start with 'pkg:'");
	}
	rest.remove_prefix(colon + 1);
	rest.remove_prefix(std::min(rest.find_first_not_of('/'), rest.size()));
	const auto type_end = rest.find('/');
	if (type_end == std::string_view::npos) {
		return invalid("has no type");
	}
	purl.type = ascii_lower(rest.substr(0, type_end));
	if (!valid_type(purl.type)) {
		return invalid("type '" + purl.type + "' is not valid");
	}
	rest.remove_prefix(type_end + 1);

	// An '@' before the last '/' is an unencoded npm scope, not the version separator.
	const auto at = rest.rfind('@');
	const auto last_slash = rest.rfind('/');
	if (at != std::string_view::npos && (last_slash == std::string_view::npos || at > last_slash)) {
		auto version = percent_decode(rest.substr(at + 1));
		if (!version) {
			return invalid("version is not validly percent-encoded");
		}
		purl.version = std::move(*version);
		rest = rest.substr(0, at);
	}

	rest = rest.substr(0, rest.find_last_not_of('/') + 1);
	auto [namespace_text, name_text] = split_last(rest, '/', true);
	auto name = percent_decode(name_text);
	if (!name) {
		return invalid("name is not validly percent-encoded");
	}
	if (name->empty()) {
		return invalid("has no name");
	}
	purl.name = std::move(*name);
	for (const auto segment : nonempty_parts(namespace_text, '/')) {
		auto decoded = percent_decode(segment);
		if (!decoded || decoded->empty() || decoded->find('/') != std::string::npos) {
			return invalid("namespace segment '" + std::string(segment) + "' is not validly percent-encoded");
		}
		purl.namespace_ += purl.namespace_.empty() ? "" : "/";
		purl.namespace_ += *decoded;
	}
	normalise_parsed(purl);
	return purl;
}

std::string_view purl_qualifier(const PurlComponents &purl, std::string_view key) {
	for (const auto &[name, value] : purl.qualifiers) {
		if (name == key) {
			return value;
		}
	}
	return {};
}

std::string make_purl(const Package &package, const OsInfo &os) {
	PurlComponents purl;
	purl.type = ascii_lower(package.type);
	purl.name = package.name;
	purl.version = package.version;
	for (const auto &rules : type_rules) {
		if (rules.type == purl.type) {
			rules.apply(package, os, purl);
			break;
		}
	}
	auto formatted = format_purl(purl);
	return formatted.ok() ? std::move(formatted).value() : std::string();
}

} // namespace bulwark
