#include "bgp/session/Listener.h"

#include <algorithm>

#include "base/Log.h"
#include "bgp/session/AsioAddress.h"
#include "bgp/session/Peer.h"
#include "bgp/session/SocketOptions.h"

namespace anycast::bgp {

namespace {
constexpr size_t kMaxUnknownLogged = 1024;  // a scan must not grow memory without bound
}

Listener::Listener(asio::io_context& io, IpAddress address, uint16_t port)
    : acceptor_(io), endpoint_(toAsio(address), port) {}

Result<Ok> Listener::open() {
  asio::error_code ec;
  acceptor_.open(endpoint_.protocol(), ec);
  if (!ec && endpoint_.protocol() == asio::ip::tcp::v6()) {
    acceptor_.set_option(asio::ip::v6_only(false), ec);
  }
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint_, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    acceptor_.close(ec);
    return failWith("listen on " + endpoint_.address().to_string() + " port " +
                    std::to_string(endpoint_.port()) + ": " + ec.message());
  }
  LOG_INFO("bgp.listener.open",
           LogFields().kv("address", endpoint_.address().to_string()).kv("port", port()));
  acceptNext();
  return Ok{};
}

uint16_t Listener::port() const {
  asio::error_code ec;
  return acceptor_.local_endpoint(ec).port();
}

void Listener::close() {
  asio::error_code ignored;
  acceptor_.close(ignored);
}

Result<Ok> Listener::addPeer(Peer& peer) {
  const PeerConfig& c = peer.config();
  if (acceptor_.is_open() && !c.md5Password.empty()) {
    auto md5 = setTcpMd5(acceptor_.native_handle(), c.remoteAddress, c.md5Password);
    if (!md5) return md5;
  }
  if (acceptor_.is_open() && c.gtsm) {
    auto ttl = setOutgoingTtl255(acceptor_.native_handle());
    if (!ttl) return ttl;
  }
  peers_.push_back(&peer);
  return Ok{};
}

void Listener::removePeer(Peer& peer) {
  const PeerConfig& c = peer.config();
  if (acceptor_.is_open() && !c.md5Password.empty()) {
    (void)setTcpMd5(acceptor_.native_handle(), c.remoteAddress, {});  // deletes the key
  }
  peers_.erase(std::remove(peers_.begin(), peers_.end(), &peer), peers_.end());
}

void Listener::acceptNext() {
  acceptor_.async_accept([this](const asio::error_code& ec, asio::ip::tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;  // closed
    if (ec) {
      LOG_WARN("bgp.listener.accept_error", LogFields().kv("reason", ec.message()));
    } else {
      onAccepted(std::move(socket));
    }
    acceptNext();
  });
}

void Listener::onAccepted(asio::ip::tcp::socket socket) {
  asio::error_code ec;
  IpAddress from = fromAsio(socket.remote_endpoint(ec).address());
  if (ec) return;
  for (Peer* peer : peers_) {
    if (peer->config().remoteAddress == from) return peer->accept(std::move(socket));
  }
  if (unknownLogged_.size() < kMaxUnknownLogged && unknownLogged_.insert(from).second) {
    LOG_WARN("bgp.listener.unknown_peer", LogFields().kv("from", from.str()));
  }
  socket.close(ec);
}

}  // namespace anycast::bgp
