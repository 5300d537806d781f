// Connection: the transport of one BGP TCP connection. RFC 4271 §4.1 framing on the read side
// (bytes accumulate until frameMessage says a whole message is there); on the write side the
// encoded messages are appended to one output buffer, written at once with non-blocking
// writes for as long as the kernel takes them, the rest when the socket is writable again (as
// BIRD's sk_send does); and a graceful close that flushes the buffer (so a final NOTIFICATION
// arrives), half-closes, drains, and is bounded by kCloseLinger.
// Runs on its io_context's thread; handlers are never called after close().
#pragma once

#include <asio.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/Bytes.h"
#include "base/Clock.h"
#include "base/Ip.h"
#include "bgp/wire/CodecOptions.h"
#include "bgp/wire/WireError.h"

namespace anycast::bgp {

constexpr Duration kCloseLinger = std::chrono::seconds(5);

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  struct Handlers {
    std::function<void(ByteSpan message)> onMessage;  // one whole message, header included
    // The stream is not BGP any more (bad marker/length/type): `bytes` are the offending ones.
    std::function<void(const WireError& error, ByteSpan bytes)> onFramingError;
    std::function<void(const std::string& reason)> onClosed;  // EOF or socket error
    // What send() could not hand to the kernel at once has now been handed to it (optional).
    // Never called from within send().
    std::function<void()> onDrained;
  };

  Connection(asio::ip::tcp::socket socket, bool locallyInitiated, TimerFactory& timers);

  void start(Handlers handlers);
  // Negotiated options (RFC 8654 raises the maximum message size) for the following frames.
  void setOptions(const CodecOptions& options) { options_ = options; }
  // Writes the messages now, in one system call, as far as the kernel takes them; the rest
  // is queued behind what waits already.
  void send(std::span<const Bytes> messages);
  void send(const Bytes& message) { send(std::span<const Bytes>(&message, 1)); }
  void close();

  bool locallyInitiated() const { return locallyInitiated_; }
  IpAddress localAddress() const { return localAddress_; }
  // Bytes given to send() that the kernel has not taken yet.
  size_t queuedBytes() const { return outbuf_.size() - outStart_; }

 private:
  void readMore();
  void onRead(const asio::error_code& ec, size_t n);
  void deliverFrames();
  // Writes what is queued until the kernel stops taking it: no error when all is written,
  // would_block when its buffer is full, or what else failed.
  asio::error_code writeQueued();
  void awaitWritable();
  void onWritable(const asio::error_code& waitError);
  void fail(const std::string& reason);
  void closeSocket();

  asio::ip::tcp::socket socket_;
  bool locallyInitiated_;
  IpAddress localAddress_;
  std::unique_ptr<Timer> lingerTimer_;
  Handlers handlers_;
  CodecOptions options_;
  // Large enough that a burst of UPDATEs is read, and its routes passed on, in few batches.
  std::array<uint8_t, 65536> chunk_{};
  Bytes inbuf_;
  // Queued output is outbuf_[outStart_, size()); consumed bytes are dropped in bulk.
  Bytes outbuf_;
  size_t outStart_ = 0;
  bool awaitingWritable_ = false;  // queuedBytes() > 0 exactly while this is set
  // A drained buffer keeps up to this much memory for the next burst.
  static constexpr size_t kKeptOutputCapacity = 1 << 20;
  bool closed_ = false;  // by us or by the peer: no more handler calls, no more sends
};

}  // namespace anycast::bgp
