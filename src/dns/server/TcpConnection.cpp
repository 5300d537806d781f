// TcpConnection: RFC 7766 framing, pipelining, idle timeout and backpressure (see the header).
#include "dns/server/TcpConnection.h"

#include <cstring>

namespace anycast::dns::server {

namespace {
uint64_t load(const std::atomic<uint64_t>& c) { return c.load(std::memory_order_relaxed); }
}  // namespace

TcpStats& TcpStats::operator+=(const TcpStats& o) {
  accepted += o.accepted;
  rejected += o.rejected;
  active += o.active;
  closedIdle += o.closedIdle;
  closedMalformed += o.closedMalformed;
  return *this;
}

TcpStats TcpShared::stats() const {
  return {load(accepted), load(rejected), load(active), load(closedIdle), load(closedMalformed)};
}

TcpConnection::TcpConnection(asio::ip::tcp::socket socket, const Endpoint& peer, TcpShared& shared)
    : socket_(std::move(socket)),
      idle_(socket_.get_executor()),
      peer_(peer),
      shared_(shared),
      in_(2 * (2 + shared.options.maxQueryBytes)) {}

void TcpConnection::start() {
  addRelaxed(shared_.active);
  armIdleTimer();
  read();
}

void TcpConnection::close(CloseReason reason) {
  if (closed_) return;
  closed_ = true;
  if (reason == CloseReason::kIdle) addRelaxed(shared_.closedIdle);
  if (reason == CloseReason::kMalformed) addRelaxed(shared_.closedMalformed);
  addRelaxed(shared_.active, ~uint64_t{0});  // -1, modulo 2^64
  asio::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  idle_.cancel();
  auto self = shared_from_this();  // the map's reference goes now; pending handlers keep theirs
  shared_.open.erase(this);
}

void TcpConnection::armIdleTimer() {
  idle_.expires_after(shared_.options.idleTimeout);
  idle_.async_wait([self = shared_from_this()](const asio::error_code& ec) {
    if (!ec) self->close(CloseReason::kIdle);
  });
}

void TcpConnection::read() {
  if (closed_ || reading_ || finishing_ || queuedBytes() >= shared_.options.maxPendingBytes) return;
  if (inStart_ > 0) {  // keep the unanswered part at the front
    std::memmove(in_.data(), in_.data() + inStart_, inEnd_ - inStart_);
    inEnd_ -= inStart_;
    inStart_ = 0;
  }
  reading_ = true;
  socket_.async_read_some(
      asio::buffer(in_.data() + inEnd_, in_.size() - inEnd_),
      [self = shared_from_this()](const asio::error_code& ec, size_t n) { self->onRead(ec, n); });
}

void TcpConnection::onRead(const asio::error_code& ec, size_t n) {
  reading_ = false;
  if (closed_) return;
  if (ec == asio::error::eof) {
    finishing_ = CloseReason::kPeer;  // a half-close: answer what came, then close
  } else if (ec) {
    close(CloseReason::kError);
    return;
  }
  inEnd_ += n;
  armIdleTimer();
  proceed();
}

void TcpConnection::answerQueries() {
  const TcpOptions& o = shared_.options;
  while (finishing_ != CloseReason::kMalformed && queuedBytes() < o.maxPendingBytes &&
         inEnd_ - inStart_ >= 2) {
    size_t length = size_t{in_[inStart_]} << 8 | in_[inStart_ + 1];
    if (length == 0 || length > o.maxQueryBytes) {
      finishing_ = CloseReason::kMalformed;
      break;
    }
    if (inEnd_ - inStart_ < 2 + length) break;
    ByteSpan query(in_.data() + inStart_ + 2, length);
    inStart_ += 2 + length;
    shared_.traffic.received(length);
    auto handled = shared_.handler.handle(query, peer_, Transport::kTcp, shared_.scratch);
    if (!handled || handled->length == 0 || handled->length > shared_.scratch.size()) {
      shared_.traffic.dropped();
      continue;
    }
    size_t size = handled->length;
    pending_.push_back(static_cast<uint8_t>(size >> 8));
    pending_.push_back(static_cast<uint8_t>(size));
    pending_.insert(pending_.end(), shared_.scratch.begin(), shared_.scratch.begin() + size);
    shared_.traffic.sent(shared_.scratch.data(), size);
  }
}

void TcpConnection::write() {
  if (closed_ || !writing_.empty() || pending_.empty()) return;
  writing_.swap(pending_);
  asio::async_write(
      socket_, asio::buffer(writing_),
      [self = shared_from_this()](const asio::error_code& ec, size_t) { self->onWritten(ec); });
}

void TcpConnection::onWritten(const asio::error_code& ec) {
  writing_.clear();
  if (closed_) return;
  if (ec) {
    close(CloseReason::kError);
    return;
  }
  armIdleTimer();
  proceed();
}

void TcpConnection::proceed() {
  answerQueries();
  write();
  if (finishing_ && writing_.empty())
    close(*finishing_);
  else
    read();
}

}  // namespace anycast::dns::server
