// Hysteresis: a check's rise/fall state machine. Pure: results in, state out; no clock, no
// timers (CheckRunner supplies the results). The state starts unknown; `rise` consecutive
// successes make it up, `fall` consecutive failures make it down — from unknown too, so a
// service that never worked is reported down after `fall` probes, not left unknown. A certain
// result (a watched process died; a pushed report) moves the state at once: force().
#pragma once

#include <cstdint>
#include <string_view>

namespace anycast::health {

enum class CheckState : uint8_t { kUnknown, kUp, kDown };

std::string_view stateName(CheckState state);  // "unknown", "up", "down"

class Hysteresis {
 public:
  // rise and fall are at least 1 (CheckConfig::validate says so; 0 is taken as 1 here).
  Hysteresis(uint32_t rise, uint32_t fall);

  // One probe's result; returns whether the state changed.
  bool record(bool ok);
  // A result that needs no confirmation: the state becomes up or down now. Returns whether it
  // changed. The consecutive counts restart from this result.
  bool force(bool ok);

  CheckState state() const { return state_; }
  uint32_t consecutiveSuccesses() const { return successes_; }
  uint32_t consecutiveFailures() const { return failures_; }

 private:
  bool moveTo(CheckState next);

  uint32_t rise_;
  uint32_t fall_;
  CheckState state_ = CheckState::kUnknown;
  uint32_t successes_ = 0;
  uint32_t failures_ = 0;
};

}  // namespace anycast::health
