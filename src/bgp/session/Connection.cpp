#include "bgp/session/Connection.h"

#include "bgp/session/AsioAddress.h"
#include "bgp/wire/Message.h"

namespace anycast::bgp {

Connection::Connection(asio::ip::tcp::socket socket, bool locallyInitiated, TimerFactory& timers)
    : socket_(std::move(socket)), locallyInitiated_(locallyInitiated) {
  asio::error_code ec;
  localAddress_ = fromAsio(socket_.local_endpoint(ec).address());
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  socket_.non_blocking(true, ec);  // writeQueued() writes until the kernel's buffer is full
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

void Connection::send(std::span<const Bytes> messages) {
  if (closed_) return;
  for (const Bytes& message : messages) outbuf_.insert(outbuf_.end(), message.begin(), message.end());
  // While waiting for writability the socket has no room: the bytes join the queue. Any
  // error but a full buffer is left to the wait too, which completes at once and reports it
  // outside send().
  if (!awaitingWritable_ && writeQueued()) awaitWritable();
}

asio::error_code Connection::writeQueued() {
  // One system call for as many queued messages as the kernel takes: a burst of UPDATEs costs
  // a few writes, not one (or one reactor turn) per message.
  asio::error_code ec;
  while (queuedBytes() > 0 && !ec)
    outStart_ += socket_.write_some(asio::buffer(outbuf_.data() + outStart_, queuedBytes()), ec);
  if (queuedBytes() == 0) {
    outbuf_.clear();
    outStart_ = 0;
    if (outbuf_.capacity() > kKeptOutputCapacity) Bytes().swap(outbuf_);
  } else if (outStart_ > outbuf_.size() / 2) {
    outbuf_.erase(outbuf_.begin(), outbuf_.begin() + static_cast<std::ptrdiff_t>(outStart_));
    outStart_ = 0;
  }
  return ec;
}

void Connection::awaitWritable() {
  awaitingWritable_ = true;
  socket_.async_wait(asio::ip::tcp::socket::wait_write,
                     [self = shared_from_this()](const asio::error_code& ec) {
                       self->onWritable(ec);
                     });
}

void Connection::onWritable(const asio::error_code& waitError) {
  awaitingWritable_ = false;
  if (waitError == asio::error::operation_aborted) return;  // the socket was closed
  asio::error_code ec = waitError ? waitError : writeQueued();
  if (ec == asio::error::would_block) return awaitWritable();
  if (ec) {
    fail(ec.message());
    closeSocket();
    return;
  }
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
  if (queuedBytes() == 0) {
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
