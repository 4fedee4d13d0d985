// Helpers shared by the advisory database tests: importing a fixture into a fresh database,
// and writing an advisory or a lookup result as one canonical line for comparisons.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

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

} // namespace bulwark::vulndb::testing
