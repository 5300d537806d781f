// RRType: the RR type table (IANA registry mnemonics, RFC 3597 §4-§5).
#include "dns/zone/RRType.h"

#include <array>

#include "base/Text.h"
#include "dns/wire/Name.h"

namespace anycast::dns {
namespace {

// Sorted by type.
constexpr std::array<RRTypeInfo, 67> kTypes{{
    {1, "A", "", false, false},
    {2, "NS", "n", true, true},
    {3, "MD", "n", true, false},
    {4, "MF", "n", true, false},
    {5, "CNAME", "n", true, false},
    {6, "SOA", "nn", true, false},
    {7, "MB", "n", true, false},
    {8, "MG", "n", true, false},
    {9, "MR", "n", true, false},
    {10, "NULL", "", false, false},
    {11, "WKS", "", false, false},
    {12, "PTR", "n", true, false},
    {13, "HINFO", "", false, false},
    {14, "MINFO", "nn", true, false},
    {15, "MX", "2n", true, true},
    {16, "TXT", "", false, false},
    {17, "RP", "nn", false, false},
    {18, "AFSDB", "2n", false, false},
    {19, "X25", "", false, false},
    {20, "ISDN", "", false, false},
    {21, "RT", "2n", false, false},
    {22, "NSAP", "", false, false},
    {24, "SIG", "", false, false},
    {25, "KEY", "", false, false},
    {26, "PX", "2nn", false, false},
    {27, "GPOS", "", false, false},
    {28, "AAAA", "", false, false},
    {29, "LOC", "", false, false},
    {30, "NXT", "n", false, false},
    {33, "SRV", "222n", false, true},  // RFC 2782: the target is never compressed
    {35, "NAPTR", "", false, false},
    {36, "KX", "2n", false, false},
    {37, "CERT", "", false, false},
    {39, "DNAME", "n", false, false},  // RFC 6672 §2.5: not compressed
    {41, "OPT", "", false, false},
    {42, "APL", "", false, false},
    {43, "DS", "", false, false},
    {44, "SSHFP", "", false, false},
    {45, "IPSECKEY", "", false, false},
    {46, "RRSIG", "", false, false},
    {47, "NSEC", "n", false, false},
    {48, "DNSKEY", "", false, false},
    {49, "DHCID", "", false, false},
    {50, "NSEC3", "", false, false},
    {51, "NSEC3PARAM", "", false, false},
    {52, "TLSA", "", false, false},
    {53, "SMIMEA", "", false, false},
    {55, "HIP", "", false, false},
    {59, "CDS", "", false, false},
    {60, "CDNSKEY", "", false, false},
    {61, "OPENPGPKEY", "", false, false},
    {62, "CSYNC", "", false, false},
    {63, "ZONEMD", "", false, false},
    {64, "SVCB", "2n", false, true},  // RFC 9460 §4.1: the TargetName's addresses (knotd)
    {65, "HTTPS", "2n", false, true},
    {99, "SPF", "", false, false},
    {104, "NID", "", false, false},
    {105, "L32", "", false, false},
    {106, "L64", "", false, false},
    {107, "LP", "2n", false, false},
    {108, "EUI48", "", false, false},
    {109, "EUI64", "", false, false},
    {249, "TKEY", "", false, false},
    {250, "TSIG", "", false, false},
    {255, "ANY", "", false, false},
    {256, "URI", "", false, false},
    {257, "CAA", "", false, false},
}};

constexpr std::string_view kGeneric = "TYPE";  // RFC 3597 §5

}  // namespace

const RRTypeInfo* rrTypeInfo(uint16_t type) {
  size_t lo = 0, hi = kTypes.size();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (kTypes[mid].type < type) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo < kTypes.size() && kTypes[lo].type == type ? &kTypes[lo] : nullptr;
}

std::string rrTypeName(uint16_t type) {
  if (const RRTypeInfo* info = rrTypeInfo(type)) return std::string(info->mnemonic);
  return std::string(kGeneric) + std::to_string(type);
}

std::optional<uint16_t> rrTypeFromName(std::string_view name) {
  for (const RRTypeInfo& info : kTypes) {
    if (strings::equalsIgnoreCase(info.mnemonic, name)) return info.type;
  }
  if (name.size() > kGeneric.size() &&
      strings::equalsIgnoreCase(name.substr(0, kGeneric.size()), kGeneric)) {
    return strings::parseNumber<uint16_t>(name.substr(kGeneric.size()));
  }
  return std::nullopt;
}

ByteSpan firstRdataName(const RRTypeInfo& info, ByteSpan rdata) {
  size_t at = 0;
  for (char field : info.layout) {
    if (field == 'n') {
      size_t size = at <= rdata.size() ? wireNameSize(rdata.subspan(at)) : 0;
      return size ? rdata.subspan(at, size) : ByteSpan();
    }
    at += 2;
  }
  return {};
}

}  // namespace anycast::dns
