// The ELF reader against binutils' readelf on a real executable (64-bit little endian) and
// on objects objcopy writes as 32- and 64-bit big endian: the same section names, offsets
// and sizes; and bounds on damaged headers.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "analyze/elf.h"
#include "support/oracle_command.h"
#include "support/test_support.h"

namespace bulwark {

namespace {

namespace fs = std::filesystem;
using testing::shell_quote;

// "name offset size" per section with a name, as readelf -SW prints them (hex).
std::vector<std::string> readelf_sections(const fs::path &file) {
	return testing::sorted_lines(testing::command_output(
	    "readelf -SW " + shell_quote(file.string()) +
	    " | sed -n 's/^ *\\[ *[0-9]*\\] \\([^ ]\\+\\) \\+[A-Z_0-9]\\+ \\+[0-9a-f]\\+ \\([0-9a-f]\\+\\) \\([0-9a-f]\\+\\) .*/\\1 \\2 \\3/p'"));
}

std::vector<std::string> our_sections(const ElfFile &elf) {
	std::ostringstream out;
	out << std::hex;
	for (const auto &section : elf.sections()) {
		if (!section.name.empty()) {
			out << section.name << ' ' << section.offset << ' ' << section.size << '\n';
		}
	}
	// readelf pads with zeros; compare numerically by re-reading its fields.
	return testing::sorted_lines(out.str());
}

std::vector<std::string> without_zero_padding(std::vector<std::string> rows) {
	for (auto &row : rows) {
		std::istringstream in(row);
		std::string name, offset, size;
		in >> name >> offset >> size;
		std::ostringstream out;
		out << std::hex << name << ' ' << std::stoull(offset, nullptr, 16) << ' ' << std::stoull(size, nullptr, 16);
		row = out.str();
	}
	std::sort(rows.begin(), rows.end());
	return rows;
}

TEST(Elf, SectionsMatchReadelf) {
	if (!testing::tool_available("readelf") || !testing::tool_available("objcopy")) {
		GTEST_SKIP() << "binutils missing";
	}
	testing::TempDir dir;
	testing::write_file(dir.path() / "blob", "some bytes");
	std::vector<std::pair<fs::path, bool>> files {{"/bin/true", false}};
	for (const char *target : {"elf32-big", "elf64-big", "elf32-little"}) {
		const fs::path object = dir.path() / (std::string(target) + ".o");
		testing::command_output("cd " + shell_quote(dir.path().string()) + " && objcopy -I binary -O " + target +
		                        " blob " + shell_quote(object.string()));
		files.emplace_back(object, std::string(target).ends_with("big"));
	}
	for (const auto &[file, big_endian] : files) {
		const std::string content = testing::read_file(file);
		auto elf = ElfFile::parse(content);
		ASSERT_TRUE(elf.ok()) << file;
		EXPECT_EQ(elf->big_endian(), big_endian) << file;
		auto expected = without_zero_padding(readelf_sections(file));
		ASSERT_FALSE(expected.empty()) << file;
		EXPECT_EQ(without_zero_padding(our_sections(*elf)), expected) << file;
	}
	const std::string big = testing::read_file(dir.path() / "elf32-big.o"); // ElfFile views these bytes
	auto data = ElfFile::parse(big);
	ASSERT_TRUE(data.ok());
	EXPECT_EQ(data->section_bytes(*data->find_section(".data")), "some bytes");
}

TEST(Elf, DamagedHeadersAreErrorsNotReads) {
	const std::string content = testing::read_file("/bin/true");
	ASSERT_TRUE(ElfFile::has_magic(content));
	for (size_t size : {size_t {4}, size_t {20}, size_t {63}, content.size() - 1}) {
		EXPECT_FALSE(ElfFile::parse(std::string_view(content).substr(0, size)).ok()) << size;
	}
	EXPECT_EQ(ElfFile::parse("MZ not elf").error().code, ErrorCode::unsupported);
	// Addresses no segment maps, integers past the buffer.
	auto elf = ElfFile::parse(content);
	ASSERT_TRUE(elf.ok());
	EXPECT_FALSE(elf->read_at_address(~uint64_t {0}, 16));
	EXPECT_FALSE(ElfFile::read_uint("abc", 2, 4, false));
}

} // namespace

} // namespace bulwark
