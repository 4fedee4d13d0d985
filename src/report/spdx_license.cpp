#include "report/spdx_license.h"

#include <algorithm>
#include <vector>

namespace bulwark {

namespace {

char fold(char c) {
	return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool less_folded(std::string_view a, std::string_view b) {
	return std::lexicographical_compare(
	    a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) { return fold(x) < fold(y); });
}

bool is_idstring(std::string_view text) {
	return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
	});
}

// "LicenseRef-<idstring>" or "DocumentRef-<idstring>:LicenseRef-<idstring>".
bool is_license_ref(std::string_view text) {
	constexpr std::string_view document_ref = "DocumentRef-";
	constexpr std::string_view license_ref = "LicenseRef-";
	if (text.starts_with(document_ref)) {
		const auto colon = text.find(':');
		if (colon == std::string_view::npos || !is_idstring(text.substr(document_ref.size(), colon - document_ref.size()))) {
			return false;
		}
		text.remove_prefix(colon + 1);
	}
	return text.starts_with(license_ref) && is_idstring(text.substr(license_ref.size()));
}

// Recursive descent over the Annex D grammar; precedence WITH > AND > OR.
class ExpressionParser {
public:
	explicit ExpressionParser(std::string_view text) {
		size_t i = 0;
		while (i < text.size()) {
			const char c = text[i];
			if (c == ' ' || c == '\t') {
				++i;
			} else if (c == '(' || c == ')') {
				tokens_.emplace_back(text.substr(i, 1));
				++i;
			} else {
				const auto end = text.find_first_of(" \t()", i);
				tokens_.push_back(text.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i));
				i = end == std::string_view::npos ? text.size() : end;
			}
		}
	}

	std::optional<std::string> parse() {
		auto expression = parse_or();
		if (!expression || next_ != tokens_.size()) {
			return std::nullopt;
		}
		return expression;
	}

private:
	bool accept(std::string_view token) {
		if (next_ < tokens_.size() && tokens_[next_] == token) {
			++next_;
			return true;
		}
		return false;
	}

	std::optional<std::string> parse_binary(std::string_view op, std::optional<std::string> (ExpressionParser::*operand)()) {
		auto left = (this->*operand)();
		while (left && accept(op)) {
			auto right = (this->*operand)();
			if (!right) {
				return std::nullopt;
			}
			*left += " " + std::string(op) + " " + *right;
		}
		return left;
	}

	std::optional<std::string> parse_or() {
		return parse_binary("OR", &ExpressionParser::parse_and);
	}

	std::optional<std::string> parse_and() {
		return parse_binary("AND", &ExpressionParser::parse_with);
	}

	std::optional<std::string> parse_with() {
		auto simple = parse_primary();
		if (simple && accept("WITH")) {
			const auto exception = next_ < tokens_.size() ? spdx_license_id(tokens_[next_]) : std::nullopt;
			if (!exception) {
				return std::nullopt;
			}
			++next_;
			*simple += " WITH " + std::string(*exception);
		}
		return simple;
	}

	std::optional<std::string> parse_primary() {
		if (accept("(")) {
			auto inner = parse_or();
			if (!inner || !accept(")")) {
				return std::nullopt;
			}
			return "(" + *inner + ")";
		}
		if (next_ >= tokens_.size()) {
			return std::nullopt;
		}
		std::string_view token = tokens_[next_++];
		if (is_license_ref(token)) {
			return std::string(token);
		}
		const bool or_later = token.ends_with('+');
		if (or_later) {
			token.remove_suffix(1);
		}
		const auto id = spdx_license_id(token);
		if (!id) {
			return std::nullopt;
		}
		return std::string(*id) + (or_later ? "+" : "");
	}

	std::vector<std::string_view> tokens_;
	size_t next_ = 0;
};

} // namespace

std::optional<std::string_view> spdx_license_id(std::string_view text) {
	const auto list = spdx_license_list();
	const auto found = std::lower_bound(list.begin(), list.end(), text, less_folded);
	if (found == list.end() || less_folded(text, *found)) {
		return std::nullopt;
	}
	return *found;
}

std::optional<std::string> spdx_license_expression(std::string_view text) {
	return ExpressionParser(text).parse();
}

} // namespace bulwark
