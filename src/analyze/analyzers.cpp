// The registry: one line per analyzer. Adding an analyzer is adding its file in
// src/analyze/ and one line here (declaration + push_back).
#include "analyze/analyzer.h"

namespace bulwark {

// Each analyzer file defines its factory; declared here to keep per-analyzer headers away.
std::unique_ptr<Analyzer> make_os_release_analyzer();
std::unique_ptr<Analyzer> make_dpkg_analyzer();
std::unique_ptr<Analyzer> make_apk_analyzer();
std::unique_ptr<Analyzer> make_rpm_analyzer();
std::unique_ptr<Analyzer> make_java_archive_analyzer();
std::unique_ptr<Analyzer> make_python_packages_analyzer();
std::unique_ptr<Analyzer> make_ruby_gemspec_analyzer();
std::unique_ptr<Analyzer> make_composer_installed_analyzer();
std::unique_ptr<Analyzer> make_dotnet_deps_analyzer();
std::unique_ptr<Analyzer> make_go_binary_analyzer();
std::unique_ptr<Analyzer> make_rust_binary_analyzer();
std::unique_ptr<Analyzer> make_cargo_lock_analyzer();
std::unique_ptr<Analyzer> make_npm_installed_analyzer();
std::unique_ptr<Analyzer> make_npm_lockfile_analyzer();
std::unique_ptr<Analyzer> make_python_lockfiles_analyzer();
std::unique_ptr<Analyzer> make_gemfile_lock_analyzer();
std::unique_ptr<Analyzer> make_composer_lock_analyzer();
std::unique_ptr<Analyzer> make_go_mod_analyzer();
std::unique_ptr<Analyzer> make_maven_pom_analyzer();
std::unique_ptr<Analyzer> make_nuget_lock_analyzer();

std::vector<std::unique_ptr<Analyzer>> make_analyzers() {
	std::vector<std::unique_ptr<Analyzer>> analyzers;
	analyzers.push_back(make_os_release_analyzer());
	analyzers.push_back(make_dpkg_analyzer());
	analyzers.push_back(make_apk_analyzer());
	analyzers.push_back(make_rpm_analyzer());
	analyzers.push_back(make_java_archive_analyzer());
	analyzers.push_back(make_python_packages_analyzer());
	analyzers.push_back(make_ruby_gemspec_analyzer());
	analyzers.push_back(make_composer_installed_analyzer());
	analyzers.push_back(make_dotnet_deps_analyzer());
	analyzers.push_back(make_go_binary_analyzer());
	analyzers.push_back(make_rust_binary_analyzer());
	analyzers.push_back(make_cargo_lock_analyzer());
	analyzers.push_back(make_npm_installed_analyzer());
	analyzers.push_back(make_npm_lockfile_analyzer());
	analyzers.push_back(make_python_lockfiles_analyzer());
	analyzers.push_back(make_gemfile_lock_analyzer());
	analyzers.push_back(make_composer_lock_analyzer());
	analyzers.push_back(make_go_mod_analyzer());
	analyzers.push_back(make_maven_pom_analyzer());
	analyzers.push_back(make_nuget_lock_analyzer());
	return analyzers;
}

} // namespace bulwark
