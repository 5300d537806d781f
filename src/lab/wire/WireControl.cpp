// WireControl: the control commands (see WireControl.h).
#include "lab/wire/WireControl.h"

#include <algorithm>
#include <future>

#include "base/Log.h"

namespace anycast::lab::wire {
namespace {

const char* kDirections[2] = {"a-to-b", "b-to-a"};

Result<std::string> linkName(const Json& request) {
  if (!request.contains("link") || !request["link"].is_string()) {
    return failWith("\"link\": missing, or not a link name");
  }
  return request["link"].get<std::string>();
}

Json directionJson(const Direction& d) {
  Json j = toJson(d.params());
  j["queued"] = d.queued();
  j["counters"] = toJson(d.counters());
  return j;
}

}  // namespace

WireControl::WireControl(Engine& engine, WireLoop& loop, TapOpener openTap)
    : engine_(engine), loop_(loop), openTap_(std::move(openTap)) {}

Result<Json> WireControl::onLoop(std::function<Result<Json>()> work) {
  std::promise<Result<Json>> done;
  loop_.post([&] { done.set_value(work()); });
  return done.get_future().get();
}

Result<Json> WireControl::handle(const Json& request) {
  const std::string command = request.at("command").get<std::string>();
  static const std::vector<std::string> kCommands = {"links",   "set", "cut",
                                                     "restore", "add", "remove"};
  if (std::find(kCommands.begin(), kCommands.end(), command) == kCommands.end()) {
    return failWith("unknown command \"" + command + "\" (links, set, cut, restore, add, remove)");
  }
  if (command == "links") return onLoop([this] { return links(); });
  if (command == "add") {
    if (!request.contains("link")) return failWith("\"link\": missing");
    auto link = parseLinkConfig(request["link"], "link");
    if (!link.ok()) return fail(link.error());
    return addLink(*link);
  }
  auto name = linkName(request);
  if (!name.ok()) return fail(name.error());
  if (command == "set") return onLoop([&] { return set(request); });
  if (command == "cut" || command == "restore") {
    return onLoop([&] { return cut(*name, command == "cut"); });
  }
  return onLoop([&] { return remove(*name); });
}

Result<Json> WireControl::addLink(const LinkConfig& link) {
  auto a = openTap_(link.a);
  if (!a.ok()) return failWith("link " + link.name + ": " + a.error().message);
  auto b = openTap_(link.b);
  if (!b.ok()) return failWith("link " + link.name + ": " + b.error().message);
  return onLoop([&]() -> Result<Json> {
    auto slot = engine_.addLink(link.name, link.params, a->get(), b->get());
    if (!slot.ok()) return fail(slot.error());  // the TAPs close (and vanish) on return
    loop_.attach(*slot, std::move(*a), std::move(*b));
    taps_[link.name] = {link.a, link.b};
    LOG_INFO("wire-link-added", LogFields()
                                    .kv("link", link.name)
                                    .kv("a", link.a.netns + "/" + link.a.ifname)
                                    .kv("b", link.b.netns + "/" + link.b.ifname)
                                    .kv("delay-ms", link.params.delayMs)
                                    .kv("rate-mbit", link.params.rateMbit));
    return Json{{"link", link.name}};
  });
}

Result<Link*> WireControl::find(const std::string& name) {
  Link* link = engine_.find(name);
  if (!link) return failWith("no link \"" + name + "\"");
  return link;
}

Result<Json> WireControl::links() {
  Json out = Json::array();
  for (const Link* link : engine_.links()) {
    const auto& taps = taps_.at(link->name);
    out.push_back(Json{{"name", link->name},
                       {"a", toJson(taps.first)},
                       {"b", toJson(taps.second)},
                       {"cut", link->dirs[0].cut()},
                       {kDirections[0], directionJson(link->dirs[0])},
                       {kDirections[1], directionJson(link->dirs[1])}});
  }
  return Json{{"links", out}};
}

Result<Json> WireControl::set(const Json& request) {
  auto link = find(request["link"].get<std::string>());
  if (!link.ok()) return fail(link.error());
  bool only[2] = {false, false};
  if (request.contains("direction")) {
    const Json& d = request["direction"];
    only[0] = d == kDirections[0];
    only[1] = d == kDirections[1];
    if (!only[0] && !only[1]) return failWith("direction: must be \"a-to-b\" or \"b-to-a\"");
  }
  LinkParams next[2];
  for (size_t d = 0; d < 2; ++d) {
    next[d] = (*link)->dirs[d].params();
    auto applied = applyLinkParams(request, next[d], {"command", "link", "direction"}, "");
    if (!applied.ok()) return fail(applied.error());
  }
  for (size_t d = 0; d < 2; ++d) {
    if (only[1 - d]) continue;
    (*link)->dirs[d].setParams(next[d]);
    LOG_INFO("wire-link-set", LogFields()
                                  .kv("link", (*link)->name)
                                  .kv("direction", kDirections[d])
                                  .kv("delay-ms", next[d].delayMs)
                                  .kv("jitter-ms", next[d].jitterMs)
                                  .kv("loss", next[d].loss)
                                  .kv("rate-mbit", next[d].rateMbit));
  }
  return Json{{"link", (*link)->name}};
}

Result<Json> WireControl::cut(const std::string& name, bool cut) {
  auto link = find(name);
  if (!link.ok()) return fail(link.error());
  engine_.setCut(**link, cut);
  LOG_INFO(cut ? "wire-link-cut" : "wire-link-restored", LogFields().kv("link", name));
  return Json{{"link", name}, {"cut", cut}};
}

Result<Json> WireControl::remove(const std::string& name) {
  std::optional<uint32_t> slot = engine_.slotOf(name);
  if (!slot) return failWith("no link \"" + name + "\"");
  loop_.detach(*slot);
  engine_.removeLink(name);
  taps_.erase(name);
  LOG_INFO("wire-link-removed", LogFields().kv("link", name));
  return Json{{"link", name}};
}

}  // namespace anycast::lab::wire
