// Scenario: a timeline of events played against a running lab while every client probes the
// service — fail and restore a site's service, drain and undrain it, add a site, kill and
// restart a router or a site's daemon, change, cut or restore a link, start a flood from
// chosen clients. Plain structs; src/config/ScenarioLoader.cpp reads them from YAML and checks
// every name against the lab's topology.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "lab/Topology.h"

namespace anycast::lab {

enum class EventKind {
  kFailService,     // the site's anycast-dns stops: its check fails, the site withdraws
  kRestoreService,  // anycast-dns again: the site announces again
  kDrain,           // anycastctl drain dns [--for]: GRACEFUL_SHUTDOWN, then withdrawal
  kUndrain,
  kAddSite,   // a site of `up: false` starts announcing
  kKillSite,  // the site's anycastd dies (SIGKILL): its router notices at hold time
  kRestartSite,
  kKillRouter,
  kRestartRouter,
  kSetLink,  // new properties for a link
  kCutLink,
  kRestoreLink,
  kFlood,  // `clients` send `floodRate` queries/s each for `duration`
};
const char* eventKindName(EventKind kind);

struct ScenarioEvent {
  std::chrono::milliseconds at{0};
  EventKind kind = EventKind::kFailService;
  std::string target;                                 // site, router or link name ("a-b")
  std::optional<std::chrono::milliseconds> duration;  // drain --for, flood length
  std::optional<LinkProperties> link;                 // set-link
  std::vector<std::string> clients;                   // flood
  double floodRate = 0;
  int line = 0;
  std::string describe() const;  // "drain nyc for 5 s"
};

struct Scenario {
  std::string name;
  std::string file;
  std::chrono::milliseconds duration{30'000};
  double probeRate = 10;  // queries/s from every client
  std::chrono::milliseconds probeTimeout{1000};
  std::vector<ScenarioEvent> events;  // in time order
};

}  // namespace anycast::lab
