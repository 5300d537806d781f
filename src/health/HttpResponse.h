// HttpResponse: what an HTTP health check reads from a response — RFC 9112 §4 (status line),
// §5 (header fields: only Transfer-Encoding and Content-Length matter here), §6.3 (message
// body length), §7.1 (chunked transfer coding). Interim 1xx responses are skipped (RFC 9110
// §15.2). Pure; every index is checked: a malformed response is an error, never a crash.
#pragma once

#include <string>
#include <string_view>

#include "base/Result.h"

namespace anycast::health {

struct HttpResponse {
  int status = 0;
  std::string reason;
  std::string body;  // de-chunked; cut short when the read was
};

// `raw` is what was read; `complete` says the server closed the connection after it (false:
// reading stopped at a cap, and a body cut short is kept as far as it goes).
Result<HttpResponse> parseHttpResponse(std::string_view raw, bool complete);

}  // namespace anycast::health
