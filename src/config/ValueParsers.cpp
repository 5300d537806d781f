#include "config/ValueParsers.h"

#include <charconv>
#include <utility>

#include "base/Text.h"

namespace anycast::config {

std::optional<uint32_t> parseUint32(std::string_view text) {
  return strings::parseNumber<uint32_t>(text);
}

namespace {

// "1.5ms" -> {1.5, "ms"}; a number alone has the unit `bare`. nullopt for no number.
std::optional<std::pair<double, std::string_view>> numberAndUnit(std::string_view text,
                                                                 std::string_view bare) {
  size_t unitAt = text.find_first_not_of("0123456789.");
  std::string_view number = text.substr(0, unitAt);
  double value = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || error != std::errc() || end != number.data() + number.size())
    return std::nullopt;
  return std::make_pair(value, unitAt == std::string_view::npos ? bare : text.substr(unitAt));
}

// "250ms", "1.5s", "2m", "1h", "200us" (when `withMicros`), or a number alone (seconds), in
// seconds; nullopt for negative, empty, unknown units and more than a week.
std::optional<double> parseSeconds(std::string_view text, bool withMicros) {
  auto parts = numberAndUnit(text, "s");
  if (!parts) return std::nullopt;
  static constexpr std::pair<std::string_view, double> kUnits[] = {
      {"us", 1e-6}, {"ms", 1e-3}, {"s", 1}, {"m", 60}, {"h", 3600}};
  for (auto [name, seconds] : kUnits) {
    if (parts->second != name || (name == "us" && !withMicros)) continue;
    double total = parts->first * seconds;
    if (total > 7 * 24 * 3600) return std::nullopt;
    return total;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Duration> parseDuration(std::string_view text) {
  auto seconds = parseSeconds(text, false);
  if (!seconds) return std::nullopt;
  return Duration(static_cast<int64_t>(*seconds * 1e3 + 0.5));
}

std::optional<std::chrono::microseconds> parseMicros(std::string_view text) {
  auto seconds = parseSeconds(text, true);
  if (!seconds) return std::nullopt;
  return std::chrono::microseconds(static_cast<int64_t>(*seconds * 1e6 + 0.5));
}

std::optional<uint64_t> parseRate(std::string_view text) {
  auto parts = numberAndUnit(text, "bit");
  if (!parts) return std::nullopt;
  static constexpr std::pair<std::string_view, double> kUnits[] = {
      {"bit", 1}, {"kbit", 1e3}, {"mbit", 1e6}, {"gbit", 1e9}};
  for (auto [name, bits] : kUnits) {
    double total = parts->first * bits;
    if (parts->second == name && total >= 1 && total <= 1e12)
      return static_cast<uint64_t>(total + 0.5);
  }
  return std::nullopt;
}

std::optional<double> parseProbability(std::string_view text) {
  auto parts = numberAndUnit(text, "");
  if (!parts || (parts->second != "" && parts->second != "%")) return std::nullopt;
  double value = parts->second == "%" ? parts->first / 100 : parts->first;
  if (value > 1) return std::nullopt;
  return value;
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

std::optional<Endpoint> parseEndpoint(std::string_view text, uint16_t defaultPort) {
  Endpoint e{IpAddress{}, defaultPort};
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
