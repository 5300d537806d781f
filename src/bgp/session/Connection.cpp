#include "bgp/session/Connection.h"

#include "bgp/session/AsioAddress.h"
#include "bgp/wire/Message.h"

namespace anycast::bgp {

Connection::Connection(asio::ip::tcp::socket socket, bool locallyInitiated, TimerFactory& timers)
    : socket_(std::move(socket)), locallyInitiated_(locallyInitiated) {
  asio::error_code ec;
  localAddress_ = fromAsio(socket_.local_endpoint(ec).address());
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  lingerTimer_ = timers.create([this] { closeSocket(); });
}

void Connection::start(Handlers handlers) {
  handlers_ = std::move(handlers);
  readMore();
}

void Connection::readMore() {
  socket_.async_read_some(
      asio::buffer(chunk_),
      [self = shared_from_this()](const asio::error_code& ec, size_t n) { self->onRead(ec, n); });
}

void Connection::onRead(const asio::error_code& ec, size_t n) {
  if (ec) {
    fail(ec == asio::error::eof ? "connection closed by peer" : ec.message());
    closeSocket();
    return;
  }
  // After close() we keep reading, and discard, until the peer closes too or the linger ends:
  // closing with unread data would reset the connection and could lose our NOTIFICATION.
  if (!closed_) {
    inbuf_.insert(inbuf_.end(), chunk_.begin(), chunk_.begin() + n);
    deliverFrames();
  }
  readMore();
}

void Connection::deliverFrames() {
  size_t offset = 0;
  while (!closed_) {
    ByteSpan rest(inbuf_.data() + offset, inbuf_.size() - offset);
    auto length = frameMessage(rest, options_);
    if (!length) {
      handlers_.onFramingError(length.error(), rest.first(std::min(rest.size(), kHeaderSize)));
      close();
      break;
    }
    if (*length == 0) break;
    handlers_.onMessage(rest.first(*length));
    offset += *length;
  }
  inbuf_.erase(inbuf_.begin(), inbuf_.begin() + static_cast<std::ptrdiff_t>(offset));
}

void Connection::send(Bytes message) {
  if (closed_) return;
  queuedBytes_ += message.size();
  queue_.push_back(std::move(message));
  if (!writing_) writeNext();
}

void Connection::writeNext() {
  // One gathered write for many queued messages: a burst of UPDATEs costs one system call per
  // kMaxMessagesPerWrite, not one each.
  // The buffers point into queue_, whose elements do not move on push_back.
  writing_ = true;
  std::vector<asio::const_buffer> buffers;
  for (size_t i = 0; i < queue_.size() && i < kMaxMessagesPerWrite; ++i)
    buffers.push_back(asio::buffer(queue_[i]));
  asio::async_write(socket_, buffers,
                    [self = shared_from_this(), n = buffers.size()](
                        const asio::error_code& ec, size_t) { self->onWritten(ec, n); });
}

void Connection::onWritten(const asio::error_code& ec, size_t messages) {
  writing_ = false;
  for (size_t i = 0; i < messages; ++i) {
    queuedBytes_ -= queue_.front().size();
    queue_.pop_front();
  }
  if (ec) {
    fail(ec.message());
    closeSocket();
    return;
  }
  if (!queue_.empty()) return writeNext();
  if (closed_) {
    asio::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  } else if (handlers_.onDrained) {
    handlers_.onDrained();
  }
}

void Connection::close() {
  if (closed_) return;
  closed_ = true;
  lingerTimer_->start(kCloseLinger);
  if (!writing_) {
    asio::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  }
}

void Connection::fail(const std::string& reason) {
  if (closed_) return;
  closed_ = true;
  handlers_.onClosed(reason);
}

void Connection::closeSocket() {
  lingerTimer_->cancel();
  asio::error_code ignored;
  socket_.close(ignored);
}

}  // namespace anycast::bgp
