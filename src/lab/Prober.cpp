#include "lab/Prober.h"

#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

#include "base/NetnsScope.h"
#include "health/DnsMessage.h"

namespace anycast::lab {

struct Prober::Client {
  std::string name;
  UniqueFd socket;
  uint16_t nextId = 0;
  Clock::time_point nextSend;
  std::map<uint16_t, Clock::time_point> pending;  // query id -> sent
};

namespace {

// A UDP socket made in `netns`, connected to the service's port 53.
Result<UniqueFd> socketIn(const std::string& netns, const IpAddress& service) {
  NetnsScope scope;
  if (auto entered = scope.enter("/run/netns/" + netns); !entered.ok())
    return fail(entered.error());
  sockaddr_storage address{};
  socklen_t length = 0;
  if (service.isV4()) {
    auto* a = reinterpret_cast<sockaddr_in*>(&address);
    a->sin_family = AF_INET;
    a->sin_port = htons(53);
    std::memcpy(&a->sin_addr, service.data(), 4);
    length = sizeof(sockaddr_in);
  } else {
    auto* a = reinterpret_cast<sockaddr_in6*>(&address);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(53);
    std::memcpy(&a->sin6_addr, service.data(), 16);
    length = sizeof(sockaddr_in6);
  }
  UniqueFd fd(::socket(address.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return failWith(std::string("socket: ") + std::strerror(errno));
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&address), length) != 0)
    return failWith("connect to " + service.str() + " in " + netns + ": " + std::strerror(errno));
  return fd;
}

double secondsBetween(Prober::Clock::time_point from, Prober::Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

}  // namespace

Prober::Prober(ProbeOptions options) : options_(std::move(options)) {}
Prober::Prober(Prober&&) noexcept = default;
Prober& Prober::operator=(Prober&&) noexcept = default;
Prober::~Prober() = default;

Result<Prober> Prober::open(const std::vector<ProbeTarget>& targets, ProbeOptions options) {
  if (options.ratePerClient <= 0) return failWith("the probe rate must be positive");
  if (auto valid = health::validateName(options.name); !valid) return fail(valid.error());
  Prober prober(std::move(options));
  prober.epoll_.reset(::epoll_create1(EPOLL_CLOEXEC));
  if (!prober.epoll_.valid()) return failWith(std::string("epoll: ") + std::strerror(errno));
  for (const ProbeTarget& t : targets) {
    auto fd = socketIn(t.netns, prober.options_.service);
    if (!fd.ok()) return failWith(t.client + ": " + fd.error().message);
    auto client = std::make_unique<Client>();
    client->name = t.client;
    client->socket = std::move(*fd);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.ptr = client.get();
    if (::epoll_ctl(prober.epoll_.get(), EPOLL_CTL_ADD, client->socket.get(), &event) != 0)
      return failWith(std::string("epoll_ctl: ") + std::strerror(errno));
    prober.clients_.push_back(std::move(client));
  }
  return prober;
}

void Prober::run(Clock::time_point until, const std::function<void(const ProbeResult&)>& onResult,
                 const std::atomic<bool>* stop) {
  const Clock::time_point start = Clock::now();
  const auto interval = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(1.0 / options_.ratePerClient));
  // Spread the clients over one interval, so that the service sees a steady rate.
  for (size_t i = 0; i < clients_.size(); ++i)
    clients_[i]->nextSend =
        start + interval * static_cast<long>(i) / static_cast<long>(clients_.size());
  health::DnsQuestion question{options_.name, health::kTypeA, health::kClassIn};
  auto report = [&](const Client& c, Clock::time_point sent, const std::string& site,
                    Clock::time_point at, int rcode) {
    onResult({secondsBetween(start, sent), c.name, site,
              rcode < 0 ? 0 : secondsBetween(sent, at) * 1000, rcode});
  };
  for (;;) {
    Clock::time_point now = Clock::now();
    bool sending = now < until && !(stop && stop->load());
    Clock::time_point wake = now + options_.timeout;
    bool waiting = false;
    for (auto& c : clients_) {
      // Expired probes end as unanswered.
      for (auto it = c->pending.begin(); it != c->pending.end();) {
        if (now - it->second < options_.timeout) {
          wake = std::min(wake, it->second + options_.timeout);
          waiting = true;
          ++it;
          continue;
        }
        report(*c, it->second, "", now, -1);
        it = c->pending.erase(it);
      }
      if (!sending) continue;
      if (c->nextSend <= now) {
        uint16_t id = c->nextId++;
        auto query = health::encodeQuery(id, question, false, true);
        if (query.ok() && ::send(c->socket.get(), query->data(), query->size(), 0) >= 0) {
          c->pending[id] = now;
          waiting = true;
        } else {
          report(*c, now, "", now, -1);  // the client could not even send: lost
        }
        c->nextSend += interval;
        if (c->nextSend < now) c->nextSend = now + interval;  // fell behind: do not burst
      }
      wake = std::min(wake, c->nextSend);
    }
    if (!sending && !waiting) return;
    auto waitMs = std::chrono::duration_cast<std::chrono::milliseconds>(wake - Clock::now());
    epoll_event events[64];
    int n = ::epoll_wait(epoll_.get(), events, 64,
                         static_cast<int>(std::max<int64_t>(0, waitMs.count())));
    Clock::time_point received = Clock::now();
    for (int i = 0; i < n; ++i) {
      auto* c = static_cast<Client*>(events[i].data.ptr);
      uint8_t buffer[1500];
      for (ssize_t got; (got = ::recv(c->socket.get(), buffer, sizeof buffer, 0)) > 0;) {
        auto response = health::parseResponse(ByteSpan(buffer, static_cast<size_t>(got)));
        if (!response.ok()) continue;
        auto it = c->pending.find(response->id);
        if (it == c->pending.end()) continue;  // late or foreign: already counted as lost
        report(*c, it->second, response->nsid.value_or("?"), received, response->rcode);
        c->pending.erase(it);
      }
    }
  }
}

}  // namespace anycast::lab
