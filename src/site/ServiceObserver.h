// ServiceObserver: what serves on a service's addresses (the daemon's embedded DNS servers)
// is told when it may start — the addresses are on their interface — and when it must stop,
// before they are taken off (SiteController's address ordering, see its header).
#pragma once

namespace anycast::site {

class Service;

class ServiceObserver {
 public:
  virtual ~ServiceObserver() = default;
  // `service` started: the addresses it manages are in place.
  virtual void started(Service& service) = 0;
  // `service` goes for good (retired by a reload, or the daemon exits): stop serving now. It
  // may be withdrawn already; its addresses have not been removed yet. Nothing may be
  // reported to its checks from here on.
  virtual void stopping(const Service& service) = 0;
};

}  // namespace anycast::site
