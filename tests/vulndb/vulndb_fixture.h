// Helpers shared by the advisory database tests: importing a fixture into a fresh database,
// writing an advisory or a lookup result as one canonical line for comparisons (and the
// python3 oracle's lines), building zips.
#pragma once

#include <gtest/gtest.h>

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <sqlite3.h>
#include <string>
#include <vector>

#include "support/oracle_command.h"
#include "support/test_support.h"
#include "vulndb/importer.h"
#include "vulndb/store.h"

namespace bulwark::vulndb::testing {

inline std::string join(const std::vector<std::string> &items) {
	std::string out = "[";
	for (const auto &item : items) {
		out += (out.size() > 1 ? "," : "") + item;
	}
	return out + "]";
}

inline std::string describe(const AffectedPackage &entry) {
	static const char *kinds[] = {"introduced", "fixed", "last_affected", "limit"};
	std::string out = entry.ecosystem + "/" + entry.release + "/" + entry.name + " open=" +
	                  (entry.open ? "1" : "0") + " severity=" + entry.severity + " versions=" + join(entry.versions);
	for (const auto &range : entry.ranges) {
		out += " " + range.type + "{";
		for (const auto &event : range.events) {
			out += std::string(kinds[static_cast<int>(event.kind)]) + ":" + event.version + ";";
		}
		out += "constraints=" + join(range.constraints) + ";unaffected=" + join(range.unaffected) + "}";
	}
	return out;
}

// Everything of the advisory but its affected list.
inline std::string describe_advisory(const Advisory &advisory) {
	std::string out = advisory.id + " aliases=" + join(advisory.aliases) + " published=" + advisory.published +
	                  " modified=" + advisory.modified + " severity=" + advisory.severity +
	                  " refs=" + join(advisory.references) + " cvss=[";
	for (const auto &cvss : advisory.cvss) {
		out += cvss.source + ":" + cvss.vector + ";";
	}
	return out + "] summary=" + advisory.summary + " details=" + advisory.details;
}

inline std::string describe(const Candidate &candidate) {
	return describe_advisory(candidate.advisory) + " | " + describe(candidate.affected);
}

// lookup() with each candidate's text loaded.
inline std::vector<Candidate> lookup(const VulnDb &db, const std::string &ecosystem, const std::string &release,
                                     const std::string &name) {
	auto found = db.lookup(ecosystem, release, name);
	EXPECT_TRUE(found.ok()) << (found.ok() ? "" : found.error().describe());
	if (!found.ok()) {
		return {};
	}
	for (auto &candidate : *found) {
		const auto loaded = db.load_text(candidate);
		EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().describe());
	}
	return std::move(found).value();
}

inline const Candidate *find_advisory(const std::vector<Candidate> &candidates, const std::string &id) {
	for (const auto &candidate : candidates) {
		if (candidate.advisory.id == id) {
			return &candidate;
		}
	}
	return nullptr;
}

// The warnings of an import, one a line (for failure messages).
inline std::string warnings_of(const ImportStats &stats) {
	std::string out;
	for (const auto &warning : stats.warnings) {
		out += warning + "\n";
	}
	return out;
}

inline bool has_warning(const ImportStats &stats, const std::string &text) {
	return warnings_of(stats).find(text) != std::string::npos;
}

// Imports `input` with the importer `kind` as the only source of a new database at `db_path`.
inline ImportStats import_into(const std::string &db_path, const std::string &kind, const std::string &input,
                               const ImportLimits &limits = {}) {
	auto writer = DbWriter::create(db_path, false);
	EXPECT_TRUE(writer.ok()) << (writer.ok() ? "" : writer.error().describe());
	if (!writer.ok()) {
		return {};
	}
	EXPECT_TRUE(writer->begin_source(SourceInfo {kind, kind, input, "", 0, ""}).ok());
	auto importer = make_importer(kind);
	EXPECT_NE(importer, nullptr) << kind;
	if (importer == nullptr) {
		return {};
	}
	auto stats = importer->import(input, *writer, limits);
	EXPECT_TRUE(stats.ok()) << (stats.ok() ? "" : stats.error().describe());
	const auto committed = writer->commit();
	EXPECT_TRUE(committed.ok()) << (committed.ok() ? "" : committed.error().describe());
	return stats.ok() ? std::move(stats).value() : ImportStats {};
}

inline std::optional<VulnDb> open_db(const std::string &path) {
	auto db = VulnDb::open(path);
	if (!db.ok()) {
		ADD_FAILURE() << db.error().describe();
		return std::nullopt;
	}
	return std::move(db).value();
}

// Every entry in the database as the line advisory_oracle.py prints for it, sorted.
inline std::vector<std::string> database_lines(const std::string &db_path) {
	static const char *kinds[] = {"introduced", "fixed", "last_affected", "limit"};
	std::vector<std::array<std::string, 3>> keys;
	sqlite3 *raw = nullptr;
	sqlite3_open_v2(db_path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
	sqlite3_stmt *stmt = nullptr;
	sqlite3_prepare_v2(raw, "SELECT DISTINCT ecosystem, release, name FROM affected", -1, &stmt, nullptr);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		auto column = [&](int i) { return std::string(reinterpret_cast<const char *>(sqlite3_column_text(stmt, i))); };
		keys.push_back({column(0), column(1), column(2)});
	}
	sqlite3_finalize(stmt);
	sqlite3_close(raw);
	auto db = VulnDb::open(db_path);
	EXPECT_TRUE(db.ok());
	std::vector<std::string> lines;
	for (const auto &key : keys) {
		for (const auto &c : lookup(*db, key[0], key[1], key[2])) {
			nlohmann::ordered_json ranges = nlohmann::ordered_json::array();
			for (const auto &range : c.affected.ranges) {
				nlohmann::ordered_json events = nlohmann::ordered_json::array();
				for (const auto &event : range.events) {
					events.push_back({kinds[static_cast<int>(event.kind)], event.version});
				}
				ranges.push_back({range.type, events, range.constraints, range.unaffected});
			}
			nlohmann::ordered_json cvss = nlohmann::ordered_json::array();
			for (const auto &vector : c.advisory.cvss) {
				cvss.push_back({vector.source, vector.vector});
			}
			const Advisory &a = c.advisory;
			nlohmann::ordered_json line = {a.id, key[0], key[1], key[2], ranges, c.affected.versions,
			                               c.affected.open, c.affected.severity, a.aliases, a.published, a.modified,
			                               cvss, a.severity, a.summary, a.details, a.references};
			lines.push_back(line.dump());
		}
	}
	std::sort(lines.begin(), lines.end());
	return lines;
}

// What tests/vulndb/advisory_oracle.py prints for `paths`, sorted.
inline std::vector<std::string> oracle_lines(const std::string &kind, const std::vector<std::string> &paths) {
	std::string command = "python3 " + bulwark::testing::shell_quote(std::string(BULWARK_TEST_DATA) +
	                                                                 "/../vulndb/advisory_oracle.py") + " " + kind;
	for (const auto &path : paths) {
		command += " " + bulwark::testing::shell_quote(path);
	}
	return bulwark::testing::sorted_lines(bulwark::testing::command_output(command));
}

// Lines only in `a`, at most `limit` of them (for failure messages).
inline std::string only_in(const std::vector<std::string> &a, const std::vector<std::string> &b, size_t limit = 5) {
	std::vector<std::string> diff;
	std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(diff));
	std::string out = std::to_string(diff.size()) + " lines";
	for (size_t i = 0; i < diff.size() && i < limit; ++i) {
		out += "\n  " + diff[i].substr(0, 400);
	}
	return out;
}

// A zip of (name, content) entries, deflated, written with libarchive; `zeros` adds one
// entry of that many zero bytes (written in chunks: a bomb without holding it).
inline std::string zip_of(const std::vector<std::pair<std::string, std::string>> &entries, size_t zeros = 0) {
	std::string out;
	archive *a = archive_write_new();
	archive_write_set_format_zip(a);
	archive_write_set_bytes_in_last_block(a, 1);
	archive_write_open(
	    a, &out, nullptr,
	    [](archive *, void *client, const void *buffer, size_t length) -> la_ssize_t {
		    static_cast<std::string *>(client)->append(static_cast<const char *>(buffer), length);
		    return static_cast<la_ssize_t>(length);
	    },
	    nullptr);
	auto add = [&](const std::string &name, size_t size, auto &&write) {
		archive_entry *entry = archive_entry_new();
		archive_entry_set_pathname(entry, name.c_str());
		archive_entry_set_filetype(entry, AE_IFREG);
		archive_entry_set_perm(entry, 0644);
		archive_entry_set_size(entry, static_cast<la_int64_t>(size));
		archive_write_header(a, entry);
		write();
		archive_entry_free(entry);
	};
	for (const auto &[name, content] : entries) {
		add(name, content.size(), [&] { archive_write_data(a, content.data(), content.size()); });
	}
	if (zeros > 0) {
		add("BOMB-1.json", zeros, [&] {
			const std::string chunk(1 << 20, '\0');
			for (size_t left = zeros; left > 0;) {
				const size_t n = std::min(left, chunk.size());
				archive_write_data(a, chunk.data(), n);
				left -= n;
			}
		});
	}
	archive_write_close(a);
	archive_write_free(a);
	return out;
}

inline bool python_with_yaml() {
	return bulwark::testing::tool_available("python3") &&
	       bulwark::testing::command_output("python3 -c 'import yaml; print(1)' 2>/dev/null") == "1\n";
}

} // namespace bulwark::vulndb::testing
