// udp_flood: a bounded UDP flood for bench/lab/wire.sh (never a test). Sends with sendmmsg(2)
// and receives with recvmmsg(2), 64 datagrams per call.
//   udp_flood send ADDR PORT COUNT SIZE SECONDS [PPS]   sends COUNT datagrams of SIZE bytes
//       payload, or stops after SECONDS; paced at PPS when given (else as fast as it can)
//   udp_flood recv PORT COUNT SECONDS                   receives until COUNT, SECONDS, or 1 s
//       without a datagram once the first arrived
// Each prints one line: "sent=N seconds=S pps=P" / "received=N seconds=S pps=P" (seconds from
// the first to the last datagram received).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kBatch = 64;

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

int udpSocket() {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) {
    std::perror("socket");
    std::exit(1);
  }
  int buf = 8 << 20;  // root: past rmem_max/wmem_max, so the socket is not the bottleneck
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof buf);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &buf, sizeof buf);
  return fd;
}

int send(const char* addr, int port, long count, size_t size, double limit, double pps) {
  int fd = udpSocket();
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, addr, &to.sin_addr) != 1) {
    std::fprintf(stderr, "bad address %s\n", addr);
    return 1;
  }
  if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    std::perror("connect");
    return 1;
  }
  std::vector<char> payload(size, 'x');
  iovec iov[kBatch];
  mmsghdr msgs[kBatch]{};
  for (int i = 0; i < kBatch; ++i) {
    iov[i] = {payload.data(), size};
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  auto start = Clock::now();
  auto deadline =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(limit));
  long sent = 0;
  while (sent < count && Clock::now() < deadline) {
    if (pps > 0) {  // pace: never ahead of the schedule
      auto due = start + std::chrono::duration_cast<Clock::duration>(
                             std::chrono::duration<double>(double(sent) / pps));
      if (due > Clock::now()) std::this_thread::sleep_until(due);
    }
    int n = static_cast<int>(std::min<long>(kBatch, count - sent));
    int r = ::sendmmsg(fd, msgs, n, 0);
    if (r > 0)
      sent += r;
    else if (r < 0 && errno != ENOBUFS && errno != EAGAIN) {
      std::perror("sendmmsg");
      break;
    }
  }
  double s = seconds(Clock::now() - start);
  std::printf("sent=%ld seconds=%.3f pps=%.0f\n", sent, s, sent / s);
  return 0;
}

int recv(int port, long count, double limit) {
  int fd = udpSocket();
  sockaddr_in at{};
  at.sin_family = AF_INET;
  at.sin_port = htons(static_cast<uint16_t>(port));
  if (::bind(fd, reinterpret_cast<sockaddr*>(&at), sizeof at) != 0) {
    std::perror("bind");
    return 1;
  }
  timeval tick{0, 100000};  // wake every 100 ms to check the bounds
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tick, sizeof tick);
  static char bufs[kBatch][2048];
  iovec iov[kBatch];
  mmsghdr msgs[kBatch]{};
  for (int i = 0; i < kBatch; ++i) {
    iov[i] = {bufs[i], sizeof bufs[i]};
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  auto deadline = Clock::now() +
                  std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(limit));
  Clock::time_point first{}, last{};
  long received = 0;
  while (received < count && Clock::now() < deadline) {
    int r = ::recvmmsg(fd, msgs, kBatch, MSG_WAITFORONE, nullptr);
    auto now = Clock::now();
    if (r > 0) {
      if (received == 0) first = now;
      received += r;
      last = now;
    } else if (received > 0 && now - last > std::chrono::seconds(1)) {
      break;  // the flood is over
    }
  }
  double s = received > 1 ? seconds(last - first) : 0;
  std::printf("received=%ld seconds=%.3f pps=%.0f\n", received, s, s > 0 ? received / s : 0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "send" && (argc == 7 || argc == 8)) {
    return send(argv[2], std::atoi(argv[3]), std::atol(argv[4]), std::strtoul(argv[5], nullptr, 10),
                std::atof(argv[6]), argc == 8 ? std::atof(argv[7]) : 0);
  }
  if (mode == "recv" && argc == 5)
    return recv(std::atoi(argv[2]), std::atol(argv[3]), std::atof(argv[4]));
  std::fprintf(stderr,
               "usage: udp_flood send ADDR PORT COUNT SIZE SECONDS [PPS]\n"
               "       udp_flood recv PORT COUNT SECONDS\n");
  return 2;
}
