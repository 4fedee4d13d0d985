# Every dependency comes from Debian 12's -dev packages (scripts/setup.sh installs them).
# Versions in Debian 12: libarchive 3.6.2, isa-l 2.30, zstd 1.5.4, OpenSSL 3.0, simdjson 3.0.1,
# nlohmann-json 3.11.2, CLI11 2.1.2, fmt 9.1, SQLite 3.40.1, GoogleTest 1.12, benchmark 1.7,
# yaml-cpp 0.7, Hyperscan 5.4, libcurl 7.88, RE2 2022-06-01 (secret rules: exact re-match and
# capture of what Hyperscan's multi-pattern pass found, in linear time).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(fmt REQUIRED)
pkg_check_modules(LIBARCHIVE REQUIRED IMPORTED_TARGET libarchive)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(ISAL REQUIRED IMPORTED_TARGET libisal)
pkg_check_modules(SIMDJSON REQUIRED IMPORTED_TARGET simdjson)
pkg_check_modules(YAMLCPP REQUIRED IMPORTED_TARGET yaml-cpp)
pkg_check_modules(HYPERSCAN REQUIRED IMPORTED_TARGET libhs)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)

add_library(bulwark_deps INTERFACE)
add_library(bulwark::deps ALIAS bulwark_deps)
target_link_libraries(bulwark_deps INTERFACE
  PkgConfig::LIBARCHIVE PkgConfig::ZSTD PkgConfig::ISAL PkgConfig::SIMDJSON
  PkgConfig::YAMLCPP PkgConfig::HYPERSCAN PkgConfig::CURL PkgConfig::RE2
  OpenSSL::Crypto SQLite::SQLite3 nlohmann_json::nlohmann_json CLI11::CLI11 fmt::fmt Threads::Threads)
