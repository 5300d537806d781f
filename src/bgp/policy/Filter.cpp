#include "bgp/policy/Filter.h"

namespace anycast::bgp::policy {
namespace {

constexpr std::string_view kDefaultReason = "default";

}  // namespace

bool rejectsEverything(const Filter& filter) {
  for (const Term& term : filter.terms) {
    if (term.disposition == Disposition::kAccept) return false;  // may accept some
    if (term.disposition == Disposition::kReject && term.matches.empty()) return true;
  }
  return filter.defaultDisposition == Disposition::kReject;
}

Decision run(const Filter& filter, uint32_t localAs, PolicyRoute& route) {
  RouteView view(route.prefix, route.attributes);
  for (const Term& term : filter.terms) {
    bool matched = true;
    for (const Match& match : term.matches) {
      std::optional<bool> holdsNow = holds(match, view);
      if (!holdsNow) return {false, kUndecidableReason};  // fail closed
      if (!*holdsNow) {
        matched = false;
        break;
      }
    }
    if (!matched) continue;
    for (const Action& action : term.actions) apply(action, localAs, route);
    if (!term.actions.empty()) view.attributesChanged();
    if (term.disposition) return {*term.disposition == Disposition::kAccept, term.name};
  }
  return {filter.defaultDisposition == Disposition::kAccept, kDefaultReason};
}

}  // namespace anycast::bgp::policy
