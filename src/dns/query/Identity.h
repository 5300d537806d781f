// Identity: what the server says about itself — the NSID option (RFC 5001) and the CHAOS TXT
// answers id.server and hostname.bind (RFC 4892 §2) and version.bind/version.server. Anycast
// operators set these per site so a client can tell which site answered.
#pragma once

#include <optional>
#include <string>

namespace anycast::dns {

struct Identity {
  std::string nsid;                         // empty: no NSID option in responses
  std::optional<std::string> idServer;      // id.server. CH TXT; nullopt: hidden (REFUSED)
  std::optional<std::string> hostnameBind;  // hostname.bind. CH TXT
  std::optional<std::string> versionBind;   // version.bind. and version.server. CH TXT
};

}  // namespace anycast::dns
