// DnsConfigLoader: reads anycast-dns's YAML file (docs/config.md, "anycast-dns") into
// dns::service::DnsServiceConfig, or builds one from the benchmark's command-line flags.
// Every file error names file:line and the key; unknown keys are errors. Zone files are not
// read here (DnsService and `anycast-dns --check-config` load them and report their
// file:line).
#pragma once

#include <string>
#include <vector>

#include "base/Result.h"
#include "config/ConfigLoader.h"
#include "dns/service/DnsServiceConfig.h"

namespace anycast::config {

Result<dns::service::DnsServiceConfig, ConfigError> loadDnsConfigFile(const std::string& path);
// For tests: `name` is the file name in errors and the base of relative zone file paths.
Result<dns::service::DnsServiceConfig, ConfigError> loadDnsConfigText(const std::string& text,
                                                                      const std::string& name);

// From flags instead of a file: --listen ADDR[:PORT] (repeatable), --udp-workers N,
// --tcp-workers N, --zone ORIGIN=FILE (repeatable); the error names the flag.
Result<dns::service::DnsServiceConfig> dnsConfigFromFlags(const std::vector<std::string>& args);

// The default identity: NSID, id.server and hostname.bind are the host name (so a client can
// tell which site answered); version.bind is hidden.
dns::Identity hostIdentity();

}  // namespace anycast::config
