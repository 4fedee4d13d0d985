#include "image/layer_walker.h"

#include <archive.h>
#include <archive_entry.h>
#include <map>

#include "image/prefetch.h"
#include "util/sha256.h"

namespace bulwark {

namespace {

constexpr std::string_view whiteout_prefix = ".wh.";
constexpr std::string_view opaque_marker = ".wh..wh..opq";

struct ArchiveDeleter {
	void operator()(archive *a) const {
		archive_read_free(a);
	}
};

// libarchive pulls decompressed bytes through this callback, which also hashes them (the
// diff_id); our own errors are kept so that the reported cause is ours (truncated gzip)
// rather than libarchive's echo of it.
struct StreamContext {
	PrefetchingReader *prefetch = nullptr;
	Sha256 expanded_hash;
	std::optional<Error> error;

	Result<std::string_view> next_chunk() {
		auto chunk = prefetch->next();
		if (chunk.ok()) {
			expanded_hash.update(*chunk);
		}
		return chunk;
	}
};

la_ssize_t read_callback(archive *a, void *client, const void **out) {
	auto *ctx = static_cast<StreamContext *>(client);
	auto chunk = ctx->next_chunk();
	if (!chunk.ok()) {
		ctx->error = chunk.error();
		archive_set_error(a, EIO, "%s", chunk.error().message.c_str());
		return -1;
	}
	*out = chunk->data();
	return static_cast<la_ssize_t>(chunk->size());
}

std::string layer_name(const LayerInfo &layer) {
	return "layer " + std::to_string(layer.index) + " (" +
	       (layer.digest.empty() ? layer.diff_id : layer.digest) + ")";
}

Error archive_failure(archive *a, const StreamContext &ctx, const std::string &where, uint64_t entries) {
	if (ctx.error) {
		return *ctx.error;
	}
	std::string message = archive_error_string(a) ? archive_error_string(a) : "unknown tar error";
	ErrorCode code = ErrorCode::corrupt;
	if (message.find("Truncated") != std::string::npos || message.find("truncated") != std::string::npos) {
		code = ErrorCode::truncated;
	} else if (entries == 0 && message.find("Unrecognized archive format") != std::string::npos) {
		code = ErrorCode::not_a_tar;
		message = "not a tar archive";
	}
	return make_error(code, where + ": " + message);
}

FileType entry_type(archive_entry *e) {
	if (archive_entry_hardlink(e)) {
		return FileType::hardlink;
	}
	switch (archive_entry_filetype(e)) {
	case AE_IFREG:
		return FileType::regular;
	case AE_IFDIR:
		return FileType::directory;
	case AE_IFLNK:
		return FileType::symlink;
	default:
		return FileType::other;
	}
}

// Reads the current entry's data into `content` (sized to the entry); shrinks it when the
// archive holds less (libarchive reports the truncation on the next header).
Status read_entry_data(archive *a, std::string &content) {
	size_t got = 0;
	while (got < content.size()) {
		la_ssize_t n = archive_read_data(a, content.data() + got, content.size() - got);
		if (n < 0) {
			return make_error(ErrorCode::corrupt, "read error");
		}
		if (n == 0) {
			break;
		}
		got += static_cast<size_t>(n);
	}
	content.resize(got);
	return {};
}

// Hands the current entry's data to `sink` block by block as libarchive decodes it (no copy,
// whatever the file's size).
Status stream_entry_data(archive *a, ContentSink &sink) {
	for (;;) {
		const void *block = nullptr;
		size_t size = 0;
		la_int64_t offset = 0;
		const int rc = archive_read_data_block(a, &block, &size, &offset);
		if (rc == ARCHIVE_EOF) {
			return {};
		}
		if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
			return make_error(ErrorCode::corrupt, "read error");
		}
		sink.feed(std::string_view(static_cast<const char *>(block), size));
	}
}

} // namespace

Result<WalkedLayer> walk_layer(std::unique_ptr<ByteSource> blob, const LayerInfo &layer,
                               const std::string &expected_digest, const FileHandlers &handlers,
                               const LayerWalkOptions &options) {
	const std::string where = layer_name(layer);
	DecompressingReader reader(std::move(blob), options.expansion, where);
	PrefetchingReader prefetch(reader);
	StreamContext ctx;
	ctx.prefetch = &prefetch;

	std::unique_ptr<archive, ArchiveDeleter> a(archive_read_new());
	archive_read_support_format_tar(a.get());
	archive_read_support_format_gnutar(a.get());
	if (archive_read_open(a.get(), &ctx, nullptr, read_callback, nullptr) != ARCHIVE_OK) {
		return archive_failure(a.get(), ctx, where, 0);
	}

	WalkedLayer out;
	// Captured contents of this layer by path, so hard links can share their target's bytes.
	std::map<std::string, std::shared_ptr<const std::string>, std::less<>> captured;
	bool entry_limit_warned = false;
	std::unique_ptr<ContentSink> sink = handlers.content_sink ? handlers.content_sink() : nullptr;
	auto run_inspect = [&](const FileEntry &entry, std::string_view content) {
		inspect_file(handlers, entry, content, layer.index, out.inspected, out.warnings);
	};
	for (;;) {
		archive_entry *e = nullptr;
		int rc = archive_read_next_header(a.get(), &e);
		if (rc == ARCHIVE_EOF) {
			break;
		}
		if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
			return archive_failure(a.get(), ctx, where, out.entry_count);
		}
		++out.entry_count;
		const char *raw_name = archive_entry_pathname(e);
		if (!raw_name) {
			out.warnings.push_back({WarningKind::other, where + ": entry " + std::to_string(out.entry_count) +
			                                                " has no usable name; skipped"});
			continue;
		}
		bool escaped = false;
		std::string path = normalize_image_path(raw_name, &escaped);
		std::string_view base = path;
		std::string dir;
		if (auto slash = path.rfind('/'); slash != std::string::npos) {
			base = std::string_view(path).substr(slash + 1);
			dir = path.substr(0, slash);
		}

		if (base.substr(0, whiteout_prefix.size()) == whiteout_prefix) {
			LayerOp op;
			std::string_view target = base.substr(whiteout_prefix.size());
			if (escaped) {
				out.warnings.push_back({WarningKind::path_contained,
				                        where + ": whiteout '" + std::string(raw_name) +
				                            "' climbs out of the image; ignored"});
				continue;
			}
			if (base == opaque_marker) {
				op.kind = LayerOp::Kind::opaque;
				op.entry.path = dir;
			} else if (target.empty() || target == "." || target == ".." ||
			           target.substr(0, whiteout_prefix.size()) == whiteout_prefix) {
				// ".wh..wh.plnk" and friends are aufs bookkeeping; "..", "." and "" name nothing.
				if (target != ".wh.plnk" && target != ".wh.aufs") {
					out.warnings.push_back({WarningKind::path_contained,
					                        where + ": whiteout '" + std::string(raw_name) + "' names no file; ignored"});
				}
				continue;
			} else {
				op.kind = LayerOp::Kind::whiteout;
				op.entry.path = dir.empty() ? std::string(target) : dir + "/" + std::string(target);
			}
			out.ops.push_back(std::move(op));
			continue;
		}
		if (escaped) {
			out.warnings.push_back({WarningKind::path_contained,
			                        where + ": entry '" + std::string(raw_name) + "' climbs out of the image; kept as /" +
			                            path});
		}
		if (path.empty()) {
			continue; // the root directory itself
		}

		FileEntry entry;
		entry.path = std::move(path);
		entry.type = entry_type(e);
		entry.mode = archive_entry_perm(e) | (archive_entry_mode(e) & 07000);
		entry.uid = static_cast<uint32_t>(archive_entry_uid(e));
		entry.gid = static_cast<uint32_t>(archive_entry_gid(e));
		entry.size = static_cast<uint64_t>(archive_entry_size(e));
		if (entry.type == FileType::symlink) {
			const char *target = archive_entry_symlink(e);
			entry.link_target = target ? target : "";
		} else if (entry.type == FileType::hardlink) {
			bool link_escaped = false;
			entry.link_target = normalize_image_path(archive_entry_hardlink(e), &link_escaped);
			if (link_escaped) {
				out.warnings.push_back({WarningKind::path_contained,
				                        where + ": hard link '" + entry.path + "' points outside the image ('" +
				                            archive_entry_hardlink(e) + "'); resolved inside it"});
			}
			if (auto it = captured.find(entry.link_target); it != captured.end()) {
				entry.content = it->second;
				entry.size = it->second->size();
			}
		}

		const bool regular = entry.type == FileType::regular;
		const bool want = (regular || entry.type == FileType::hardlink) && handlers.capture(entry.path);
		const bool inspect = regular && handlers.wants_inspection &&
		                     handlers.wants_inspection(entry.path, entry.size, entry.mode);
		const bool stream = regular && sink && sink->begin(entry.path, entry.size);
		const bool fits = entry.size <= options.max_capture_bytes;
		if (regular && (want || inspect) && !fits) {
			out.warnings.push_back({WarningKind::limit_reached,
			                        where + ": " + entry.path + " (" + std::to_string(entry.size) +
			                            " bytes) is larger than the capture limit; not analysed"});
		}
		const bool read = regular && (want || inspect) && fits;
		if (read) {
			auto content = std::make_shared<std::string>(entry.size, '\0');
			if (!read_entry_data(a.get(), *content).ok()) {
				return archive_failure(a.get(), ctx, where, out.entry_count);
			}
			if (inspect) {
				run_inspect(entry, *content);
			}
			if (stream) {
				sink->feed(*content);
			}
			if (want) {
				entry.content = content;
				captured[entry.path] = std::move(content);
			}
		}
		if (stream && !read && !stream_entry_data(a.get(), *sink).ok()) {
			return archive_failure(a.get(), ctx, where, out.entry_count);
		}
		if (regular && sink) {
			const size_t first = out.secrets.size();
			sink->end(out.secrets, out.warnings);
			for (size_t i = first; i < out.secrets.size(); ++i) {
				out.secrets[i].layer = layer.index;
			}
		}
		if (want && entry.type == FileType::hardlink && !entry.content) {
			out.warnings.push_back({WarningKind::other, where + ": hard link " + entry.path + " -> " +
			                                                entry.link_target +
			                                                " refers to content not captured; not analysed"});
		}

		if (out.ops.size() >= options.max_entries && !want) {
			if (!entry_limit_warned) {
				out.warnings.push_back({WarningKind::limit_reached,
				                        where + ": more than " + std::to_string(options.max_entries) +
				                            " entries; later entries are hashed but not recorded (--max-entries)"});
				entry_limit_warned = true;
			}
			continue;
		}
		LayerOp op;
		op.entry = std::move(entry);
		out.ops.push_back(std::move(op));
	}

	// Hash the rest of the stream (tar end blocks, padding) so digests cover every byte.
	for (;;) {
		auto chunk = ctx.next_chunk();
		if (!chunk.ok()) {
			return chunk.error();
		}
		if (chunk->empty()) {
			break;
		}
	}
	prefetch.finish();
	out.digest = reader.compressed_digest();
	out.diff_id = ctx.expanded_hash.finish_digest();
	out.compression = reader.compression();
	out.compressed_bytes = reader.compressed_bytes();
	out.expanded_bytes = reader.expanded_bytes();
	if (!expected_digest.empty() && expected_digest != out.digest) {
		return make_error(ErrorCode::digest_mismatch,
		                  where + ": blob digest is " + out.digest + ", the manifest says " + expected_digest);
	}
	if (!layer.diff_id.empty() && layer.diff_id != out.diff_id) {
		return make_error(ErrorCode::digest_mismatch, where + ": uncompressed digest is " + out.diff_id +
		                                                  ", the config's diff_id says " + layer.diff_id);
	}
	return out;
}

void inspect_file(const FileHandlers &handlers, const FileEntry &entry, std::string_view content, size_t layer,
                  std::vector<Package> &found, std::vector<Warning> &warnings) {
	const size_t first = found.size();
	handlers.inspect(entry.path, entry.size, entry.mode, content, found, warnings);
	for (size_t i = first; i < found.size(); ++i) {
		found[i].layer = layer;
		if (found[i].db_path.empty()) {
			found[i].db_path = entry.path;
		}
	}
}

void apply_layer(FileView &view, size_t layer_index, WalkedLayer &layer) {
	view.begin_layer(layer_index);
	for (auto &op : layer.ops) {
		switch (op.kind) {
		case LayerOp::Kind::add: {
			std::string path = op.entry.type == FileType::directory ? std::string() : op.entry.path;
			if (!view.add(std::move(op.entry)) && !path.empty()) {
				layer.warnings.push_back({WarningKind::duplicate_entry, "layer " + std::to_string(layer_index) + ": " +
				                                                            path + " appears more than once; the later "
				                                                                   "entry wins"});
			}
			break;
		}
		case LayerOp::Kind::whiteout:
			view.whiteout(op.entry.path);
			break;
		case LayerOp::Kind::opaque:
			view.opaque(op.entry.path);
			break;
		}
	}
	layer.ops.clear();
}

} // namespace bulwark
