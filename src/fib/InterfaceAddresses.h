// InterfaceAddresses: puts addresses on a network interface and takes them off — the anycast
// service addresses a site answers on (on `lo` of its namespace: these machines' kernel has no
// dummy driver). The seam between the site controller and the kernel; KernelAddresses is the
// real one (rtnetlink RTM_NEWADDR/RTM_DELADDR), tests use a fake.
#pragma once

#include <string>

#include "base/Ip.h"
#include "base/Result.h"
#include "fib/NetlinkSocket.h"

namespace anycast::fib {

class InterfaceAddresses {
 public:
  virtual ~InterfaceAddresses() = default;
  // true: added; false: it was there already (put there by someone else, so remove() must not
  // be asked to take it away).
  virtual Result<bool, NetlinkError> add(const std::string& interface, const Prefix& address) = 0;
  virtual Result<Ok, NetlinkError> remove(const std::string& interface, const Prefix& address) = 0;
};

class KernelAddresses : public InterfaceAddresses {
 public:
  explicit KernelAddresses(NetlinkSocket& netlink) : netlink_(netlink) {}
  Result<bool, NetlinkError> add(const std::string& interface, const Prefix& address) override;
  Result<Ok, NetlinkError> remove(const std::string& interface, const Prefix& address) override;

 private:
  NetlinkSocket& netlink_;
};

}  // namespace anycast::fib
