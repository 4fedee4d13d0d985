// Where the blobs of an image live: a directory (OCI image layout) or the members of an
// outer tar (OCI layout tar, docker-archive). Names are relative paths inside the store,
// e.g. "index.json" or "blobs/sha256/<hex>"; they are normalised and can never leave it.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "image/byte_source.h"
#include "util/result.h"

namespace bulwark {

class BlobStore {
public:
	virtual ~BlobStore() = default;
	virtual bool exists(const std::string &name) const = 0;
	// A fresh stream over the blob; safe to call from several threads at once.
	virtual Result<std::unique_ptr<ByteSource>> open(const std::string &name) const = 0;
	// Human-readable location for messages.
	virtual std::string describe(const std::string &name) const = 0;

	Result<std::string> read_small(const std::string &name, size_t limit) const;
};

Result<std::unique_ptr<BlobStore>> open_directory_store(const std::string &dir);
// Blobs held in memory, by name (for fuzzing and tests of the parsers above the store).
std::unique_ptr<BlobStore> make_memory_store(std::map<std::string, std::string> blobs);
// Indexes the members of a tar file (optionally gzip/zstd/xz-compressed as a whole).
Result<std::unique_ptr<BlobStore>> open_tar_store(const std::string &tar_path);

} // namespace bulwark
