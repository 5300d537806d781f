// ExecProbe: runs a command; success is exit status 0. On timeout (cancel) its whole process
// group is killed and the child still reaped (ChildProcess). The detail of a failure carries
// the first line of what the command printed.
#pragma once

#include <asio.hpp>
#include <memory>
#include <string>
#include <vector>

#include "health/ChildProcess.h"
#include "health/Probe.h"

namespace anycast::health {

class ExecProbe : public Probe {
 public:
  ExecProbe(asio::io_context& io, std::vector<std::string> argv);
  ~ExecProbe() override { cancel(); }

  void start(Done done) override;
  void cancel() override;

 private:
  asio::io_context& io_;
  std::vector<std::string> argv_;
  std::shared_ptr<ChildProcess> child_;
  std::shared_ptr<Completion> completion_;
};

}  // namespace anycast::health
