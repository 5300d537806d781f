// CodecOptions: what was negotiated on a session and changes the wire format.
// RFC 6793 (4-octet AS), RFC 8654 (extended messages).
#pragma once

#include <cstddef>
#include <cstdint>

namespace anycast::bgp {

constexpr size_t kHeaderSize = 19;            // RFC 4271 §4.1
constexpr size_t kMaxMessageSize = 4096;      // RFC 4271 §4
constexpr size_t kMaxExtendedMessageSize = 65535;  // RFC 8654
constexpr uint16_t kAsTrans = 23456;          // RFC 6793 §9

struct CodecOptions {
  bool fourOctetAs = true;       // both sides advertised the 4-octet AS capability
  bool extendedMessage = false;  // both sides advertised extended message (RFC 8654)
  size_t maxMessageSize() const { return extendedMessage ? kMaxExtendedMessageSize : kMaxMessageSize; }
};

}  // namespace anycast::bgp
