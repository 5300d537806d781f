// Helpers for the DNS server's tests on loopback: a stub QueryHandler that echoes the query
// as its answer, and blocking UDP and TCP clients whose every wait is bounded.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "../FakeClock.h"
#include "dns/server/DnsServer.h"
#include "dns/server/Socket.h"

namespace anycast::dns::server::testing {

// Generous: a loaded 2-core machine may be slow, but a wait that never ends still ends.
constexpr std::chrono::seconds kBound{10};

// A query for www.example. A with the given ID.
inline Bytes makeQuery(uint16_t id) {
  Bytes q = {static_cast<uint8_t>(id >> 8), static_cast<uint8_t>(id), 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
  const uint8_t question[] = {3,   'w', 'w', 'w', 7, 'e', 'x', 'a', 'm',
                              'p', 'l', 'e', 0,   0, 1,   0,   1};
  q.insert(q.end(), std::begin(question), std::end(question));
  return q;
}
inline uint16_t idOf(const Bytes& m) { return m.size() >= 2 ? uint16_t(m[0] << 8 | m[1]) : 0; }
inline bool truncatedBit(const Bytes& m) { return m.size() >= 3 && (m[2] & 0x02); }

// Answers every query with itself, QR and AA set; IDs from 0xff00 get no answer. Counts the
// queries per transport.
class EchoHandler : public QueryHandler {
 public:
  std::optional<HandledQuery> handle(ByteSpan query, const Endpoint&, Transport transport,
                                     std::span<uint8_t> out) override {
    (transport == Transport::kUdp ? udp : tcp).fetch_add(1);
    if (query.size() < 12 || query.size() > out.size() || (query[0] == 0xff)) return std::nullopt;
    std::memcpy(out.data(), query.data(), query.size());
    out[2] |= 0x84;  // QR, AA
    return HandledQuery{query.size(), rrl::ResponseClass::kAnswer, 42};
  }
  std::optional<size_t> truncatedReply(ByteSpan query, std::span<uint8_t> out) override {
    std::memcpy(out.data(), query.data(), query.size());
    out[2] |= 0x82;  // QR, TC
    return query.size();
  }
  std::atomic<int> udp{0}, tcp{0};
};

// Waits (bounded) until `done()` holds; returns done().
inline bool eventually(const std::function<bool()>& done) {
  auto deadline = std::chrono::steady_clock::now() + kBound;
  while (!done() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return done();
}

// A blocking socket connected to `to`, every receive bounded by `timeout`.
inline UniqueFd connectTo(int type, const Endpoint& to,
                          std::chrono::milliseconds timeout = kBound) {
  UniqueFd fd(::socket(to.address.isV4() ? AF_INET : AF_INET6, type | SOCK_CLOEXEC, 0));
  timeval tv{static_cast<time_t>(timeout.count() / 1000),
             static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  sockaddr_storage sa;
  socklen_t len = toSockaddr(to, sa);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&sa), len) != 0) return UniqueFd();
  return fd;
}

inline bool sendAll(int fd, const Bytes& data) {
  return ::send(fd, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size());
}

// One datagram, or nullopt on timeout.
inline std::optional<Bytes> receiveDatagram(int fd) {
  Bytes buf(65535);
  ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
  if (n < 0) return std::nullopt;
  buf.resize(static_cast<size_t>(n));
  return buf;
}

// A TCP message with its 2-octet length prefix.
inline Bytes framed(const Bytes& message) {
  Bytes out = {static_cast<uint8_t>(message.size() >> 8), static_cast<uint8_t>(message.size())};
  out.insert(out.end(), message.begin(), message.end());
  return out;
}

// Exactly n bytes, or fewer if the connection closed or the receive timed out.
inline Bytes receiveBytes(int fd, size_t n) {
  Bytes out(n);
  size_t got = 0;
  while (got < n) {
    ssize_t r = ::recv(fd, out.data() + got, n - got, 0);
    if (r <= 0) break;
    got += static_cast<size_t>(r);
  }
  out.resize(got);
  return out;
}

// One length-prefixed message, or nullopt if the connection closed or timed out first.
inline std::optional<Bytes> receiveMessage(int fd) {
  Bytes length = receiveBytes(fd, 2);
  if (length.size() < 2) return std::nullopt;
  size_t n = size_t{length[0]} << 8 | length[1];
  Bytes message = receiveBytes(fd, n);
  if (message.size() < n) return std::nullopt;
  return message;
}

// True if the peer closed the connection (orderly or reset) before the timeout.
inline bool closedByPeer(int fd) {
  uint8_t b;
  ssize_t r = ::recv(fd, &b, 1, 0);
  return r == 0 || (r < 0 && errno == ECONNRESET);
}

// A DnsServer on loopback (127.0.0.1 and ::1, ports chosen by the system) with an
// EchoHandler and a fake clock that only the test moves.
struct TestServer {
  static DnsServerConfig loopback(unsigned udpWorkers) {
    DnsServerConfig c;
    c.listen = {{*IpAddress::parse("127.0.0.1"), 0}, {*IpAddress::parse("::1"), 0}};
    c.udpWorkers = udpWorkers;
    return c;
  }
  explicit TestServer(DnsServerConfig config)
      : server(std::make_unique<DnsServer>(std::move(config), handler, clock)) {}
  const Endpoint& v4() const { return server->listening()[0]; }
  const Endpoint& v6() const { return server->listening()[1]; }
  TrafficStats udp() const {
    TrafficStats sum;
    for (const TrafficStats& w : server->stats().udpWorkers) sum += w;
    return sum;
  }

  EchoHandler handler;
  dns::testing::FakeClock clock;
  std::unique_ptr<DnsServer> server;
};

}  // namespace anycast::dns::server::testing
