// RRType: the RR type table — mnemonics (IANA "Resource Record (RR) TYPEs" registry; RFC 3597
// §5 "TYPEnnn" for the rest) and, for types with domain names in their RDATA, where the names
// are. Names are compressed only in the types of RFC 1035 (RFC 3597 §4: "servers MUST NOT
// compress domain names embedded in the RDATA of types that are class-specific or not well
// known"); every other type is copied as opaque octets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/Bytes.h"

namespace anycast::dns {

struct RRTypeInfo {
  uint16_t type;
  std::string_view mnemonic;
  // The RDATA fields up to the last name: 'n' a domain name, '2' two octets; what follows the
  // layout is opaque. Empty for types without names.
  std::string_view layout;
  bool compressible;  // an RFC 1035 type: its names may be compressed
  bool additional;    // its first name's A/AAAA go in the additional section (NS, MX, SRV,
                      // SVCB, HTTPS)
};

// nullptr for a type missing from the table (it is still carried, as RFC 3597 says).
const RRTypeInfo* rrTypeInfo(uint16_t type);
// "A", "TYPE65280".
std::string rrTypeName(uint16_t type);
// The inverse, case-insensitive, "TYPEnnn" accepted.
std::optional<uint16_t> rrTypeFromName(std::string_view name);

// The first domain name in `rdata` of a type with a layout (an uncompressed wire name), or an
// empty span when there is none or the RDATA is too short.
ByteSpan firstRdataName(const RRTypeInfo& info, ByteSpan rdata);

}  // namespace anycast::dns
