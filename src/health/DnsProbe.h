// DnsProbe: one DNS query over UDP (RFC 1035 §4.2.1) from a fresh socket with a random source
// port and a random ID, expecting an rcode and optionally an answer. The socket is connected,
// so an ICMP port unreachable from a dead server fails the probe at once ("Connection
// refused") instead of at the timeout. No TCP fallback: a truncated response (TC) passes on
// its rcode, but an expected answer must be in it.
#pragma once

#include <array>
#include <asio.hpp>
#include <memory>
#include <random>

#include "base/Bytes.h"
#include "health/CheckConfig.h"
#include "health/Probe.h"
#include "health/SocketAttempt.h"

namespace anycast::health {

// Whether `wire`, the response to query `id`, passes the check.
ProbeResult evaluateDnsResponse(ByteSpan wire, uint16_t id, const DnsCheckConfig& config);

class DnsProbe : public Probe {
 public:
  DnsProbe(asio::io_context& io, asio::ip::udp::endpoint target, DnsCheckConfig config);
  ~DnsProbe() override { cancel(); }

  void start(Done done) override;
  void cancel() override;

 private:
  struct Attempt : SocketAttempt<asio::ip::udp::socket> {
    using SocketAttempt::SocketAttempt;
    uint16_t id = 0;
    Bytes query;
    std::array<uint8_t, 4096> buffer{};  // we send no EDNS, so answers are at most 512 octets
  };
  void fail(const std::shared_ptr<Attempt>& a, std::string detail);

  asio::io_context& io_;
  asio::ip::udp::endpoint target_;
  DnsCheckConfig config_;
  std::mt19937 random_;
  std::shared_ptr<Attempt> attempt_;
};

}  // namespace anycast::health
