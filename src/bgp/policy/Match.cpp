#include "bgp/policy/Match.h"

#include <algorithm>

#include "base/Text.h"

namespace anycast::bgp::policy {
namespace {

bool fieldMatches(const std::optional<uint32_t>& pattern, uint32_t value) {
  return !pattern || *pattern == value;
}

// One overload per condition; std::visit picks it.
struct Holds {
  const RouteView& route;
  const PathAttributes& a = route.attributes();

  std::optional<bool> operator()(const MatchPrefix& m) const {
    return matchesAny(m.list, route.prefix());
  }
  std::optional<bool> operator()(const MatchCommunity& m) const {
    return std::find(a.communities.begin(), a.communities.end(), m.value) != a.communities.end();
  }
  std::optional<bool> operator()(const MatchLargeCommunity& m) const {
    return std::any_of(a.largeCommunities.begin(), a.largeCommunities.end(),
                       [&](const LargeCommunity& c) { return m.pattern.matches(c); });
  }
  std::optional<bool> operator()(const MatchAsPathContains& m) const {
    return a.asPath && a.asPath->contains(m.asn);
  }
  std::optional<bool> operator()(const MatchOriginAs& m) const {
    return a.asPath && a.asPath->originAs() == m.asn;
  }
  std::optional<bool> operator()(const MatchNeighbourAs& m) const {
    return a.asPath && a.asPath->firstAs() == m.asn;
  }
  std::optional<bool> operator()(const MatchAsPathLength& m) const {
    size_t length = a.asPath ? a.asPath->length() : 0;
    return length >= m.min && length <= m.max;
  }
  std::optional<bool> operator()(const MatchAsPathRegex& m) const {
    return m.regex.search(route.asPathText());
  }
  std::optional<bool> operator()(const MatchNextHop& m) const {
    const IpAddress* nextHop = nextHopFor(a, route.prefix().family());
    return nextHop && m.prefix.contains(*nextHop);
  }
  std::optional<bool> operator()(const MatchFamily& m) const {
    return route.prefix().family() == m.family;
  }
};

}  // namespace

Result<LargeCommunityPattern> LargeCommunityPattern::parse(std::string_view text) {
  auto parts = strings::split(text, ':', false);
  if (parts.size() != 3)
    return failWith("large community \"" + std::string(text) + "\": expected A:B:C");
  std::optional<uint32_t> fields[3];
  for (size_t i = 0; i < 3; ++i) {
    if (parts[i] == "*") continue;
    fields[i] = strings::parseNumber<uint32_t>(parts[i]);
    if (!fields[i])
      return failWith("large community \"" + std::string(text) + "\": \"" + std::string(parts[i]) +
                      "\" is neither a 32-bit number nor *");
  }
  return LargeCommunityPattern{fields[0], fields[1], fields[2]};
}

bool LargeCommunityPattern::matches(const LargeCommunity& c) const {
  return fieldMatches(globalAdmin, c.globalAdmin) && fieldMatches(localData1, c.localData1) &&
         fieldMatches(localData2, c.localData2);
}

const std::string& RouteView::asPathText() const {
  if (!asPathText_) {
    const auto& path = attributes().asPath;
    asPathText_ = path ? path->str() : std::string();
  }
  return *asPathText_;
}

bool usesMpReachNextHop(const PathAttributes& attributes, Family family) {
  return attributes.mpReach &&
         attributes.mpReach->afi == (family == Family::kV4 ? kAfiIpv4 : kAfiIpv6);
}

const IpAddress* nextHopFor(const PathAttributes& attributes, Family family) {
  if (usesMpReachNextHop(attributes, family)) return &attributes.mpReach->nextHop;
  return attributes.nextHop ? &*attributes.nextHop : nullptr;
}

std::optional<bool> holds(const Match& match, const RouteView& route) {
  return std::visit(Holds{route}, match);
}

}  // namespace anycast::bgp::policy
