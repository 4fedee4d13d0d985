// Result<T>: the one error model of bulwark (see docs/errors.md).
//
// Every reader and parser returns Result<T>; a failure carries an ErrorCode named by its
// cause and a message that names the file, layer and offset where it can. Exceptions are
// not used for input errors; the CLI boundary catches only what escapes by accident
// (std::bad_alloc) and turns it into exit code 4.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace bulwark {

enum class ErrorCode {
	io,                 // the host refused a read/open (missing file, permission)
	invalid_argument,   // the user asked for something impossible (bad flag value, platform)
	unsupported,        // a valid input in a format or media type we do not read
	truncated,          // an archive, stream or database ended early
	corrupt,            // bytes that break the format's rules (checksums, magic, structure)
	not_a_tar,          // a layer that does not contain a tar stream
	digest_mismatch,    // content does not hash to the digest that names it
	missing_blob,       // a manifest or index names a blob that is not there
	limit_exceeded,     // a configured limit (expanded size, ratio, depth, entries) was hit
	malformed_json,     // JSON that does not parse or does not have the required shape
	no_matching_platform,
	internal,
};

const char *error_code_name(ErrorCode code);

struct Error {
	ErrorCode code = ErrorCode::internal;
	std::string message;

	// "digest_mismatch: blob sha256:ab.. (layer 2): expected .., got .."
	std::string describe() const;
};

inline Error make_error(ErrorCode code, std::string message) {
	return Error {code, std::move(message)};
}

template <class T>
class [[nodiscard]] Result {
public:
	Result(T value) : state_(std::in_place_index<0>, std::move(value)) {
	}
	Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {
	}

	bool ok() const {
		return state_.index() == 0;
	}
	explicit operator bool() const {
		return ok();
	}
	T &value() & {
		return std::get<0>(state_);
	}
	const T &value() const & {
		return std::get<0>(state_);
	}
	T &&value() && {
		return std::get<0>(std::move(state_));
	}
	T *operator->() {
		return &value();
	}
	const T *operator->() const {
		return &value();
	}
	T &operator*() & {
		return value();
	}
	const Error &error() const {
		return std::get<1>(state_);
	}
	// The value, or `fallback` when this is an error (for callers that may ignore why).
	T value_or(T fallback) const & {
		return ok() ? value() : std::move(fallback);
	}

private:
	std::variant<T, Error> state_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
public:
	Result() = default;
	Result(Error error) : error_(std::move(error)), failed_(true) {
	}
	bool ok() const {
		return !failed_;
	}
	explicit operator bool() const {
		return ok();
	}
	const Error &error() const {
		return error_;
	}

private:
	Error error_;
	bool failed_ = false;
};

using Status = Result<void>;

} // namespace bulwark

// Propagate a failed Result from the enclosing function.
#define BW_TRY(expr)                                                                                                   \
	do {                                                                                                               \
		auto &&bw_try_result_ = (expr);                                                                                \
		if (!bw_try_result_.ok()) {                                                                                    \
			return bw_try_result_.error();                                                                             \
		}                                                                                                              \
	} while (0)
