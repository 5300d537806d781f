// WireConfig: JSON <-> link configuration (see WireConfig.h).
#include "lab/wire/WireConfig.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "lab/wire/FramePool.h"

namespace anycast::lab::wire {
namespace {

const std::vector<std::string> kParamKeys = {"delay-ms",   "jitter-ms", "jitter-distribution",
                                             "loss",       "rate-mbit", "queue-packets",
                                             "queue-bytes"};

std::string field(const std::string& where, const std::string& key) {
  return where.empty() ? key : where + "." + key;
}

Result<Ok> checkKeys(const Json& json, const std::vector<std::string>& a,
                     const std::vector<std::string>& b, const std::string& where) {
  if (!json.is_object()) return failWith((where.empty() ? "it" : where) + ": must be an object");
  for (const auto& item : json.items()) {
    const std::string& k = item.key();
    if (std::find(a.begin(), a.end(), k) == a.end() &&
        std::find(b.begin(), b.end(), k) == b.end()) {
      return failWith(field(where, k) + ": unknown field");
    }
  }
  return Ok{};
}

Result<double> number(const Json& v, const std::string& name, double min, double max) {
  if (!v.is_number() || v.get<double>() < min || v.get<double>() > max) {
    std::ostringstream m;
    m << name << ": must be a number in [" << min << ", " << max << "]";
    return failWith(m.str());
  }
  return v.get<double>();
}

Result<uint64_t> integer(const Json& v, const std::string& name, uint64_t min, uint64_t max) {
  bool natural = v.is_number_unsigned() || (v.is_number_integer() && v.get<int64_t>() >= 0);
  if (!natural || v.get<uint64_t>() < min || v.get<uint64_t>() > max) {
    return failWith(name + ": must be an integer in [" + std::to_string(min) + ", " +
                    std::to_string(max) + "]");
  }
  return v.get<uint64_t>();
}

Result<std::string> text(const Json& json, const std::string& key, const std::string& where) {
  if (!json.contains(key)) return failWith(field(where, key) + ": missing");
  const Json& v = json.at(key);
  if (!v.is_string() || v.get<std::string>().empty()) {
    return failWith(field(where, key) + ": must be a non-empty string");
  }
  return v.get<std::string>();
}

Result<TapSpec> parseTap(const Json& json, const std::string& where) {
  if (auto keys = checkKeys(json, {"netns", "ifname", "mac", "mtu"}, {}, where); !keys.ok()) {
    return fail(keys.error());
  }
  TapSpec tap;
  auto netns = text(json, "netns", where);
  if (!netns.ok()) return fail(netns.error());
  tap.netns = *netns;
  auto ifname = text(json, "ifname", where);
  if (!ifname.ok()) return fail(ifname.error());
  if (ifname->size() > 15) return failWith(field(where, "ifname") + ": at most 15 characters");
  tap.ifname = *ifname;
  if (json.contains("mtu")) {
    auto mtu = integer(json["mtu"], field(where, "mtu"), 68, FramePool::kMaxMtu);
    if (!mtu.ok()) return fail(mtu.error());
    tap.mtu = static_cast<uint32_t>(*mtu);
  }
  if (json.contains("mac")) {
    auto mac = json["mac"].is_string() ? parseMac(json["mac"].get<std::string>()) : std::nullopt;
    if (!mac) return failWith(field(where, "mac") + ": must be a MAC like \"02:00:00:00:00:01\"");
    tap.mac = mac;
  }
  return tap;
}

}  // namespace

Result<Ok> applyLinkParams(const Json& json, LinkParams& params,
                           const std::vector<std::string>& allowed, const std::string& where) {
  if (auto keys = checkKeys(json, kParamKeys, allowed, where); !keys.ok()) return keys;
  LinkParams p = params;
  std::optional<Error> error;  // the first bad property; nothing is applied then
  auto real = [&](const char* key, double min, double max, double& out) {
    if (!json.contains(key) || error) return;
    auto v = number(json[key], field(where, key), min, max);
    if (v.ok())
      out = *v;
    else
      error = v.error();
  };
  auto whole = [&](const char* key, uint64_t min, uint64_t max, auto& out) {
    if (!json.contains(key) || error) return;
    auto v = integer(json[key], field(where, key), min, max);
    if (v.ok())
      out = static_cast<std::remove_reference_t<decltype(out)>>(*v);
    else
      error = v.error();
  };
  real("delay-ms", 0, 3.6e6, p.delayMs);
  real("jitter-ms", 0, 3.6e6, p.jitterMs);
  real("loss", 0, 1, p.loss);
  real("rate-mbit", 0, 1e6, p.rateMbit);
  whole("queue-packets", 1, 1 << 24, p.queuePackets);
  whole("queue-bytes", 0, 1ULL << 40, p.queueBytes);
  if (json.contains("jitter-distribution") && !error) {
    const Json& v = json["jitter-distribution"];
    if (v == "uniform") {
      p.jitterDistribution = JitterDistribution::kUniform;
    } else if (v == "normal") {
      p.jitterDistribution = JitterDistribution::kNormal;
    } else {
      error = Error{field(where, "jitter-distribution") + ": must be \"uniform\" or \"normal\""};
    }
  }
  if (error) return fail(*error);
  params = p;
  return Ok{};
}

Result<LinkConfig> parseLinkConfig(const Json& json, const std::string& where) {
  LinkConfig link;
  if (auto p = applyLinkParams(json, link.params, {"name", "a", "b"}, where); !p.ok()) {
    return fail(p.error());
  }
  auto name = text(json, "name", where);
  if (!name.ok()) return fail(name.error());
  link.name = *name;
  for (const char* side : {"a", "b"}) {
    if (!json.contains(side)) return failWith(field(where, side) + ": missing");
    auto tap = parseTap(json[side], field(where, side));
    if (!tap.ok()) return fail(tap.error());
    (side[0] == 'a' ? link.a : link.b) = std::move(tap.value());
  }
  return link;
}

Result<WireConfig> parseWireConfig(const Json& json) {
  if (auto keys = checkKeys(json, {"seed", "pool-frames", "links"}, {}, ""); !keys.ok()) {
    return fail(keys.error());
  }
  WireConfig config;
  if (json.contains("seed")) {
    auto seed = integer(json["seed"], "seed", 0, UINT64_MAX);
    if (!seed.ok()) return fail(seed.error());
    config.seed = *seed;
  }
  if (json.contains("pool-frames")) {
    auto frames = integer(json["pool-frames"], "pool-frames", 64, FramePool::kMaxFrames);
    if (!frames.ok()) return fail(frames.error());
    config.poolFrames = static_cast<uint32_t>(*frames);
  }
  if (!json.contains("links") || !json["links"].is_array()) {
    return failWith("links: missing, or not an array");
  }
  for (size_t i = 0; i < json["links"].size(); ++i) {
    std::string where = "links[" + std::to_string(i) + "]";
    auto link = parseLinkConfig(json["links"][i], where);
    if (!link.ok()) return fail(link.error());
    for (const auto& other : config.links) {
      if (other.name == link->name) return failWith(where + ".name: \"" + link->name + "\" twice");
    }
    config.links.push_back(std::move(link.value()));
  }
  return config;
}

Result<WireConfig> loadWireConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) return failWith(path + ": cannot be read");
  Json json = Json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return failWith(path + ": not valid JSON");
  auto config = parseWireConfig(json);
  if (!config.ok()) return failWith(path + ": " + config.error().message);
  return config;
}

Json toJson(const LinkParams& p) {
  return Json{{"delay-ms", p.delayMs},
              {"jitter-ms", p.jitterMs},
              {"jitter-distribution",
               p.jitterDistribution == JitterDistribution::kNormal ? "normal" : "uniform"},
              {"loss", p.loss},
              {"rate-mbit", p.rateMbit},
              {"queue-packets", p.queuePackets},
              {"queue-bytes", p.queueBytes}};
}

Json toJson(const DirectionCounters& c) {
  return Json{{"rx-packets", c.rxPackets}, {"rx-bytes", c.rxBytes},    {"tx-packets", c.txPackets},
              {"tx-bytes", c.txBytes},     {"drop-loss", c.dropLoss},  {"drop-queue", c.dropQueue},
              {"drop-cut", c.dropCut},     {"drop-error", c.dropError}};
}

Json toJson(const TapSpec& tap) {
  Json j{{"netns", tap.netns}, {"ifname", tap.ifname}, {"mtu", tap.mtu}};
  if (tap.mac) j["mac"] = formatMac(*tap.mac);
  return j;
}

}  // namespace anycast::lab::wire
