// WireConfig: the wire's links as plain data, and the only code that knows their JSON form
// (the config file, and the link objects of the control protocol). Every error names the
// field: "links[1].delay-ms: must be a number >= 0".
//
//   {"seed": 1, "pool-frames": 65536,
//    "links": [{"name": "r1-r2",
//               "a": {"netns": "NAME", "ifname": "eth1", "mac": "02:00:00:00:00:01", "mtu": 1500},
//               "b": {...},
//               "delay-ms": 5, "jitter-ms": 1, "jitter-distribution": "uniform"|"normal",
//               "loss": 0.0, "rate-mbit": 100, "queue-packets": 1000, "queue-bytes": 0}]}
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/Result.h"
#include "lab/wire/LinkParams.h"
#include "lab/wire/TapDevice.h"

namespace anycast::lab::wire {

using Json = nlohmann::json;

struct LinkConfig {
  std::string name;
  TapSpec a;
  TapSpec b;
  LinkParams params;
};

struct WireConfig {
  uint64_t seed = 1;            // loss and jitter draws; the same seed gives the same run
  uint32_t poolFrames = 65536;  // frame buffers shared by all links (2 KiB each, at most 65536)
  std::vector<LinkConfig> links;
};

Result<WireConfig> parseWireConfig(const Json& json);
// Reads and parses FILE; errors start with the file name.
Result<WireConfig> loadWireConfig(const std::string& path);
// One link object; `where` prefixes error messages ("links[0]").
Result<LinkConfig> parseLinkConfig(const Json& json, const std::string& where);
// Sets the link properties present in `json` on `params` (the others stay); keys other than
// those and `allowed` are an error, so a misspelt property is never silently ignored.
Result<Ok> applyLinkParams(const Json& json, LinkParams& params,
                           const std::vector<std::string>& allowed, const std::string& where);

Json toJson(const LinkParams& params);
Json toJson(const DirectionCounters& counters);
Json toJson(const TapSpec& tap);

}  // namespace anycast::lab::wire
