#include "bgp/policy/WellKnown.h"

#include <algorithm>

namespace anycast::bgp::policy {
namespace {

bool has(const PathAttributes& attributes, uint32_t community) {
  const auto& c = attributes.communities;
  return std::find(c.begin(), c.end(), community) != c.end();
}

}  // namespace

Decision checkWellKnownExport(const PathAttributes& attributes, bool toEbgp, bool fromLocal) {
  if (has(attributes, community::kNoAdvertise)) return {false, "no-advertise (RFC 1997)"};
  if (toEbgp && !fromLocal) {
    if (has(attributes, community::kNoExport)) return {false, "no-export (RFC 1997)"};
    if (has(attributes, community::kNoExportSubconfed))
      return {false, "no-export-subconfed (RFC 1997, no confederations)"};
  }
  return {true, {}};
}

void applyGracefulShutdown(std::optional<uint32_t> localPref, bool fromEbgp, PolicyRoute& route) {
  if (!localPref || !fromEbgp || !has(route.attributes.get(), community::kGracefulShutdown)) return;
  apply(SetLocalPref{*localPref}, 0, route);
}

}  // namespace anycast::bgp::policy
