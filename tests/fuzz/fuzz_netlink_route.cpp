// libFuzzer target for the rtnetlink route codec (fib/RouteMessage: netlink framing,
// NLMSG_ERROR with extended ACK, struct rtmsg, RTA_* and RTA_MULTIPATH rtnexthop attributes).
// Each input is one receive buffer, as a route dump reply. Invariants, checked with abort():
// - decoding never reads out of bounds (ASan) nor crashes;
// - every decoded route re-encodes to bytes that decode to the same route.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "fib/RouteMessage.h"

namespace {

using namespace anycast;
using namespace anycast::fib;

void require(bool invariant) {
  if (!invariant) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto messages = decodeMessages(ByteSpan(data, size));
  if (!messages.ok()) return 0;
  for (const NetlinkMessage& m : *messages) {
    if (!m.route) continue;
    auto again = decodeMessages(encodeRoute({m.type, m.flags, m.seq}, *m.route));
    require(again.ok() && again->size() == 1 && (*again)[0].route == m.route);
  }
  return 0;
}
