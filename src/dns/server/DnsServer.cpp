// DnsServer: binding the workers' sockets (resolving port 0 once per address, so every worker
// and both transports share it), starting and stopping the workers, summing their stats.
#include "dns/server/DnsServer.h"

#include <algorithm>
#include <random>
#include <thread>

namespace anycast::dns::server {

DnsServer::DnsServer(DnsServerConfig config, QueryHandler& handler, const Clock& clock)
    : config_(std::move(config)), handler_(handler), clock_(clock) {
  if (config_.udpWorkers == 0)
    config_.udpWorkers = std::max(1u, std::thread::hardware_concurrency());
}

DnsServer::~DnsServer() { stop(); }

namespace {

// One address's sockets: one UDP and one TCP socket per worker, all on the same port.
struct AddressSockets {
  std::vector<UniqueFd> udp, tcp;
};

Result<AddressSockets> openAddress(Endpoint& at, const DnsServerConfig& config) {
  AddressSockets out;
  for (unsigned i = 0; i < config.udpWorkers; ++i) {
    auto fd = openListeningSocket(SocketKind::kUdp, at, 0);
    if (!fd) return fail(fd.error());
    if (at.port == 0) {
      auto port = boundPort(fd->get());
      if (!port) return fail(port.error());
      at.port = *port;
    }
    out.udp.push_back(std::move(*fd));
  }
  for (unsigned i = 0; i < config.tcpWorkers; ++i) {
    auto fd = openListeningSocket(SocketKind::kTcp, at, config.tcp.backlog);
    if (!fd) return fail(fd.error());
    out.tcp.push_back(std::move(*fd));
  }
  return out;
}

}  // namespace

Result<Ok> DnsServer::open() {
  if (config_.listen.empty()) return failWith("dns.listen: no address");
  if (config_.tcpWorkers == 0) return failWith("dns.tcp-workers: must be at least 1");
  if (config_.udp.batch == 0) return failWith("dns.udp-batch: must be at least 1");
  if (auto ok = rrl::validate(config_.rrl); !ok) return fail(ok.error());
  udp_.clear();
  tcp_.clear();
  rrl_.reset();
  std::vector<std::vector<UniqueFd>> udp(config_.udpWorkers), tcp(config_.tcpWorkers);
  for (Endpoint& at : config_.listen) {
    // A port the system chose for UDP may be taken for TCP (a client's ephemeral port): then
    // another is tried.
    constexpr int kPortZeroTries = 16;
    bool anyPort = at.port == 0;
    auto sockets = openAddress(at, config_);
    for (int tries = 1; !sockets && anyPort && tries < kPortZeroTries; ++tries) {
      at.port = 0;
      sockets = openAddress(at, config_);
    }
    if (!sockets) return fail(sockets.error());
    for (size_t i = 0; i < udp.size(); ++i) udp[i].push_back(std::move(sockets->udp[i]));
    for (size_t i = 0; i < tcp.size(); ++i) tcp[i].push_back(std::move(sockets->tcp[i]));
  }
  if (config_.rrl.enabled()) {
    std::random_device random;
    uint64_t seed = uint64_t{random()} << 32 | random();
    rrl_ = std::make_unique<rrl::RrlTable>(config_.rrl, clock_, seed);
  }
  for (auto& sockets : udp)
    udp_.push_back(
        std::make_unique<UdpWorker>(std::move(sockets), handler_, rrl_.get(), config_.udp));
  for (auto& sockets : tcp)
    tcp_.push_back(std::make_unique<TcpWorker>(std::move(sockets), handler_, config_.tcp));
  return Ok{};
}

Result<Ok> DnsServer::start() {
  auto started = open();
  for (size_t i = 0; started && i < udp_.size(); ++i) started = udp_[i]->start();
  for (size_t i = 0; started && i < tcp_.size(); ++i) started = tcp_[i]->start();
  if (!started) stop();
  return started;
}

void DnsServer::stop() {
  for (auto& w : udp_) w->stop();
  for (auto& w : tcp_) w->stop();
}

DnsServerStats DnsServer::stats() const {
  DnsServerStats s;
  for (const auto& w : udp_) s.udpWorkers.push_back(w->counters().snapshot());
  for (const auto& w : tcp_) {
    s.tcp += w->traffic().snapshot();
    s.tcpConnections += w->stats();
  }
  if (rrl_) s.rrl = rrl_->stats();
  return s;
}

}  // namespace anycast::dns::server
