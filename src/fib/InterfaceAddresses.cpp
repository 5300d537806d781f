#include "fib/InterfaceAddresses.h"

#include <net/if.h>

#include <cerrno>

namespace anycast::fib {
namespace {

Result<uint32_t, NetlinkError> indexOf(const std::string& interface) {
  unsigned index = if_nametoindex(interface.c_str());
  if (index == 0) return fail(systemError(errno, "interface " + interface));
  return index;
}

}  // namespace

Result<bool, NetlinkError> KernelAddresses::add(const std::string& interface,
                                                const Prefix& address) {
  auto index = indexOf(interface);
  if (!index) return fail(index.error());
  auto added = netlink_.address(AddressOp::kAdd, *index, address);
  if (added) return true;
  if (added.error().errnum == EEXIST) return false;
  return fail(added.error());
}

Result<Ok, NetlinkError> KernelAddresses::remove(const std::string& interface,
                                                 const Prefix& address) {
  auto index = indexOf(interface);
  if (!index) return fail(index.error());
  auto removed = netlink_.address(AddressOp::kDelete, *index, address);
  // Gone already (the interface was reset, or the operator removed it): what we wanted.
  if (!removed && removed.error().errnum != EADDRNOTAVAIL) return fail(removed.error());
  return Ok{};
}

}  // namespace anycast::fib
