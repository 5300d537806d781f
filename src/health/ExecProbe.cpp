#include "health/ExecProbe.h"

namespace anycast::health {
namespace {

std::string firstLine(const std::string& text) {
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return "";
  return text.substr(start, text.find_first_of("\r\n", start) - start);
}

}  // namespace

ExecProbe::ExecProbe(asio::io_context& io, std::vector<std::string> argv)
    : io_(io), argv_(std::move(argv)) {}

void ExecProbe::start(Done done) {
  completion_ = std::make_shared<Completion>(std::move(done));
  auto child = ChildProcess::spawn(io_, argv_);
  if (!child) {
    asio::post(io_, [c = completion_, why = child.error().message] { c->complete(false, why); });
    return;
  }
  child_ = std::move(*child);
  child_->wait([c = completion_](const ExitStatus& exit) {
    std::string line = firstLine(exit.output);
    c->complete(exit.success, line.empty() ? exit.description : exit.description + ": " + line);
  });
}

void ExecProbe::cancel() {
  if (completion_) completion_->abandon();
  completion_.reset();
  if (child_) child_->kill();  // reaped by its pending wait
  child_.reset();
}

}  // namespace anycast::health
