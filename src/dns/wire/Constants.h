// DNS protocol numbers used by the codec and the query processor: header bits (RFC 1035
// §4.1.1), RCODEs (RFC 1035, RFC 6891 §9 BADVERS), classes, and the RR types the server treats
// specially (all other types are carried opaquely, RFC 3597).
#pragma once

#include <cstddef>
#include <cstdint>

namespace anycast::dns {

inline constexpr size_t kHeaderSize = 12;
inline constexpr size_t kMaxUdpWithoutEdns = 512;     // RFC 1035 §4.2.1
inline constexpr uint16_t kDefaultMaxPayload = 1232;  // Knot's udp-max-payload default

// Header flag bits in the 16-bit word after the ID.
inline constexpr uint16_t kFlagQr = 0x8000;
inline constexpr uint16_t kFlagAa = 0x0400;
inline constexpr uint16_t kFlagTc = 0x0200;
inline constexpr uint16_t kFlagRd = 0x0100;
inline constexpr uint16_t kFlagCd = 0x0010;

inline constexpr uint8_t kOpcodeQuery = 0;

enum class Rcode : uint16_t {
  kNoError = 0,
  kFormErr = 1,
  kServFail = 2,
  kNxDomain = 3,
  kNotImp = 4,
  kRefused = 5,
  kYxDomain = 6,  // RFC 2136 §2.2; RFC 6672 §2.2: a DNAME substitution longer than 255 octets
  kBadVers = 16,  // RFC 6891 §9: extended, the upper 8 bits go in the OPT TTL
};

inline constexpr uint16_t kClassIn = 1;
inline constexpr uint16_t kClassCh = 3;  // CHAOS, RFC 4892 identity queries
inline constexpr uint16_t kClassAny = 255;

inline constexpr uint16_t kTypeA = 1;
inline constexpr uint16_t kTypeNs = 2;
inline constexpr uint16_t kTypeCname = 5;
inline constexpr uint16_t kTypeSoa = 6;
inline constexpr uint16_t kTypeMx = 15;
inline constexpr uint16_t kTypeTxt = 16;
inline constexpr uint16_t kTypeAaaa = 28;
inline constexpr uint16_t kTypeSrv = 33;
inline constexpr uint16_t kTypeDname = 39;
inline constexpr uint16_t kTypeOpt = 41;
inline constexpr uint16_t kTypeDs = 43;
inline constexpr uint16_t kTypeRrsig = 46;
inline constexpr uint16_t kTypeNsec = 47;
inline constexpr uint16_t kTypeIxfr = 251;
inline constexpr uint16_t kTypeAxfr = 252;
inline constexpr uint16_t kTypeAny = 255;

inline constexpr uint16_t kOptionNsid = 3;            // RFC 5001
inline constexpr uint16_t kOptionExtendedError = 15;  // RFC 8914
inline constexpr uint16_t kEdeNotAuthoritative = 20;  // RFC 8914 §4.21
inline constexpr uint16_t kEdnsDoBit = 0x8000;        // RFC 3225, in the OPT TTL's low 16 bits

}  // namespace anycast::dns
