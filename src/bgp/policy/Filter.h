// Filter: an ordered list of terms and a default, evaluated over one route — the per-peer
// import or export filter an operator writes (BIRD filters, GoBGP policy statements). Plain
// data, built by the config loader.
//
// Evaluation: terms in order; a term matches when all of its conditions hold (a term without
// conditions always matches); a matching term applies its actions in order, then, if it has a
// disposition (accept/reject), evaluation ends with it, else it goes on with the next term on
// the changed route. When no term decides, the filter's default decides.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bgp/policy/Action.h"
#include "bgp/policy/Match.h"

namespace anycast::bgp::policy {

enum class Disposition : uint8_t { kAccept, kReject };

struct Term {
  std::string name;                        // shown as the reason of the decision
  std::vector<Match> matches;              // all must hold
  std::vector<Action> actions;             // applied in order when the term matches
  std::optional<Disposition> disposition;  // unset: go on with the next term
};

struct Filter {
  std::vector<Term> terms;
  Disposition defaultDisposition = Disposition::kAccept;
};

// Accept or reject, and why: a term name, "default", or a static text naming the rule. It
// points into the filter or static storage.
struct Decision {
  bool accepted = true;
  std::string_view reason;
};

// Reason of a reject because a condition could not be evaluated safely (see AsPathRegex).
inline constexpr std::string_view kUndecidableReason = "as-path too long for a regex";

// Whether `filter` rejects every route, whatever it is (e.g. `default: reject` and no terms,
// BIRD's `export none`): the route exchange then skips the work of preparing routes for it.
bool rejectsEverything(const Filter& filter);

// Runs `filter` over `route`, changing its attributes as the actions say. `localAs` is the AS
// that PrependOwnAs prepends.
Decision run(const Filter& filter, uint32_t localAs, PolicyRoute& route);

}  // namespace anycast::bgp::policy
