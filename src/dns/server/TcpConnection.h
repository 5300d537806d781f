// TcpConnection: one DNS-over-TCP client (RFC 1035 §4.2.2, RFC 7766), on its TCP worker's
// event loop. Every message has a 2-octet length prefix; a client may send several queries
// without waiting (pipelining, RFC 7766 §6.2.1.1), even in one segment or split over several.
// They are answered in order. A zero length or one above the query limit is malformed and
// closes the connection once the answers to the queries before it are sent; silence for the
// idle timeout closes it at once (RFC 7766 §6.2.3; Knot's tcp-idle-timeout, 10 s). Responses
// wait in a pending buffer; above its cap the connection stops reading until the client has
// taken them (backpressure rather than unbounded memory). A client that half-closes still gets
// its answers before the close.
#pragma once

#include <asio.hpp>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "dns/server/QueryHandler.h"
#include "dns/server/TrafficCounters.h"

namespace anycast::dns::server {

struct TcpOptions {
  std::chrono::milliseconds idleTimeout{10'000};
  // Per TCP worker; more are closed on accept. An idle connection holds ~8 KiB (its input
  // buffer), so the cap bounds that memory at ~8 MiB per worker.
  size_t maxConnections = 1024;
  size_t maxQueryBytes = 4096;          // a longer length prefix closes the connection
  size_t maxPendingBytes = 256 * 1024;  // queued responses before reading pauses
  int backlog = 128;
};

struct TcpStats {
  uint64_t accepted = 0;
  uint64_t rejected = 0;  // over maxConnections
  uint64_t active = 0;
  uint64_t closedIdle = 0;
  uint64_t closedMalformed = 0;

  TcpStats& operator+=(const TcpStats& o);
};

class TcpConnection;

// What one TCP worker's connections share. Used on the worker's thread only, except the
// counters, which the metrics read (relaxed atomics, single writer).
struct TcpShared {
  TcpShared(QueryHandler& h, const TcpOptions& o) : handler(h), options(o), scratch(65535) {}

  QueryHandler& handler;
  TcpOptions options;
  TrafficCounters traffic;
  std::atomic<uint64_t> accepted{0}, rejected{0}, active{0}, closedIdle{0}, closedMalformed{0};
  std::vector<uint8_t> scratch;  // the handler writes here: a TCP message is at most 65535
  std::unordered_map<TcpConnection*, std::shared_ptr<TcpConnection>> open;

  TcpStats stats() const;
};

class TcpConnection : public std::enable_shared_from_this<TcpConnection> {
 public:
  enum class CloseReason { kPeer, kIdle, kMalformed, kError, kStop };

  TcpConnection(asio::ip::tcp::socket socket, const Endpoint& peer, TcpShared& shared);
  void start();
  void close(CloseReason reason);

 private:
  void read();
  void onRead(const asio::error_code& ec, size_t n);
  // Answers the complete queries received while the pending output is under its cap; stops at
  // a malformed length.
  void answerQueries();
  void write();
  void onWritten(const asio::error_code& ec);
  // After a read or a write: answer, send, then read more or, when finishing, close.
  void proceed();
  void armIdleTimer();
  size_t queuedBytes() const { return pending_.size() + writing_.size(); }

  asio::ip::tcp::socket socket_;
  asio::steady_timer idle_;
  Endpoint peer_;
  TcpShared& shared_;
  std::vector<uint8_t> in_;  // [inStart_, inEnd_) received and not yet answered
  size_t inStart_ = 0, inEnd_ = 0;
  std::vector<uint8_t> pending_, writing_;  // responses queued; responses being written
  bool reading_ = false, closed_ = false;
  std::optional<CloseReason> finishing_;  // no more reading: close once the answers are sent
};

}  // namespace anycast::dns::server
