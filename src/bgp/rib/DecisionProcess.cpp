#include "bgp/rib/DecisionProcess.h"

#include <algorithm>

namespace anycast::bgp {
namespace {

// RFC 4271 §5.1.5 leaves the default to the operator; 100 is what BIRD, FRR and GoBGP use.
constexpr uint32_t kDefaultLocalPref = 100;
constexpr std::string_view kEligibility = "eligibility";
constexpr std::string_view kEligibilityRef = "RFC 4271 §9.1.2";

uint32_t localPref(const Path& p) { return p.attrs().localPref.value_or(kDefaultLocalPref); }
size_t asPathLength(const Path& p) { return p.attrs().asPath ? p.attrs().asPath->length() : 0; }
// A route without ORIGIN is malformed (treat-as-withdraw); if one gets here it ranks last.
Origin origin(const Path& p) { return p.attrs().origin.value_or(Origin::kIncomplete); }
// RFC 4271 §9.1.2.2 c): "Routes that do not have the MULTI_EXIT_DISC attribute are
// considered to have the lowest possible MULTI_EXIT_DISC value."
uint32_t med(const Path& p) { return p.attrs().med.value_or(0); }
// "the neighboring AS is determined from the AS_PATH attribute"; 0 for a local route.
uint32_t neighbourAs(const Path& p) { return p.attrs().asPath ? p.attrs().asPath->firstAs() : 0; }

// -1 when a < b, 1 when b < a, 0 otherwise: the lower value is preferred.
template <class T>
int lowerFirst(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// The BGP Identifier the router-id step compares: ORIGINATOR_ID when the route carries one
// (RFC 4456 §9), else the advertising peer's.
uint32_t speakerId(const Path& p) { return p.attrs().originatorId.value_or(p.source->routerId); }
std::string speakerIdStr(const Path& p) {
  std::string id = IpAddress::v4(speakerId(p)).str();
  return p.attrs().originatorId ? id + " (originator-id)" : id;
}
size_t clusterListLength(const Path& p) { return p.attrs().clusterList.size(); }

constexpr DecisionStep kSteps[] = {
    {"local-pref", "RFC 4271 §9.1.1",
     // §9.1.2: "select the route that has the highest degree of preference"; for routes
     // received over iBGP that is LOCAL_PREF, import policy sets it for the others.
     [](const Path& a, const Path& b, const DecisionOptions&) {
       return lowerFirst(localPref(b), localPref(a));
     },
     [](const Path& w, const Path& l) {
       return "local-pref " + std::to_string(localPref(w)) + " > " + std::to_string(localPref(l));
     },
     false},
    {"local-origin", "none (BIRD/FRR practice: own routes first)",
     [](const Path& a, const Path& b, const DecisionOptions& o) {
       return o.preferLocalOrigin ? lowerFirst(!a.source->local, !b.source->local) : 0;
     },
     [](const Path&, const Path&) { return std::string("locally originated over learned"); },
     false},
    {"as-path", "RFC 4271 §9.1.2.2 a)",
     // "Remove from consideration all routes that are not tied for having the smallest
     // number of AS numbers present in their AS_PATH attributes." (AS_SET counts 1.)
     [](const Path& a, const Path& b, const DecisionOptions&) {
       return lowerFirst(asPathLength(a), asPathLength(b));
     },
     [](const Path& w, const Path& l) {
       return "as-path length " + std::to_string(asPathLength(w)) + " < " +
              std::to_string(asPathLength(l));
     },
     false},
    {"origin", "RFC 4271 §9.1.2.2 b)",
     // "Remove from consideration all routes that are not tied for having the lowest
     // Origin number in their Origin attribute."
     [](const Path& a, const Path& b, const DecisionOptions&) {
       return lowerFirst(origin(a), origin(b));
     },
     [](const Path& w, const Path& l) {
       return std::string("origin ") + originName(origin(w)) + " < " + originName(origin(l));
     },
     false},
    {"med", "RFC 4271 §9.1.2.2 c)",
     // "MULTI_EXIT_DISC is only comparable between routes learned from the same neighboring
     // AS". Incomparable pairs tie here; select() applies the RFC's group-wise removal.
     [](const Path& a, const Path& b, const DecisionOptions& o) {
       if (!o.alwaysCompareMed && neighbourAs(a) != neighbourAs(b)) return 0;
       return lowerFirst(med(a), med(b));
     },
     [](const Path& w, const Path& l) {
       std::string scope = neighbourAs(w) == neighbourAs(l)
                               ? "neighbour AS " + std::to_string(neighbourAs(w))
                               : std::string("always-compare-med");
       return "med " + std::to_string(med(w)) + " < " + std::to_string(med(l)) + " (" + scope + ")";
     },
     false},
    {"ebgp", "RFC 4271 §9.1.2.2 d)",
     // "If at least one of the candidate routes was received via EBGP, remove from
     // consideration all routes that were received via IBGP."
     [](const Path& a, const Path& b, const DecisionOptions&) {
       return lowerFirst(!a.source->ebgp, !b.source->ebgp);
     },
     [](const Path&, const Path&) { return std::string("ebgp over ibgp"); }, false},
    // §9.1.2.2 e), interior cost to the NEXT_HOP, has no input here: no IGP metric.
    {"router-id", "RFC 4271 §9.1.2.2 f), RFC 4456 §9",
     // "...the route that was advertised by the BGP speaker with the lowest BGP Identifier";
     // RFC 4456 §9: "the ORIGINATOR_ID SHOULD be treated as the BGP Identifier of the BGP
     // speaker that has advertised the route".
     [](const Path& a, const Path& b, const DecisionOptions&) {
       return lowerFirst(speakerId(a), speakerId(b));
     },
     [](const Path& w, const Path& l) {
       return "router-id " + speakerIdStr(w) + " < " + speakerIdStr(l);
     },
     true},
    {"cluster-list-length", "RFC 4456 §9",
     // "...a route with a shorter CLUSTER_LIST length is preferred. The CLUSTER_LIST length is
     // zero if a route does not carry the CLUSTER_LIST attribute."
     [](const Path& a, const Path& b, const DecisionOptions&) {
       return lowerFirst(clusterListLength(a), clusterListLength(b));
     },
     [](const Path& w, const Path& l) {
       return "cluster-list length " + std::to_string(clusterListLength(w)) + " < " +
              std::to_string(clusterListLength(l));
     },
     true},
    {"peer-address", "RFC 4271 §9.1.2.2 g)",
     // "Prefer the route received from the lowest peer address."
     [](const Path& a, const Path& b, const DecisionOptions&) {
       return lowerFirst(a.source->address, b.source->address);
     },
     [](const Path& w, const Path& l) {
       return "peer address " + w.source->address.str() + " < " + l.source->address.str();
     },
     true},
};

}  // namespace

DecisionProcess::DecisionProcess(DecisionOptions options, NextHopReachable reachable)
    : options_(options), reachable_(std::move(reachable)) {
  options_.maxPaths = std::max<size_t>(options_.maxPaths, 1);
}

std::span<const DecisionStep> DecisionProcess::steps() { return kSteps; }

std::optional<std::string> DecisionProcess::ineligibility(const Path& path) const {
  // RFC 4271 §9.1.2: "If the AS_PATH attribute of a BGP route contains an AS loop, the BGP
  // route should be excluded from the Phase 2 decision function."
  const auto& asPath = path.attrs().asPath;
  if (options_.localAs != 0 && asPath && asPath->contains(options_.localAs))
    return "AS path contains local AS " + std::to_string(options_.localAs) + " (loop)";
  // §9.1.2: "If the NEXT_HOP attribute of a BGP route depicts an address that is not
  // resolvable [...] the BGP route MUST be excluded from the Phase 2 decision function."
  // A locally originated route's next hop is this router.
  const IpAddress& nextHop = path.attributes->nextHop();
  if (!path.source->local && reachable_ && !reachable_(nextHop))
    return "next hop " + nextHop.str() + " unreachable";
  return std::nullopt;
}

Comparison DecisionProcess::compare(const Path& a, const Path& b) const {
  using Winner = Comparison::Winner;
  auto whyA = ineligibility(a);
  auto whyB = ineligibility(b);
  if (whyA && whyB) return {Winner::kNeither, kEligibility, kEligibilityRef, "neither eligible"};
  if (whyA) return {Winner::kSecond, kEligibility, kEligibilityRef, *whyA};
  if (whyB) return {Winner::kFirst, kEligibility, kEligibilityRef, *whyB};
  auto [step, r] = firstDifference(a, b);
  if (r < 0) return {Winner::kFirst, step->name, step->reference, step->reason(a, b)};
  if (r > 0) return {Winner::kSecond, step->name, step->reference, step->reason(b, a)};
  return {Winner::kNeither, {}, {}, "equal"};
}

std::pair<const DecisionStep*, int> DecisionProcess::firstDifference(const Path& a,
                                                                     const Path& b) const {
  for (const auto& step : kSteps)
    if (int r = step.compare(a, b, options_); r != 0) return {&step, r};
  return {nullptr, 0};
}

Selection DecisionProcess::select(std::span<const Path> candidates) const {
  return run(candidates, nullptr);
}

std::vector<Verdict> DecisionProcess::explain(std::span<const Path> candidates) const {
  std::vector<Verdict> verdicts(candidates.size());
  run(candidates, &verdicts);
  return verdicts;
}

Selection DecisionProcess::run(std::span<const Path> candidates,
                               std::vector<Verdict>* verdicts) const {
  std::vector<size_t> alive;
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (auto why = ineligibility(candidates[i])) {
      if (verdicts)
        (*verdicts)[i] = {Verdict::Status::kIneligible, kEligibility, kEligibilityRef, *why};
    } else {
      alive.push_back(i);
    }
  }

  // RFC 4271 §9.1.2.2: "The tie-breaking algorithm begins by considering all equally
  // preferable routes to the same destination, and then selects routes to be removed from
  // consideration. The algorithm terminates as soon as only one route remains."
  // Each step removes every route that some route still under consideration beats. For MED
  // this is the RFC's pseudo-code: m is removed if an n from the same neighbour AS has a lower
  // MED — comparing in groups, which a pairwise sort cannot do (MED is not transitive).
  std::vector<size_t> ecmp;  // routes still tied when the first tie-breaker step is reached
  for (const auto& step : kSteps) {
    if (step.tieBreaker && ecmp.empty()) ecmp = alive;
    if (alive.size() <= 1) break;
    std::vector<size_t> kept;
    for (size_t m : alive) {
      auto beater = std::find_if(alive.begin(), alive.end(), [&](size_t n) {
        return step.compare(candidates[n], candidates[m], options_) < 0;
      });
      if (beater == alive.end()) {
        kept.push_back(m);
      } else if (verdicts) {
        (*verdicts)[m] = {Verdict::Status::kLost, step.name, step.reference,
                          step.reason(candidates[*beater], candidates[m])};
      }
    }
    alive = std::move(kept);
  }
  if (ecmp.empty()) ecmp = alive;
  if (alive.empty()) return {};

  // Within the ECMP set every step before the tie-breakers ties, and the tie-breakers are
  // total orders, so a sort by the step table is well defined and puts the best first.
  std::sort(ecmp.begin(), ecmp.end(), [&](size_t a, size_t b) {
    return firstDifference(candidates[a], candidates[b]).second < 0;
  });
  if (ecmp.size() > options_.maxPaths) ecmp.resize(options_.maxPaths);
  if (verdicts) {
    (*verdicts)[ecmp.front()] = {Verdict::Status::kBest, {}, {}, "best"};
    for (size_t i = 1; i < ecmp.size(); ++i) {
      Comparison c = compare(candidates[ecmp.front()], candidates[ecmp[i]]);
      (*verdicts)[ecmp[i]] = {Verdict::Status::kMultipath, c.step, c.reference,
                              "multipath; " + c.reason};
    }
  }
  return {std::move(ecmp)};
}

}  // namespace anycast::bgp
