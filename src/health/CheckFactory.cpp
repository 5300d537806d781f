#include "health/CheckFactory.h"

#include "bgp/session/AsioAddress.h"
#include "health/DnsProbe.h"
#include "health/ExecProbe.h"
#include "health/HttpProbe.h"
#include "health/ProcessProbe.h"
#include "health/TcpProbe.h"

namespace anycast::health {
namespace {

// The probe for `config` (null for an embedded check). `config` must be valid.
std::unique_ptr<Probe> makeProbe(const CheckConfig& config, asio::io_context& io) {
  asio::ip::address address = bgp::toAsio(config.address);
  switch (config.kind) {
    case CheckKind::kDns:
      return std::make_unique<DnsProbe>(io, asio::ip::udp::endpoint(address, config.port),
                                        config.dns);
    case CheckKind::kHttp:
      return std::make_unique<HttpProbe>(io, asio::ip::tcp::endpoint(address, config.port),
                                         config.http, httpHost(config));
    case CheckKind::kTcp:
      return std::make_unique<TcpProbe>(io, asio::ip::tcp::endpoint(address, config.port));
    case CheckKind::kExec:
      return std::make_unique<ExecProbe>(io, config.exec.argv);
    case CheckKind::kProcess:
      return std::make_unique<ProcessProbe>(io, config.process);
    case CheckKind::kEmbedded:
      break;
  }
  return nullptr;
}

}  // namespace

std::unique_ptr<CheckRunner> makeCheck(const CheckConfig& config, asio::io_context& io,
                                       TimerFactory& timers, const Clock& clock) {
  return std::make_unique<CheckRunner>(config, makeProbe(config, io), timers, clock);
}

}  // namespace anycast::health
