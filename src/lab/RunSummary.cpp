#include "lab/RunSummary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

namespace anycast::lab {
namespace {

// How long before an event its "before" catchment is taken from.
constexpr double kBeforeWindow = 2.0;

}  // namespace

std::map<std::string, std::string> catchments(const std::vector<ProbeResult>& probes, double from,
                                              double to) {
  std::map<std::string, std::map<std::string, size_t>> counts;
  for (const ProbeResult& p : probes) {
    if (p.sentAt < from || p.sentAt >= to) continue;
    auto& perSite = counts[p.client];
    if (p.rcode >= 0) ++perSite[p.site];
  }
  std::map<std::string, std::string> out;
  for (const auto& [client, perSite] : counts) {
    std::string best;
    size_t most = 0;
    for (const auto& [site, n] : perSite)
      if (n > most) best = site, most = n;
    out[client] = best;
  }
  return out;
}

std::vector<ClientOutcome> outcomesOf(const std::vector<ProbeResult>& probes, double at,
                                      double until) {
  auto before = catchments(probes, std::max(0.0, at - kBeforeWindow), at);
  // "After": the second half of the event's window, once routing has settled.
  auto after = catchments(probes, at + (until - at) / 2, until);
  std::map<std::string, ClientOutcome> outcomes;
  std::map<std::string, double> firstLost;
  std::vector<const ProbeResult*> window;
  for (const ProbeResult& p : probes)
    if (p.sentAt >= at && p.sentAt < until) window.push_back(&p);
  std::sort(window.begin(), window.end(),
            [](const ProbeResult* a, const ProbeResult* b) { return a->sentAt < b->sentAt; });
  for (const ProbeResult* p : window) {
    ClientOutcome& o = outcomes[p->client];
    o.client = p->client;
    if (p->rcode < 0) {
      ++o.lost;
      firstLost.emplace(p->client, p->sentAt);
    } else if (auto it = firstLost.find(p->client); it != firstLost.end()) {
      o.outageMs = std::max(o.outageMs, (p->sentAt - it->second) * 1000);
      firstLost.erase(it);
    }
  }
  for (const auto& [client, since] : firstLost)  // never answered again in the window
    outcomes[client].outageMs = std::max(outcomes[client].outageMs, (until - since) * 1000);
  std::vector<ClientOutcome> out;
  for (auto& [client, o] : outcomes) {
    o.before = before.count(client) ? before[client] : "";
    o.after = after.count(client) ? after[client] : "";
    out.push_back(o);
  }
  return out;
}

std::vector<EventOutcome> eventOutcomes(const RunResults& results) {
  std::vector<EventOutcome> out;
  for (size_t i = 0; i < results.events.size(); ++i) {
    const EventRecord& e = results.events[i];
    EventOutcome outcome{
        &e, i + 1 < results.events.size() ? results.events[i + 1].at : results.duration, {}};
    for (ClientOutcome& o : outcomesOf(results.probes, e.at, outcome.until))
      if (o.before != o.after || o.lost != 0) outcome.affected.push_back(std::move(o));
    out.push_back(std::move(outcome));
  }
  return out;
}

std::string summaryText(const RunResults& results) {
  std::ostringstream out;
  double firstEvent = results.events.empty() ? results.duration : results.events.front().at;
  auto show = [&](const std::map<std::string, std::string>& c) {
    std::map<std::string, std::vector<std::string>> bySite;
    for (const auto& [client, site] : c)
      bySite[site.empty() ? "(no answer)" : site].push_back(client);
    for (const auto& [site, clients] : bySite) {
      out << "    " << site << ":";
      for (const auto& client : clients) out << " " << client;
      out << "\n";
    }
  };
  out << "catchments before any event:\n";
  show(catchments(results.probes, 0, firstEvent));
  for (const EventOutcome& outcome : eventOutcomes(results)) {
    const EventRecord& e = *outcome.event;
    char head[64];
    std::snprintf(head, sizeof head, "t=%5.1f s  ", e.at);
    out << head << e.description << (e.error.empty() ? "" : "  (FAILED: " + e.error + ")") << "\n";
    for (const ClientOutcome& o : outcome.affected) {
      char line[160];
      std::snprintf(line, sizeof line, "    %-14s %s -> %s, %zu lost, outage %.0f ms\n",
                    o.client.c_str(), o.before.empty() ? "-" : o.before.c_str(),
                    o.after.empty() ? "-" : o.after.c_str(), o.lost, o.outageMs);
      out << line;
    }
    if (outcome.affected.empty()) out << "    no client moved or lost a query\n";
  }
  out << "catchments at the end:\n";
  show(catchments(results.probes, std::max(0.0, results.duration - 2), results.duration));
  out << "answers per site (probes and flood):";
  for (const auto& [site, perSecond] : loadPerSite(results)) {
    size_t total = 0;
    for (size_t n : perSecond) total += n;
    out << "  " << site << " " << total;
  }
  out << "\n";
  return out.str();
}

std::map<std::string, std::vector<size_t>> loadPerSite(const RunResults& results) {
  size_t seconds = static_cast<size_t>(std::ceil(results.duration)) + 1;
  std::map<std::string, std::vector<size_t>> load;
  for (const auto* list : {&results.probes, &results.flood})
    for (const ProbeResult& p : *list) {
      if (p.rcode < 0 || p.site.empty()) continue;
      auto& perSecond = load[p.site];
      perSecond.resize(seconds);
      size_t second = std::min(seconds - 1, static_cast<size_t>(std::max(0.0, p.sentAt)));
      ++perSecond[second];
    }
  return load;
}

}  // namespace anycast::lab
