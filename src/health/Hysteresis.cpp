#include "health/Hysteresis.h"

#include <algorithm>

namespace anycast::health {

std::string_view stateName(CheckState state) {
  switch (state) {
    case CheckState::kUp:
      return "up";
    case CheckState::kDown:
      return "down";
    case CheckState::kUnknown:
      break;
  }
  return "unknown";
}

Hysteresis::Hysteresis(uint32_t rise, uint32_t fall)
    : rise_(std::max<uint32_t>(rise, 1)), fall_(std::max<uint32_t>(fall, 1)) {}

bool Hysteresis::record(bool ok) {
  if (ok) {
    ++successes_;
    failures_ = 0;
    return successes_ >= rise_ && moveTo(CheckState::kUp);
  }
  ++failures_;
  successes_ = 0;
  return failures_ >= fall_ && moveTo(CheckState::kDown);
}

bool Hysteresis::force(bool ok) {
  successes_ = ok ? 1 : 0;
  failures_ = ok ? 0 : 1;
  return moveTo(ok ? CheckState::kUp : CheckState::kDown);
}

bool Hysteresis::moveTo(CheckState next) {
  if (state_ == next) return false;
  state_ = next;
  return true;
}

}  // namespace anycast::health
