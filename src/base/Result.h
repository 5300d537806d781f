// Result<T, E>: a value or an error, for code on network paths where exceptions are not used.
// Builds with GCC 12 and clang 14 (no std::expected).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace anycast {

// The default error: a human-readable reason.
struct Error {
  std::string message;
};

// Marks a value as the error alternative when constructing a Result.
template <class E>
struct Unexpected {
  E error;
};
template <class E>
Unexpected<std::decay_t<E>> fail(E&& e) {
  return {std::forward<E>(e)};
}
inline Unexpected<Error> failWith(std::string message) { return {Error{std::move(message)}}; }

template <class T, class E = Error>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  template <class U>
  Result(Unexpected<U> e) : v_(std::in_place_index<1>, E(std::move(e.error))) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const E& error() const { return std::get<1>(v_); }
  E& error() { return std::get<1>(v_); }

 private:
  std::variant<T, E> v_;
};

// Result for operations that return nothing on success.
struct Ok {};

}  // namespace anycast
