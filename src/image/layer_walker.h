// Streams one layer blob once: decompress (image/decompress.h), parse the tar with
// libarchive, turn every entry into a filesystem operation (add, whiteout, opaque) and
// capture the contents of files that an analyzer wants. Nothing is written to disk.
// Digests are checked at the end of the stream; a mismatch fails the layer.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fs/file_view.h"
#include "image/byte_source.h"
#include "image/decompress.h"
#include "model/scan_report.h"
#include "util/result.h"

namespace bulwark {

struct LayerWalkOptions {
	ExpansionLimits expansion;
	uint64_t max_capture_bytes = 256ULL << 20; // per wanted file
	size_t max_entries = 2'000'000;             // entries recorded per layer; later ones only hashed
};

struct LayerOp {
	enum class Kind : uint8_t { add, whiteout, opaque };
	Kind kind = Kind::add;
	FileEntry entry; // for whiteout/opaque only entry.path is set
};

struct WalkedLayer {
	std::vector<LayerOp> ops;
	std::vector<Warning> warnings;
	std::string digest;  // sha256 of the blob as stored
	std::string diff_id; // sha256 of the uncompressed tar
	Compression compression = Compression::none;
	uint64_t compressed_bytes = 0;
	uint64_t expanded_bytes = 0;
	uint64_t entry_count = 0;
	std::vector<Package> inspected; // found by FileHandlers::inspect; layer and db_path set
	std::vector<SecretFinding> secrets; // found by FileHandlers::content_sink; layer set
};

// Receives the bytes of every regular file as they stream (the secret scanner): begin, the
// bytes in order in any number of feed calls, end. One per layer walk (or rootfs read), used
// only by that walk's thread.
class ContentSink {
public:
	virtual ~ContentSink() = default;
	// False: this file is not wanted and its bytes are not fed; end is called either way.
	virtual bool begin(std::string_view path, uint64_t size) = 0;
	virtual void feed(std::string_view bytes) = 0;
	// What was found in the file (the walker sets the layer), and any warnings.
	virtual void end(std::vector<SecretFinding> &found, std::vector<Warning> &warnings) = 0;
};

// What the walker does with each regular file; the scanner fills these from the analyzers
// (this stage knows nothing of analyzers).
struct FileHandlers {
	// Keep the content in the view (small files read after the merge).
	std::function<bool(std::string_view path)> capture;
	// Hand the content to `inspect` now and drop it (large files: executables, archives).
	std::function<bool(std::string_view path, uint64_t size, uint32_t mode)> wants_inspection;
	std::function<void(std::string_view path, uint64_t size, uint32_t mode, std::string_view content,
	                   std::vector<Package> &packages, std::vector<Warning> &warnings)>
	    inspect;
	// Makes the sink that sees every regular file's bytes (none when empty).
	std::function<std::unique_ptr<ContentSink>()> content_sink;
};

// `expected_digest` / `expected_diff_id` may be empty when the source does not name them
// (a docker-archive layer has no compressed digest); a non-empty one that differs fails
// with digest_mismatch.
Result<WalkedLayer> walk_layer(std::unique_ptr<ByteSource> blob, const LayerInfo &layer,
                               const std::string &expected_digest, const FileHandlers &handlers,
                               const LayerWalkOptions &options);

// Runs handlers.inspect on one file and adds what it found to `found`, stamped with `layer`
// and, unless a find names its own place ("app.war!/WEB-INF/lib/x.jar"), db_path = the file.
void inspect_file(const FileHandlers &handlers, const FileEntry &entry, std::string_view content, size_t layer,
                  std::vector<Package> &found, std::vector<Warning> &warnings);

// Applies a walked layer's operations to the view, as layer `layer_index`; an entry that
// repeats in the layer adds a duplicate_entry warning to the layer's warnings.
void apply_layer(FileView &view, size_t layer_index, WalkedLayer &layer);

} // namespace bulwark
