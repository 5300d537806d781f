// Conversions between asio addresses and base/Ip.h addresses. An IPv4-mapped IPv6 address (how
// a dual-stack socket shows an IPv4 peer) converts to the plain IPv4 address.
#pragma once

#include <asio.hpp>

#include "base/Ip.h"

namespace anycast::bgp {

inline IpAddress fromAsio(const asio::ip::address& a) {
  if (a.is_v4()) return IpAddress::v4(a.to_v4().to_uint());
  asio::ip::address_v6 v6 = a.to_v6();
  if (v6.is_v4_mapped())
    return IpAddress::v4(asio::ip::make_address_v4(asio::ip::v4_mapped, v6).to_uint());
  return IpAddress::v6Bytes(v6.to_bytes().data());
}

inline asio::ip::address toAsio(const IpAddress& a) {
  if (a.isV4()) return asio::ip::address_v4(a.v4HostOrder());
  asio::ip::address_v6::bytes_type bytes;
  std::copy(a.data(), a.data() + 16, bytes.begin());
  return asio::ip::address_v6(bytes);
}

}  // namespace anycast::bgp
