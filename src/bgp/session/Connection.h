// Connection: the transport of one BGP TCP connection. RFC 4271 §4.1 framing on the read side
// (bytes accumulate until frameMessage says a whole message is there), a queue of encoded
// messages written with async_write on the other, and a graceful close that flushes the queue
// (so a final NOTIFICATION arrives), half-closes, drains, and is bounded by kCloseLinger.
// Runs on its io_context's thread; handlers are never called after close().
#pragma once

#include <asio.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
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
    // Everything queued by send() has been handed to the kernel (optional).
    std::function<void()> onDrained;
  };

  Connection(asio::ip::tcp::socket socket, bool locallyInitiated, TimerFactory& timers);

  void start(Handlers handlers);
  // Negotiated options (RFC 8654 raises the maximum message size) for the following frames.
  void setOptions(const CodecOptions& options) { options_ = options; }
  void send(Bytes message);
  void close();

  bool locallyInitiated() const { return locallyInitiated_; }
  IpAddress localAddress() const { return localAddress_; }
  size_t queuedBytes() const { return queuedBytes_; }

 private:
  void readMore();
  void onRead(const asio::error_code& ec, size_t n);
  void deliverFrames();
  void writeNext();
  void onWritten(const asio::error_code& ec, size_t messages);
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
  static constexpr size_t kMaxMessagesPerWrite = 64;
  std::deque<Bytes> queue_;
  size_t queuedBytes_ = 0;
  bool writing_ = false;
  bool closed_ = false;  // by us or by the peer: no more handler calls, no more sends
};

}  // namespace anycast::bgp
