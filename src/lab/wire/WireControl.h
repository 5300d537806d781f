// WireControl: the wire's control protocol — one JSON request per line on a Unix socket (the
// transport is control::ControlServer), answered on the data-plane loop's thread:
//   {"command": "links"}                                   every link, settings and counters
//   {"command": "set", "link": NAME, ["direction": "a-to-b"|"b-to-a",] "delay-ms": 20, ...}
//   {"command": "cut"|"restore", "link": NAME}
//   {"command": "add", "link": {<link object as in the config file>}}
//   {"command": "remove", "link": NAME}
// Replies are {"ok": true, ...} or {"ok": false, "error": "..."} (control/ControlServer.h).
#pragma once

#include <functional>
#include <string>
#include <unordered_map>
#include <utility>

#include "lab/wire/Engine.h"
#include "lab/wire/WireConfig.h"
#include "lab/wire/WireLoop.h"

namespace anycast::lab::wire {

class WireControl {
 public:
  // `openTap` creates one TAP (lab/wire/TapDevice.h's openTap; tests pass a fake).
  using TapOpener = std::function<Result<UniqueFd>(const TapSpec&)>;
  WireControl(Engine& engine, WireLoop& loop, TapOpener openTap);

  // Called on the control thread; blocks until the loop thread has answered.
  Result<Json> handle(const Json& request);
  // Creates the link's TAPs on the calling thread, then adds it on the loop thread.
  Result<Json> addLink(const LinkConfig& link);

 private:
  Result<Json> onLoop(std::function<Result<Json>()> work);
  Result<Json> links();
  Result<Json> set(const Json& request);
  Result<Json> cut(const std::string& name, bool cut);
  Result<Json> remove(const std::string& name);
  Result<Link*> find(const std::string& name);

  Engine& engine_;
  WireLoop& loop_;
  TapOpener openTap_;
  // Loop thread only: each link's TAPs, as configured, for the `links` reply.
  std::unordered_map<std::string, std::pair<TapSpec, TapSpec>> taps_;
};

}  // namespace anycast::lab::wire
