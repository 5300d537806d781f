// HttpRequest: the head of an HTTP/1.1 request (RFC 9112 §2-§5: request line, field lines,
// the empty line that ends them), found and parsed by pure functions — bytes in, a request or
// the error status out; no I/O, no asio, so the fuzz build (clang 14) compiles this file.
// What is checked, with the section that asks for it:
// - lines end in CRLF or a bare LF (§2.2); a bare CR elsewhere is an error (§2.2); one or more
//   empty lines before the request line are ignored (§2.2);
// - request-line = method SP request-target SP HTTP-version, single spaces (§3); the method a
//   token (RFC 9110 §9.1); HTTP-version "HTTP/" DIGIT "." DIGIT, case-sensitive (§2.3), a
//   major version other than 1 answered with 505;
// - field-line = field-name ":" OWS field-value OWS (§5): no whitespace before the colon (§5.1),
//   no obs-fold (§5.2), no control characters but HTAB in the value (RFC 9110 §5.5);
// - an HTTP/1.1 request has exactly one Host field line (§3.2);
// - the path comes from the origin-form or the absolute-form (§3.2.1, §3.2.2), query removed.
// A message body is not read: the server answers and closes the connection.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/Result.h"

namespace anycast::control {

struct HttpRequest {
  std::string method;  // case-sensitive (RFC 9110 §9.1)
  std::string target;  // as sent
  // The target's path without the query: "/metrics" for "/metrics?x" and for
  // "http://host:9100/metrics"; empty for the asterisk-form and the authority-form.
  std::string path;
};

struct HttpRequestError {
  int status = 400;    // the response the request calls for: 400, or 505
  std::string reason;  // what is wrong, for the log
};

// The size of the request head at the start of `received` (up to and including the empty line
// that ends it), or nullopt while that line has not arrived. `searched`: how many bytes of
// `received` an earlier call has already looked through (a reader passes the size it had), so
// a head that arrives a byte at a time is not scanned again from its start every time.
std::optional<size_t> requestHeadEnd(std::string_view received, size_t searched = 0);

// Parses a request head (what requestHeadEnd measured; bytes after its empty line are
// ignored). Never reads outside `head`.
Result<HttpRequest, HttpRequestError> parseRequestHead(std::string_view head);

}  // namespace anycast::control
