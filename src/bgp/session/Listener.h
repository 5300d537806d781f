// Listener: accepts BGP connections on one address:port and hands each to the Peer configured
// for its source address; a connection from an unknown address is closed (logged once per
// address). RFC 4271 §8 (incoming connections), RFC 2385 (the listening socket carries one
// TCP-MD5 key per peer address), RFC 5082 (GTSM peers: SYN-ACKs leave with TTL 255).
// Runs on the Peers' io_context thread.
#pragma once

#include <asio.hpp>
#include <cstdint>
#include <set>
#include <vector>

#include "base/Ip.h"
#include "base/Result.h"
#include "bgp/session/PeerConfig.h"

namespace anycast::bgp {

class Peer;

class Listener {
 public:
  // "::" listens dual-stack (IPv4 peers arrive v4-mapped); an IPv4 address listens on IPv4 only.
  // Port 0 picks a free port (see port()).
  Listener(asio::io_context& io, IpAddress address, uint16_t port = kBgpPort);

  Result<Ok> open();
  uint16_t port() const;
  void close();

  // Incoming connections from peer.config().remoteAddress go to `peer`, which must stay alive
  // until removePeer().
  Result<Ok> addPeer(Peer& peer);
  void removePeer(Peer& peer);

 private:
  void acceptNext();
  void onAccepted(asio::ip::tcp::socket socket);

  asio::ip::tcp::acceptor acceptor_;
  asio::ip::tcp::endpoint endpoint_;
  std::vector<Peer*> peers_;
  std::set<IpAddress> unknownLogged_;  // sources already logged (bounded)
};

}  // namespace anycast::bgp
