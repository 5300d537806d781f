// DnsServiceConfig: the authoritative DNS service as plain data with defaults — where it
// listens and with how many workers (DnsServerConfig: RFC 7766 TCP limits, RRL), who it says
// it is (Identity: NSID RFC 5001, CHAOS TXT RFC 4892), which zones it serves (RFC 1035 master
// files), the whole-server query cap and the control endpoints. config/DnsConfigLoader reads
// it from YAML (docs/config.md, "anycast-dns"); nothing here knows YAML.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dns/query/Identity.h"
#include "dns/server/DnsServer.h"
#include "dns/wire/Name.h"

namespace anycast::dns::service {

struct ZoneConfig {
  Name origin;
  std::string file;  // as given (a relative path is resolved by the loader)
};

struct DnsControlConfig {
  std::string socket;                        // empty: no control socket
  std::optional<server::Endpoint> metrics;   // nullopt: no /metrics listener
};

struct DnsServiceConfig {
  std::string path;  // the config file; empty when built from command-line flags
  server::DnsServerConfig server;
  Identity identity;  // the loader's default: the host name, version.bind hidden
  std::vector<ZoneConfig> zones;
  // Whole-server cap on UDP answers per second (a token bucket holding one second's worth);
  // answers beyond it are dropped and counted. 0: no cap.
  uint32_t maxQps = 0;
  DnsControlConfig control;
  // The loader's text of the settings a reload cannot apply (listen, workers, rrl, limits,
  // tcp, control): a reload that finds it changed says a restart is needed.
  std::string restartFingerprint;
};

}  // namespace anycast::dns::service
