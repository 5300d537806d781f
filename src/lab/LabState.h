// LabState: what a running lab consists of, written to /run/anycast-lab/<lab>/state.json as
// it is built, so that `down`, `status` and the next `up` after a crash find every namespace
// and process the lab created (and only those: processes by PID and start time).
#pragma once

#include <string>
#include <vector>

#include "base/Result.h"
#include "lab/Process.h"

namespace anycast::lab {

struct LabState {
  std::string lab;
  std::string topologyFile;
  std::vector<std::string> namespaces;
  std::vector<StartedProcess> processes;

  // /run/anycast-lab/<lab>: the state file, and one directory per node (configs, logs).
  static std::string directoryOf(const std::string& lab);
  std::string directory() const { return directoryOf(lab); }

  Result<Ok> save() const;
  static Result<LabState> load(const std::string& lab);
  // The labs that have a state directory.
  static std::vector<std::string> existing();
};

}  // namespace anycast::lab
