#include "config/ValueParsers.h"

#include <charconv>
#include <utility>

#include "base/Text.h"

namespace anycast::config {

std::optional<uint32_t> parseUint32(std::string_view text) {
  return strings::parseNumber<uint32_t>(text);
}

std::optional<Duration> parseDuration(std::string_view text) {
  size_t unitAt = text.find_first_not_of("0123456789.");
  std::string_view number = text.substr(0, unitAt);
  std::string_view unit = unitAt == std::string_view::npos ? "s" : text.substr(unitAt);
  double value = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || error != std::errc() || end != number.data() + number.size())
    return std::nullopt;
  static constexpr std::pair<std::string_view, double> kUnits[] = {
      {"ms", 1}, {"s", 1e3}, {"m", 60e3}, {"h", 3600e3}};
  for (auto [name, milliseconds] : kUnits) {
    if (unit != name) continue;
    double total = value * milliseconds;
    if (total > 7 * 24 * 3600e3) return std::nullopt;
    return Duration(static_cast<int64_t>(total + 0.5));
  }
  return std::nullopt;
}

std::optional<uint32_t> parseIdentifier(std::string_view text) {
  std::optional<uint32_t> id = strings::parseNumber<uint32_t>(text);
  if (!id) {
    auto address = IpAddress::parse(text);
    if (address && address->isV4()) id = address->v4HostOrder();
  }
  if (id == 0u) return std::nullopt;
  return id;
}

std::optional<uint32_t> parseCommunity(std::string_view text) {
  for (const auto& n : bgp::community::kNames)
    if (text == n.name) return n.value;
  auto parts = strings::split(text, ':', false);
  if (parts.size() != 2) return std::nullopt;
  auto high = strings::parseNumber<uint16_t>(parts[0]);
  auto low = strings::parseNumber<uint16_t>(parts[1]);
  if (!high || !low) return std::nullopt;
  return uint32_t(*high) << 16 | *low;
}

std::optional<bgp::LargeCommunity> parseLargeCommunity(std::string_view text) {
  auto parts = strings::split(text, ':', false);
  if (parts.size() != 3) return std::nullopt;
  auto a = strings::parseNumber<uint32_t>(parts[0]);
  auto b = strings::parseNumber<uint32_t>(parts[1]);
  auto c = strings::parseNumber<uint32_t>(parts[2]);
  if (!a || !b || !c) return std::nullopt;
  return bgp::LargeCommunity{*a, *b, *c};
}

std::optional<uint32_t> parseAsNumber(std::string_view text) {
  auto dot = text.find('.');
  if (dot == std::string_view::npos) {
    auto as = strings::parseNumber<uint32_t>(text);
    if (!as || *as == 0) return std::nullopt;
    return as;
  }
  auto high = strings::parseNumber<uint16_t>(text.substr(0, dot));
  auto low = strings::parseNumber<uint16_t>(text.substr(dot + 1));
  if (!high || !low || (*high == 0 && *low == 0)) return std::nullopt;
  return uint32_t(*high) << 16 | *low;
}

std::optional<Endpoint> parseEndpoint(std::string_view text) {
  Endpoint e;
  std::string_view host = text;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = text.substr(1, close - 1);
    auto rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      port = rest.substr(1);
    }
  } else if (auto colon = text.find(':'); colon != std::string_view::npos &&
                                          text.find(':', colon + 1) == std::string_view::npos) {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  auto address = IpAddress::parse(host);
  if (!address) return std::nullopt;
  e.address = *address;
  if (!port.empty()) {
    auto p = strings::parseNumber<uint16_t>(port);
    if (!p) return std::nullopt;
    e.port = *p;
  }
  return e;
}

std::string Endpoint::str() const {
  std::string host = address.isV6() ? "[" + address.str() + "]" : address.str();
  return host + ":" + std::to_string(port);
}

}  // namespace anycast::config
