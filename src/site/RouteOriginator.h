// RouteOriginator: what the site controller needs from the BGP side — originate a prefix with
// attributes, stop, and learn when the withdrawals made so far have left for every peer (so a
// service address is removed only after its withdrawal was sent: ExaBGP #993's ordering bug).
// The daemon implements it over its RouteExchange and sessions; tests record the calls.
#pragma once

#include <functional>

#include "base/Ip.h"
#include "bgp/wire/PathAttributes.h"

namespace anycast::site {

class RouteOriginator {
 public:
  virtual ~RouteOriginator() = default;
  // Announces `prefix` with `attributes` (replacing what it was announced with).
  virtual void originate(const Prefix& prefix, const bgp::PathAttributes& attributes) = 0;
  virtual void stopOriginating(const Prefix& prefix) = 0;
  // Calls `done` once every change made so far has been handed to every established peer's
  // connection (or a bounded wait has passed); at once when nothing is pending.
  virtual void whenSent(std::function<void()> done) = 0;
};

}  // namespace anycast::site
