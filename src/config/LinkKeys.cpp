#include "config/LinkKeys.h"

#include "config/ValueParsers.h"

namespace anycast::config {

std::vector<const char*> withLinkKeys(std::initializer_list<const char*> keys) {
  std::vector<const char*> all(keys);
  all.insert(all.end(), kLinkKeys.begin(), kLinkKeys.end());
  return all;
}

lab::LinkProperties readLinkProperties(const YamlReader& r, const YAML::Node& map,
                                       const std::string& key, lab::LinkProperties base) {
  auto field = [&](const char* k) { return key + "." + k; };
  auto micros = [&](const char* k) {
    return r.parsed(map[k], field(k), parseMicros(r.scalar(map[k], field(k))),
                    "a duration such as 0.5ms, 20ms or 1s");
  };
  if (map["delay"]) base.delay = micros("delay");
  if (map["jitter"]) base.jitter = micros("jitter");
  if (auto n = map["loss"])
    base.loss = r.parsed(n, field("loss"), parseProbability(r.scalar(n, field("loss"))),
                         "a probability 0..1 or a percentage such as 0.1%");
  if (auto n = map["rate"])
    base.rateBits = r.parsed(n, field("rate"), parseRate(r.scalar(n, field("rate"))),
                             "a rate such as 100mbit, 1gbit or 64kbit");
  if (base.jitter > base.delay)
    r.fail(map, field("jitter"), "must not exceed the delay (frames would arrive early)");
  return base;
}

}  // namespace anycast::config
