#include "control/ControlClient.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

#include "base/UniqueFd.h"
#include "control/TextFormat.h"

namespace anycast::control {
namespace {

using Clock = std::chrono::steady_clock;

// Waits until `fd` is ready for `events` or `deadline` passes; false (errno set) if not.
bool waitFor(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      errno = ETIMEDOUT;
      return false;
    }
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, static_cast<int>(left.count()));
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
}

}  // namespace

Result<nlohmann::json> sendRequest(const std::string& socketPath, const nlohmann::json& request,
                                   std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socketPath.size() >= sizeof(address.sun_path))
    return failWith("cannot connect to " + socketPath + ": path too long");
  std::memcpy(address.sun_path, socketPath.c_str(), socketPath.size() + 1);
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd.valid()) return failWith(std::string("socket: ") + std::strerror(errno));
  // A Unix stream connect completes or fails at once (EAGAIN: the listener's backlog is full).
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0)
    return failWith("cannot connect to " + socketPath + ": " + std::strerror(errno) +
                    " (is anycastd running, and is this its control socket?)");
  std::string line = request.dump() + "\n";
  for (size_t sent = 0; sent < line.size();) {
    if (!waitFor(fd.get(), POLLOUT, deadline))
      return failWith("cannot send to " + socketPath + ": " + std::strerror(errno));
    ssize_t n = ::send(fd.get(), line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN && errno != EINTR)
      return failWith("cannot send to " + socketPath + ": " + std::strerror(errno));
    if (n > 0) sent += static_cast<size_t>(n);
  }
  std::string reply;
  while (reply.find('\n') == std::string::npos) {
    if (!waitFor(fd.get(), POLLIN, deadline))
      return failWith("no reply from " + socketPath + ": " + std::strerror(errno));
    char buffer[65536];
    ssize_t n = ::recv(fd.get(), buffer, sizeof(buffer), 0);
    if (n == 0) return failWith("no reply from " + socketPath + ": connection closed");
    if (n < 0 && errno != EAGAIN && errno != EINTR)
      return failWith("no reply from " + socketPath + ": " + std::strerror(errno));
    if (n > 0) reply.append(buffer, static_cast<size_t>(n));
  }
  auto json = nlohmann::json::parse(reply.substr(0, reply.find('\n')), nullptr, false);
  if (json.is_discarded()) return failWith("unreadable reply from " + socketPath);
  return json;
}

Result<nlohmann::json> ask(const std::string& socketPath, const nlohmann::json& request,
                           std::chrono::milliseconds timeout) {
  auto reply = sendRequest(socketPath, request, timeout);
  if (!reply.ok()) return fail(reply.error());
  if (!reply->value("ok", false))
    return failWith(socketPath + ": " + reply->value("error", std::string("request refused")));
  return replyPayload(*reply);
}

}  // namespace anycast::control
