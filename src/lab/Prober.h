// Prober: the lab's clients asking the anycast service, as real clients do — one UDP socket per
// client, made inside the client's namespace (so its queries leave through the client's own
// link), a DNS query for the probe name at a fixed rate, each with an NSID request (RFC 5001)
// so that every answer says which site gave it. One thread and one epoll for all clients;
// bounded by the caller's deadline; every probe ends as one result: answered (site, RTT,
// rcode) or not within the timeout.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/Ip.h"
#include "base/Result.h"
#include "base/UniqueFd.h"

namespace anycast::lab {

struct ProbeTarget {
  std::string client;
  std::string netns;
};

struct ProbeOptions {
  IpAddress service;
  std::string name;                         // asked, type A
  double ratePerClient = 10;                // queries per second, each client
  std::chrono::milliseconds timeout{1000};  // no answer by then: a lost probe
};

struct ProbeResult {
  double sentAt = 0;  // seconds since run() began
  std::string client;
  std::string site;  // the answer's NSID; "" when unanswered
  double rttMs = 0;
  int rcode = -1;  // -1: no answer within the timeout
};

class Prober {
 public:
  static Result<Prober> open(const std::vector<ProbeTarget>& targets, ProbeOptions options);
  Prober(Prober&&) noexcept;
  Prober& operator=(Prober&&) noexcept;
  ~Prober();

  using Clock = std::chrono::steady_clock;
  // Probes until `until` (or `stop`), then waits out the last timeouts; `onResult` gets every
  // probe once, in the order they end.
  void run(Clock::time_point until, const std::function<void(const ProbeResult&)>& onResult,
           const std::atomic<bool>* stop = nullptr);

 private:
  struct Client;
  explicit Prober(ProbeOptions options);

  ProbeOptions options_;
  UniqueFd epoll_;
  std::vector<std::unique_ptr<Client>> clients_;
};

}  // namespace anycast::lab
