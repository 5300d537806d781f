// dns_echo_server: the DNS server's transports (src/dns/server: UDP workers with
// recvmmsg/sendmmsg, TCP workers) behind a handler that answers every query with the query
// itself, QR set — no lookup at all. bench/dns/run.sh runs it as its "echo" row: the ceiling
// the transports put on anycast-dns on this machine, measured the same way as Knot and NSD.
//
//   dns_echo_server --listen 127.0.0.1:53 [--listen [::1]:53] [--udp-workers N] [--tcp-workers N]
//
// Runs until SIGTERM or SIGINT.
#include <signal.h>

#include <cstring>
#include <iostream>
#include <optional>
#include <string>

#include "dns/server/DnsServer.h"
#include "health/SteadyClock.h"

namespace {

using namespace anycast;
using namespace anycast::dns::server;

class EchoHandler : public QueryHandler {
 public:
  std::optional<HandledQuery> handle(ByteSpan query, const Endpoint&, dns::Transport,
                                     std::span<uint8_t> out) override {
    if (query.size() < 12 || query.size() > out.size()) return std::nullopt;
    std::memcpy(out.data(), query.data(), query.size());
    out[2] |= 0x80;  // QR
    return HandledQuery{query.size(), dns::rrl::ResponseClass::kAnswer, 0};
  }
  std::optional<size_t> truncatedReply(ByteSpan, std::span<uint8_t>) override {
    return std::nullopt;  // RRL is off here
  }
};

// "192.0.2.1:53" or "[2001:db8::1]:53".
std::optional<Endpoint> parseEndpoint(const std::string& text) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  auto address = IpAddress::parse(host);
  int port = std::atoi(text.c_str() + colon + 1);
  if (!address || port <= 0 || port > 65535) return std::nullopt;
  return Endpoint{*address, static_cast<uint16_t>(port)};
}

}  // namespace

int main(int argc, char** argv) {
  DnsServerConfig config;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string option = argv[i], value = argv[i + 1];
    if (option == "--listen" && parseEndpoint(value)) {
      config.listen.push_back(*parseEndpoint(value));
    } else if (option == "--udp-workers") {
      config.udpWorkers = static_cast<unsigned>(std::atoi(value.c_str()));
    } else if (option == "--tcp-workers") {
      config.tcpWorkers = static_cast<unsigned>(std::atoi(value.c_str()));
    } else {
      std::cerr << "dns_echo_server: bad option " << option << " " << value << "\n";
      return 2;
    }
  }
  // Blocked before any thread starts, so only sigwait below sees them.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);

  EchoHandler handler;
  health::SteadyClock clock;
  DnsServer server(std::move(config), handler, clock);
  if (auto started = server.start(); !started) {
    std::cerr << "dns_echo_server: " << started.error().message << "\n";
    return 1;
  }
  int signal = 0;
  sigwait(&stop, &signal);
  server.stop();
  return 0;
}
