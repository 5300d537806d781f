// Parsers for the text forms of values that appear in the config file and in control commands:
// communities ("65001:100", "no-export"; RFC 1997, RFC 8326), large communities ("65001:1:2";
// RFC 8092), AS numbers (plain or asdot "1.10"; RFC 5396), "address:port" endpoints,
// 32-bit identifiers such as CLUSTER_ID (RFC 4456 §7) in IPv4 form or as a number.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/Clock.h"
#include "base/Ip.h"
#include "bgp/wire/PathAttributes.h"

namespace anycast::config {

std::optional<uint32_t> parseCommunity(std::string_view text);
std::optional<bgp::LargeCommunity> parseLargeCommunity(std::string_view text);
std::optional<uint32_t> parseAsNumber(std::string_view text);
std::optional<uint32_t> parseUint32(std::string_view text);
// "10.255.0.1" or "184483585" (host order); zero is not an identifier.
std::optional<uint32_t> parseIdentifier(std::string_view text);

struct Endpoint {
  IpAddress address;
  uint16_t port = 179;
  std::string str() const;
  bool operator==(const Endpoint&) const = default;
};
// "10.0.0.1:179", "[2001:db8::1]:179", "[::]:179", or an address alone (port `defaultPort`).
std::optional<Endpoint> parseEndpoint(std::string_view text, uint16_t defaultPort = 179);

// "250ms", "1.5s", "2m", "1h", or a number alone (seconds); millisecond resolution, up to a
// week. Negative, empty and unknown units are refused.
std::optional<Duration> parseDuration(std::string_view text);
// The same with microsecond resolution, and "us" too ("0.5ms", "200us"): link delays.
std::optional<std::chrono::microseconds> parseMicros(std::string_view text);
// "100mbit", "1gbit", "64kbit", "1500bit" or bits/s alone (tc's units, powers of 1000), from
// 1 bit/s to 1 Tbit/s.
std::optional<uint64_t> parseRate(std::string_view text);
// "0.001" or "0.1%": a probability, 0 to 1.
std::optional<double> parseProbability(std::string_view text);

}  // namespace anycast::config
