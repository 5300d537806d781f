#include "lab/Scenario.h"

#include <sstream>

namespace anycast::lab {

const char* eventKindName(EventKind kind) {
  switch (kind) {
    case EventKind::kFailService:
      return "fail-service";
    case EventKind::kRestoreService:
      return "restore-service";
    case EventKind::kDrain:
      return "drain";
    case EventKind::kUndrain:
      return "undrain";
    case EventKind::kAddSite:
      return "add-site";
    case EventKind::kKillSite:
      return "kill-site";
    case EventKind::kRestartSite:
      return "restart-site";
    case EventKind::kKillRouter:
      return "kill-router";
    case EventKind::kRestartRouter:
      return "restart-router";
    case EventKind::kSetLink:
      return "set-link";
    case EventKind::kCutLink:
      return "cut-link";
    case EventKind::kRestoreLink:
      return "restore-link";
    case EventKind::kFlood:
      return "flood";
  }
  return "?";
}

std::string ScenarioEvent::describe() const {
  std::ostringstream out;
  out << eventKindName(kind);
  if (kind == EventKind::kFlood) {
    out << " from";
    for (const auto& c : clients) out << " " << c;
    out << " at " << floodRate << " q/s";
  } else {
    out << " " << target;
  }
  if (link)
    out << " (delay " << link->delay.count() / 1000.0 << " ms, loss " << link->loss * 100 << "%)";
  if (duration) out << " for " << duration->count() / 1000.0 << " s";
  return out.str();
}

}  // namespace anycast::lab
