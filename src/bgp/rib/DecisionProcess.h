// DecisionProcess: BGP best-path selection. RFC 4271 §9.1.2 (eligibility: AS loop and
// unresolvable NEXT_HOP exclude a route), §9.1.1 (degree of preference = LOCAL_PREF),
// §9.1.2.2 (tie breaking by eliminating routes step by step), RFC 4456 §9 (route reflection:
// ORIGINATOR_ID stands in for the router id, then the shorter CLUSTER_LIST wins). Selection is an
// ordered table of steps, each naming its RFC rule and explaining in words why one route beat
// another (GoBGP destination.go), which `anycastctl show route PREFIX --detail` prints.
//
// Steps, in order:
//   local-pref        highest LOCAL_PREF, 100 when absent       RFC 4271 §9.1.1
//   local-origin      locally originated first (optional)       none (FRR/BIRD practice)
//   as-path           fewest ASes (AS_SET 1, confed 0)          RFC 4271 §9.1.2.2 a)
//   origin            IGP < EGP < INCOMPLETE                    RFC 4271 §9.1.2.2 b)
//   med               lowest MED per neighbour AS, absent = 0   RFC 4271 §9.1.2.2 c)
//   ebgp              eBGP over iBGP                            RFC 4271 §9.1.2.2 d)
//   (interior cost, §9.1.2.2 e), is skipped: there is no IGP metric to compare.)
//   router-id         lowest ORIGINATOR_ID if present, else     RFC 4271 §9.1.2.2 f),
//                     lowest peer BGP Identifier                RFC 4456 §9
//   cluster-list-length  shortest CLUSTER_LIST, absent = 0      RFC 4456 §9
//   peer-address      lowest peer address                       RFC 4271 §9.1.2.2 g)
// Routes equal through "ebgp" are equal-cost multipaths (ECMP), up to maxPaths.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bgp/rib/Path.h"

namespace anycast::bgp {

struct DecisionOptions {
  uint32_t localAs = 0;           // RFC 4271 §9.1.2: a route with this AS in its AS_PATH is a loop
  bool alwaysCompareMed = false;  // compare MED across neighbour ASes (not RFC behaviour)
  bool preferLocalOrigin = true;  // the local-origin step; off = it never decides
  size_t maxPaths = 1;            // ECMP set size; 1 = multipath off
};

// Whether a next hop resolves (RFC 4271 §9.1.2.1). Locally originated routes are not asked.
using NextHopReachable = std::function<bool(const IpAddress&)>;

struct DecisionStep {
  std::string_view name;       // "local-pref"
  std::string_view reference;  // "RFC 4271 §9.1.1"
  // Negative when `a` is preferred, positive when `b` is, 0 when tied or not comparable.
  int (*compare)(const Path& a, const Path& b, const DecisionOptions& options);
  // Why `winner` beat `loser` at this step: "local-pref 200 > 100".
  std::string (*reason)(const Path& winner, const Path& loser);
  // Tie-breaker steps (router-id, peer-address) do not split an ECMP set.
  bool tieBreaker;
};

// The outcome of comparing two paths.
struct Comparison {
  enum class Winner : uint8_t { kFirst, kSecond, kNeither };
  Winner winner = Winner::kNeither;
  std::string_view step;  // deciding step, "eligibility", or empty when equal
  std::string_view reference;
  std::string reason;
};

// Why one candidate is where it is after selection.
struct Verdict {
  enum class Status : uint8_t { kBest, kMultipath, kLost, kIneligible };
  Status status = Status::kLost;
  std::string_view step;  // the step it lost at ("eligibility" when ineligible); empty if best
  std::string_view reference;
  std::string reason;
};

// Result of selecting among candidates: indices into the candidate span.
struct Selection {
  // Best first, then the rest of the ECMP set in tie-breaker order; empty if none eligible.
  std::vector<size_t> selected;
};

class DecisionProcess {
 public:
  explicit DecisionProcess(DecisionOptions options = {}, NextHopReachable reachable = {});

  static std::span<const DecisionStep> steps();

  // Reason the route must not be considered (RFC 4271 §9.1.2), or nullopt if it may.
  std::optional<std::string> ineligibility(const Path& path) const;
  // Two paths, step by step: the first step that prefers one decides.
  Comparison compare(const Path& a, const Path& b) const;
  // RFC 4271 §9.1.2.2 over all candidates: eliminate, step after step, every route that a
  // remaining route beats. Not a pairwise sort: MED makes preference intransitive.
  Selection select(std::span<const Path> candidates) const;
  // select(), plus for every candidate (same order) the step and reason it lost at.
  std::vector<Verdict> explain(std::span<const Path> candidates) const;

 private:
  // The first step that prefers one of two eligible paths, and its sign; {nullptr, 0} if none.
  std::pair<const DecisionStep*, int> firstDifference(const Path& a, const Path& b) const;
  Selection run(std::span<const Path> candidates, std::vector<Verdict>* verdicts) const;

  DecisionOptions options_;
  NextHopReachable reachable_;
};

}  // namespace anycast::bgp
