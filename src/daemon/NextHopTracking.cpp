#include "daemon/NextHopTracking.h"

#include <unistd.h>

#include <stdexcept>


namespace anycast::daemon {
namespace {

std::unique_ptr<fib::RouteChangeMonitor> openMonitor(uint8_t ownProtocol) {
  auto monitor = fib::RouteChangeMonitor::open(ownProtocol);
  if (!monitor) throw std::runtime_error("next-hop tracking: " + monitor.error().text);
  return std::move(monitor.value());
}

}  // namespace

NextHopTracking::NextHopTracking(asio::io_context& io, TimerFactory& timers,
                                 fib::RouteNetlink& netlink, fib::NextHopResolverConfig config,
                                 OnChange onChange)
    : resolver_(netlink, config),
      monitor_(openMonitor(config.ownProtocol)),
      readable_(io, ::dup(monitor_->fd())),
      settle_(timers.create([this] { refresh(); })),
      onChange_(std::move(onChange)) {
  waitForChange();
}

void NextHopTracking::waitForChange() {
  readable_.async_wait(asio::posix::descriptor_base::wait_read, [this](std::error_code error) {
    if (error) return;  // closed: the daemon is going away
    if (monitor_->drain() && !settle_->running()) settle_->start(kSettle);
    waitForChange();
  });
}

void NextHopTracking::refresh() {
  auto changed = resolver_.refresh();
  if (!changed.empty()) onChange_(changed);
}

}  // namespace anycast::daemon
