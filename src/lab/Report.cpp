#include "lab/Report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace anycast::lab {
namespace {

constexpr const char* kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                    "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"};
constexpr const char* kLost = "#c8c8c8";

std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string number(double v, int decimals = 1) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", decimals, v);
  return text;
}

class Writer {
 public:
  Writer(const LabPlan& plan, const Scenario& scenario, const RunResults& results,
         const NearestSites* nearest)
      : plan_(plan), scenario_(scenario), results_(results), nearest_(nearest) {
    size_t i = 0;
    for (const Site& s : plan.topology().sites)
      colours_[s.name] = kPalette[i++ % std::size(kPalette)];
  }

  std::string html() {
    const Topology& t = plan_.topology();
    out_ << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         << "<title>anycast-lab: " << escaped(t.name) << " / " << escaped(scenario_.name)
         << "</title><style>"
         << "body{font-family:sans-serif;margin:2em;color:#222}h1,h2{font-weight:600}"
         << "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
         << "padding:.25em .6em;text-align:left}th{background:#f4f4f4}"
         << ".swatch{display:inline-block;width:.9em;height:.9em;margin-right:.3em;"
         << "vertical-align:middle}svg{display:block;margin:1em 0}text{font-size:11px}"
         << "</style></head><body>\n"
         << "<h1>anycast-lab: lab " << escaped(t.name) << ", scenario " << escaped(scenario_.name)
         << "</h1>\n<p>" << t.ases.size() << " ASes, " << t.sites.size() << " sites, "
         << t.clients.size() << " clients; service " << escaped(t.service.address.str()) << " in "
         << escaped(t.service.prefix.str()) << "; " << results_.probes.size() << " probes over "
         << number(results_.duration) << " s.</p>\n";
    legend();
    topology();
    timelines();
    outages();
    load();
    if (nearest_) inflation();
    out_ << "</body></html>\n";
    return out_.str();
  }

 private:
  std::string colour(const std::string& site) const {
    auto it = colours_.find(site);
    return it == colours_.end() ? kLost : it->second;
  }

  void legend() {
    out_ << "<p>";
    for (const Site& s : plan_.topology().sites)
      out_ << "<span class=\"swatch\" style=\"background:" << colour(s.name) << "\"></span>"
           << escaped(s.name) << " (router " << escaped(s.router) << ") &nbsp; ";
    out_ << "<span class=\"swatch\" style=\"background:" << kLost << "\"></span>no answer</p>\n";
  }

  // Routers on a circle, by region then AS; each router's sites and clients around it,
  // clients coloured by their catchment before the first event.
  void topology() {
    std::vector<const Node*> routers;
    for (const Node& n : plan_.nodes())
      if (n.role == NodeRole::kRouter) routers.push_back(&n);
    std::stable_sort(routers.begin(), routers.end(), [](const Node* a, const Node* b) {
      return std::tie(a->region, a->as) < std::tie(b->region, b->as);
    });
    const double size = 760, centre = size / 2, radius = size * 0.3;
    std::map<std::string, std::pair<double, double>> at;
    for (size_t i = 0; i < routers.size(); ++i) {
      double angle = 2 * M_PI * static_cast<double>(i) / static_cast<double>(routers.size());
      at[routers[i]->name] = {centre + radius * std::cos(angle), centre + radius * std::sin(angle)};
    }
    double firstEvent = results_.events.empty() ? results_.duration : results_.events.front().at;
    auto catchment = catchments(results_.probes, 0, firstEvent);
    // Leaves around their router, on the side away from the centre.
    std::map<std::string, int> leaves;
    for (const Node& n : plan_.nodes()) {
      if (n.role == NodeRole::kRouter) continue;
      const std::string& router = n.interfaces.front().peerNode;
      auto [rx, ry] = at[router];
      double base = std::atan2(ry - centre, rx - centre);
      int k = leaves[router]++;
      double angle = base + (k % 2 ? 1 : -1) * (0.35 + 0.3 * (k / 2));
      at[n.name] = {rx + 70 * std::cos(angle), ry + 70 * std::sin(angle)};
    }
    out_ << "<h2>Topology and catchments</h2>\n<svg width=\"" << size << "\" height=\"" << size
         << "\" viewBox=\"0 0 " << size << " " << size
         << "\" xmlns=\"http://www.w3.org/2000/svg\">\n";
    for (const WireLink& l : plan_.links()) {
      auto [x1, y1] = at[l.a];
      auto [x2, y2] = at[l.b];
      out_ << "<line x1=\"" << number(x1) << "\" y1=\"" << number(y1) << "\" x2=\"" << number(x2)
           << "\" y2=\"" << number(y2) << "\" stroke=\"#999\"/>\n";
    }
    for (const Node& n : plan_.nodes()) {
      auto [x, y] = at[n.name];
      std::string fill = n.role == NodeRole::kRouter ? "#fff"
                         : n.role == NodeRole::kSite ? colour(n.name)
                                                     : colour(catchment[n.name]);
      if (n.role == NodeRole::kSite)
        out_ << "<rect x=\"" << number(x - 8) << "\" y=\"" << number(y - 8)
             << "\" width=\"16\" height=\"16\" fill=\"" << fill << "\" stroke=\"#222\"/>";
      else
        out_ << "<circle cx=\"" << number(x) << "\" cy=\"" << number(y) << "\" r=\""
             << (n.role == NodeRole::kRouter ? 10 : 6) << "\" fill=\"" << fill
             << "\" stroke=\"#222\"/>";
      out_ << "<text x=\"" << number(x + 11) << "\" y=\"" << number(y + 4) << "\">"
           << escaped(n.name) << (n.role == NodeRole::kRouter ? " AS" + std::to_string(n.as) : "")
           << "</text>\n";
    }
    out_ << "</svg>\n<p>Squares: sites; small circles: clients, in the colour of the site that "
            "answered them before the first event; large circles: routers.</p>\n";
  }

  double x(double t) const { return 120 + t / std::max(1.0, results_.duration) * 800; }

  void eventMarks(double top, double height) {
    for (const EventRecord& e : results_.events)
      out_ << "<line x1=\"" << number(x(e.at)) << "\" y1=\"" << top << "\" x2=\"" << number(x(e.at))
           << "\" y2=\"" << top + height << "\" stroke=\"#222\" stroke-dasharray=\"3,3\"><title>"
           << escaped(e.description) << "</title></line>\n";
  }

  void timelines() {
    const auto& clients = plan_.topology().clients;
    double rowHeight = 14, top = 20, height = top + rowHeight * clients.size() + 20;
    out_ << "<h2>Which site answered each client, over time</h2>\n<svg width=\"940\" height=\""
         << height << "\" xmlns=\"http://www.w3.org/2000/svg\">\n";
    std::map<std::string, size_t> row;
    for (size_t i = 0; i < clients.size(); ++i) {
      row[clients[i].name] = i;
      out_ << "<text x=\"0\" y=\"" << top + rowHeight * i + 10 << "\">" << escaped(clients[i].name)
           << "</text>\n";
    }
    double width = std::max(1.0, 800.0 / (results_.duration * scenario_.probeRate));
    for (const ProbeResult& p : results_.probes)
      out_ << "<rect x=\"" << number(x(p.sentAt)) << "\" y=\"" << top + rowHeight * row[p.client]
           << "\" width=\"" << number(width) << "\" height=\"" << rowHeight - 3 << "\" fill=\""
           << (p.rcode == 0 ? colour(p.site) : kLost) << "\"/>\n";
    eventMarks(top - 10, rowHeight * clients.size() + 10);
    for (const EventRecord& e : results_.events)
      out_ << "<text x=\"" << number(x(e.at) + 2) << "\" y=\"" << height - 4 << "\">"
           << number(e.at, 0) << "s</text>\n";
    out_ << "</svg>\n";
  }

  void outages() {
    out_ << "<h2>Events and outages</h2>\n<table><tr><th>time</th><th>event</th><th>clients "
            "moved</th><th>probes lost</th><th>longest outage</th><th>detail</th></tr>\n";
    for (const EventOutcome& outcome : eventOutcomes(results_)) {
      const EventRecord& e = *outcome.event;
      size_t moved = 0, lost = 0;
      double longest = 0;
      std::string detail;
      for (const ClientOutcome& o : outcome.affected) {
        lost += o.lost;
        longest = std::max(longest, o.outageMs);
        moved += o.before != o.after;
        detail += escaped(o.client) + ": " + escaped(o.before.empty() ? "-" : o.before) +
                  " &rarr; " + escaped(o.after.empty() ? "-" : o.after) + " (" +
                  number(o.outageMs, 0) + " ms)<br>";
      }
      out_ << "<tr><td>" << number(e.at) << " s</td><td>" << escaped(e.description)
           << (e.error.empty() ? "" : " <b>failed: " + escaped(e.error) + "</b>") << "</td><td>"
           << moved << "</td><td>" << lost << "</td><td>" << number(longest, 0) << " ms</td><td>"
           << detail << "</td></tr>\n";
    }
    out_ << "</table>\n";
  }

  void load() {
    auto perSite = loadPerSite(results_);
    size_t peak = 1;
    for (const auto& [site, v] : perSite)
      for (size_t n : v) peak = std::max(peak, n);
    const double top = 10, height = 200;
    out_ << "<h2>Answers per site per second (probes and flood)</h2>\n<svg width=\"940\" height=\""
         << top + height + 30 << "\" xmlns=\"http://www.w3.org/2000/svg\">\n"
         << "<text x=\"0\" y=\"" << top + 10 << "\">" << peak << "/s</text><text x=\"0\" y=\""
         << top + height << "\">0</text>\n";
    for (const auto& [site, v] : perSite) {
      out_ << "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" << colour(site)
           << "\" points=\"";
      for (size_t s = 0; s < v.size(); ++s)
        out_ << number(x(static_cast<double>(s) + 0.5)) << ","
             << number(top + height -
                       height * static_cast<double>(v[s]) / static_cast<double>(peak))
             << " ";
      out_ << "\"><title>" << escaped(site) << "</title></polyline>\n";
    }
    eventMarks(top, height);
    out_ << "</svg>\n";
  }

  void inflation() {
    out_ << "<h2>Catchment against the nearest site</h2>\n<table><tr><th>client</th><th>region"
            "</th><th>answered by</th><th>RTT</th><th>nearest site</th><th>its RTT</th><th>"
            "inflation</th></tr>\n";
    for (const Client& c : plan_.topology().clients) {
      auto sites = nearest_->siteRtt.find(c.name);
      std::string best;
      double bestRtt = 0;
      if (sites != nearest_->siteRtt.end())
        for (const auto& [site, rtt] : sites->second)
          if (best.empty() || rtt < bestRtt) best = site, bestRtt = rtt;
      auto caught = nearest_->catchment.find(c.name);
      std::string site = caught == nearest_->catchment.end() ? "" : caught->second;
      double rtt = nearest_->anycastRtt.count(c.name) ? nearest_->anycastRtt.at(c.name) : 0;
      out_ << "<tr><td>" << escaped(c.name) << "</td><td>" << escaped(c.region) << "</td><td>"
           << "<span class=\"swatch\" style=\"background:" << colour(site) << "\"></span>"
           << escaped(site) << "</td><td>" << number(rtt) << " ms</td><td>" << escaped(best)
           << "</td><td>" << number(bestRtt) << " ms</td><td>"
           << (site != best && !best.empty() ? "+" + number(rtt - bestRtt) + " ms" : "")
           << "</td></tr>\n";
    }
    out_ << "</table>\n";
  }

  const LabPlan& plan_;
  const Scenario& scenario_;
  const RunResults& results_;
  const NearestSites* nearest_;
  std::map<std::string, std::string> colours_;
  std::ostringstream out_;
};

}  // namespace

std::string htmlReport(const LabPlan& plan, const Scenario& scenario, const RunResults& results,
                       const NearestSites* nearest) {
  return Writer(plan, scenario, results, nearest).html();
}

}  // namespace anycast::lab
