#include "base/NetnsScope.h"

#include <fcntl.h>
#include <sched.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "base/Log.h"

namespace anycast {

Result<Ok> NetnsScope::enter(const std::string& path) {
  home_.reset(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
  if (!home_.valid())
    return failWith(std::string("open /proc/thread-self/ns/net: ") + std::strerror(errno));
  UniqueFd target(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!target.valid()) return failWith("open " + path + ": " + std::strerror(errno));
  if (::setns(target.get(), CLONE_NEWNET) != 0)
    return failWith("setns " + path + ": " + std::strerror(errno));
  entered_ = true;
  return Ok{};
}

NetnsScope::~NetnsScope() {
  if (entered_ && ::setns(home_.get(), CLONE_NEWNET) != 0) {
    LOG_ERROR("netns-return-failed", LogFields().kv("error", std::strerror(errno)));
    std::abort();
  }
}

}  // namespace anycast
