// The text of src/secret/rules.yaml, compiled in by cmake/EmbedText.cmake (the definition is
// generated in the build tree).
#pragma once

#include <string_view>

namespace bulwark::embedded {

std::string_view secret_rules_yaml();

} // namespace bulwark::embedded
