// UdpWorker: the recvmmsg -> handler -> RRL -> sendmmsg loop (see UdpWorker.h).
#include "dns/server/UdpWorker.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "base/Log.h"

namespace anycast::dns::server {

// Receive and send slots for one batch, allocated once per worker. A response is written in
// the send slot of its query and sent back to the query's source address.
struct UdpWorker::Batch {
  Batch(size_t n, size_t rxBytes, size_t txBytes)
      : rxBytes(rxBytes),
        txBytes(txBytes),
        rx(n),
        tx(n),
        rxIov(n),
        txIov(n),
        names(n),
        rxBuf(new uint8_t[n * rxBytes]),
        txBuf(new uint8_t[n * txBytes]),
        filled(n) {}

  uint8_t* rxSlot(size_t i) { return rxBuf.get() + i * rxBytes; }
  uint8_t* txSlot(size_t i) { return txBuf.get() + i * txBytes; }

  // Resets the receive entries the last recvmmsg filled (the kernel writes only those): under
  // light load a batch is one datagram, and resetting all 32 was most of the loop's own work.
  void prepareReceive() {
    for (size_t i = 0; i < filled; ++i) {
      rxIov[i] = {rxSlot(i), rxBytes};
      rx[i] = {};
      rx[i].msg_hdr.msg_name = &names[i];
      rx[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
      rx[i].msg_hdr.msg_iov = &rxIov[i];
      rx[i].msg_hdr.msg_iovlen = 1;
    }
  }
  // Send entry k: the response in send slot i, to the source of query i.
  void queue(size_t k, size_t i, size_t length) {
    txIov[k] = {txSlot(i), length};
    tx[k] = {};
    tx[k].msg_hdr.msg_name = &names[i];
    tx[k].msg_hdr.msg_namelen = rx[i].msg_hdr.msg_namelen;
    tx[k].msg_hdr.msg_iov = &txIov[k];
    tx[k].msg_hdr.msg_iovlen = 1;
  }

  size_t rxBytes, txBytes;
  std::vector<mmsghdr> rx, tx;
  std::vector<iovec> rxIov, txIov;
  std::vector<sockaddr_storage> names;
  std::unique_ptr<uint8_t[]> rxBuf, txBuf;  // not zeroed: pages are touched only when used
  size_t filled;  // receive entries to reset before the next recvmmsg (all, at first)
};

UdpWorker::UdpWorker(std::vector<UniqueFd> sockets, QueryHandler& handler, rrl::RrlTable* rrl,
                     const UdpOptions& options)
    : sockets_(std::move(sockets)), handler_(handler), rrl_(rrl), options_(options) {}

UdpWorker::~UdpWorker() { stop(); }

Result<Ok> UdpWorker::start() {
  stopFd_ = UniqueFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (stopFd_.get() < 0) return failWith(std::string("eventfd: ") + std::strerror(errno));
  batch_ =
      std::make_unique<Batch>(options_.batch, options_.maxQueryBytes, options_.maxResponseBytes);
  thread_ = std::thread([this] { run(); });
  return Ok{};
}

void UdpWorker::stop() {
  if (!thread_.joinable()) return;
  uint64_t one = 1;
  // The eventfd stays readable (nobody reads it), so the loop sees it at its next poll.
  [[maybe_unused]] ssize_t n = ::write(stopFd_.get(), &one, sizeof(one));
  thread_.join();
}

void UdpWorker::run() {
  std::vector<pollfd> fds;
  for (const UniqueFd& s : sockets_) fds.push_back({s.get(), POLLIN, 0});
  fds.push_back({stopFd_.get(), POLLIN, 0});
  for (;;) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      LOG_ERROR("dns.udp.poll_failed", LogFields().kv("error", std::strerror(errno)));
      return;
    }
    if (fds.back().revents != 0) return;
    for (size_t i = 0; i + 1 < fds.size(); ++i)
      if (fds[i].revents != 0) drain(fds[i].fd);
  }
}

void UdpWorker::drain(int fd) {
  Batch& b = *batch_;
  for (size_t round = 0; round < options_.batchesPerWakeup; ++round) {
    b.prepareReceive();
    int received =
        ::recvmmsg(fd, b.rx.data(), static_cast<unsigned>(b.rx.size()), MSG_DONTWAIT, nullptr);
    if (received <= 0) {  // EAGAIN: nothing more; other errors: poll again
      b.filled = 0;
      return;
    }
    b.filled = static_cast<size_t>(received);
    size_t queued = 0;
    for (size_t i = 0; i < static_cast<size_t>(received); ++i)
      if (auto length = answer(i)) b.queue(queued++, i, *length);
    // sendmmsg stops at the first message that fails: count it dropped and go on after it.
    for (size_t done = 0; done < queued;) {
      int sent =
          ::sendmmsg(fd, b.tx.data() + done, static_cast<unsigned>(queued - done), MSG_DONTWAIT);
      if (sent < 0 && errno == EINTR) continue;
      if (sent <= 0) {
        counters_.dropped();
        ++done;
        continue;
      }
      for (size_t k = done; k < done + static_cast<size_t>(sent); ++k)
        counters_.sent(static_cast<const uint8_t*>(b.txIov[k].iov_base), b.txIov[k].iov_len);
      done += static_cast<size_t>(sent);
    }
    if (static_cast<size_t>(received) < b.rx.size()) return;
  }
}

std::optional<size_t> UdpWorker::answer(size_t i) {
  Batch& b = *batch_;
  const mmsghdr& m = b.rx[i];
  counters_.received(m.msg_len);
  ByteSpan query(b.rxSlot(i), m.msg_len);
  std::span<uint8_t> out(b.txSlot(i), b.txBytes);
  std::optional<size_t> length;
  if (!(m.msg_hdr.msg_flags & MSG_TRUNC)) {
    Endpoint source = fromSockaddr(b.names[i]);
    if (auto handled = handler_.handle(query, source, Transport::kUdp, out)) {
      rrl::RrlAction action = rrl_ ? rrl_->account(source.address, handled->kind, handled->nameHash)
                                   : rrl::RrlAction::kSend;
      if (action == rrl::RrlAction::kSend) length = handled->length;
      if (action == rrl::RrlAction::kSlip) length = handler_.truncatedReply(query, out);
    }
  }
  if (!length || *length == 0 || *length > out.size()) {
    counters_.dropped();
    return std::nullopt;
  }
  return length;
}

}  // namespace anycast::dns::server
