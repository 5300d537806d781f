// Transport: which transport a DNS query came over (RFC 1035 §4.2: UDP and TCP). The answer
// depends on it (truncation applies to UDP only), and so does RRL (UDP only).
#pragma once

#include <cstdint>

namespace anycast::dns {

enum class Transport : uint8_t { kUdp, kTcp };

}  // namespace anycast::dns
