// Fuzzes the layer path: magic detection, gzip/zstd decompression, libarchive's tar
// reader and our entry handling (names, links, whiteouts), with small limits.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "image/layer_walker.h"

namespace {

class BytesSource final : public bulwark::ByteSource {
public:
	BytesSource(const uint8_t *data, size_t size) : data_(data), size_(size) {
	}
	bulwark::Result<size_t> read(char *buffer, size_t capacity) override {
		size_t n = std::min(capacity, size_ - pos_);
		std::memcpy(buffer, data_ + pos_, n);
		pos_ += n;
		return n;
	}

private:
	const uint8_t *data_;
	size_t size_;
	size_t pos_ = 0;
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
	bulwark::LayerWalkOptions options;
	options.expansion.max_expanded_bytes = 64U << 20;
	options.expansion.ratio_floor_bytes = 1U << 20;
	options.max_capture_bytes = 1U << 20;
	options.max_entries = 10000;
	bulwark::FileHandlers handlers;
	handlers.capture = [](std::string_view path) { return path.size() % 2 == 0; };
	handlers.wants_inspection = [](std::string_view, uint64_t, uint32_t mode) { return (mode & 0100) != 0; };
	handlers.inspect = [](std::string_view, uint64_t, uint32_t, std::string_view content,
	                      std::vector<bulwark::Package> &, std::vector<bulwark::Warning> &) { (void)content.size(); };
	auto walked = bulwark::walk_layer(std::make_unique<BytesSource>(data, size), {}, {}, handlers, options);
	if (walked.ok()) {
		bulwark::FileView view;
		bulwark::apply_layer(view, 0, *walked);
		(void)view.read("etc/os-release");
	}
	return 0;
}
