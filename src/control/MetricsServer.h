// MetricsServer: Prometheus's /metrics over HTTP/1.1 (RFC 9112 message syntax, RFC 9110
// semantics), on the daemon's event loop. One request per connection: every answer says
// `Connection: close` and the server closes after it (keep-alive would save a scraper one
// handshake every scrape interval, not worth a state machine). Answers:
// - GET or HEAD /metrics: 200, the rendered exposition as
//   `text/plain; version=0.0.4; charset=utf-8` (MetricsText); GET or HEAD /: a line pointing
//   to /metrics; any other path: 404;
// - another method: 405 with `Allow: GET, HEAD` (RFC 9110 §15.5.6); a malformed head: 400; an
//   HTTP major version other than 1: 505; a head over the limit: 431 (RFC 6585 §5).
// A slow or silent client is bounded by the timeout (the head must arrive within it, and the
// answer must be sent within it again); connections over the limit are closed at once.
#pragma once

#include <asio.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/Ip.h"
#include "base/Result.h"

namespace anycast::control {

using MetricsRender = std::function<std::string()>;

struct MetricsServerLimits {
  std::chrono::milliseconds timeout{5000};  // to receive the request head; again to answer
  size_t maxHeadBytes = 8 * 1024;
  size_t maxConnections = 64;
};

class MetricsServer {
 public:
  // `render` is called on the event loop for every GET or HEAD of /metrics.
  MetricsServer(asio::io_context& io, const IpAddress& address, uint16_t port, MetricsRender render,
                MetricsServerLimits limits = {});
  // Closes the listener and every open connection; `render` is not called again.
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // Binds and listens; the error names the address, the port and the system's reason.
  Result<Ok> open();
  // The bound port (the one the system chose for port 0); 0 before open().
  uint16_t port() const;

 private:
  struct State;
  std::shared_ptr<State> state_;  // shared with the pending handlers and the connections
};

// The whole HTTP response to one request head (as requestHeadEnd measured it).
std::string answerHttpRequest(std::string_view head, const MetricsRender& render);

}  // namespace anycast::control
