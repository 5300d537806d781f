// bgp_blaster: the route injector and the route monitor of the BGP benchmark (bench/bgp/run.sh),
// after bgperf's method: an injector feeds N prefixes to the router under test, a monitor
// peered with the router counts the prefixes it holds and reports when it holds all N.
//
//   bgp_blaster inject  --connect 10.0.1.1 --local 10.0.1.11 --as 65001 --count 1000000
//                       [--peers K --index i] [--seed S] [--nexthop6 fd00:1::11]
//                       [--go-file F] [--start-file F] [--extended-message]
//   bgp_blaster monitor --connect 10.0.2.1 --local 10.0.2.2 --as 65100 --expect 1000000
//                       [--start-file F]... [--timeout S] [--idle-timeout S]
//   (--listen ADDR instead of --connect ADDR accepts one session instead of connecting.)
//   bgp_blaster inject --dry-run --as 65001 --count N   # the route mix, no network
//
// inject: OPEN (4-octet AS, MP IPv4+IPv6 unicast, optionally extended message), waits for
// Established, generates the routes from the seed and pre-encodes every UPDATE (with the
// negotiated options) before the clock starts, prints READY, waits for --go-file (if given),
// writes the start time (CLOCK_REALTIME ns) to --start-file, then writes the UPDATEs as fast
// as the socket takes them and prints its own send rate. It then keeps the session up
// (KEEPALIVEs) until the peer closes, SIGTERM, or --linger seconds pass: closing would make
// the router withdraw everything.
// The route set is a pure function of (seed, count): a realistic mix — ~90% IPv4 (mostly /24,
// some /16–/23), ~10% IPv6 /32–/48; 1–20 prefixes per UPDATE; AS paths of 2–8 ASNs starting
// with the injector's AS; ~50k distinct attribute sets per million routes (AS path,
// communities, MED). With --peers K the UPDATEs are dealt round-robin to K injectors
// (--index 0..K-1), so K injectors send disjoint prefix sets whose union is the same N, and
// each uses 1/K of the attribute-set budget (their AS paths start with different ASes).
//
// monitor: the router's export peer. Counts the prefixes it currently holds (announce adds,
// withdraw removes; IPv4 NLRI/withdrawn fields and MP_REACH/MP_UNREACH), exits 0 when it holds
// --expect, 2 on timeout. Prints the time from its first UPDATE and from the earliest
// --start-file timestamp to completion.
//
// Output: progress on stderr; one "RESULT key=value ..." line on stdout at the end.
// Wire codec: src/bgp/wire (encodeMessage, decodeMessage, frameMessage, packUpdates,
// decodePrefixes). Plain non-blocking sockets + poll, one thread.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "bgp/wire/Message.h"
#include "bgp/wire/UpdateMessage.h"

using namespace anycast;
using namespace anycast::bgp;

namespace {

// ---------------------------------------------------------------------------------------
// small utilities

[[noreturn]] void die(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::fprintf(stderr, "bgp_blaster: ");
  std::vfprintf(stderr, fmt, ap);
  std::fprintf(stderr, "\n");
  va_end(ap);
  std::exit(1);
}

const char* gMode = "";
// SIGTERM/SIGINT end the program at once, except in the injector's linger loop, which then
// stops and reports what it received.
volatile sig_atomic_t gLinger = 0, gStop = 0;
void onSignal(int sig) {
  if (!gLinger) _exit(128 + sig);
  gStop = 1;
}
void note(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::fprintf(stderr, "[%s] ", gMode);
  std::vfprintf(stderr, fmt, ap);
  std::fprintf(stderr, "\n");
  va_end(ap);
}

double monoNow() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}
int64_t realNowNs() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

struct SplitMix {  // deterministic, fast, good enough for test data
  uint64_t s;
  explicit SplitMix(uint64_t seed) : s(seed) {}
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  uint32_t below(uint32_t n) { return uint32_t(next() % n); }
  double unit() { return (next() >> 11) * (1.0 / 9007199254740992.0); }
};

// ---------------------------------------------------------------------------------------
// options

struct Options {
  std::string mode;
  std::string connect, listen, local;
  uint16_t port = 179;
  uint32_t as = 0;
  std::string routerId;
  bool extendedMessage = false;
  uint16_t holdTime = 90;
  bool dryRun = false;  // inject: generate + encode, print the mix, no network
  // inject
  uint64_t count = 0, seed = 1;
  uint32_t peers = 1, index = 0;
  double v6Share = 0.10;
  double setsPerRoute = 0.05;  // 50k attribute sets per 1M routes
  std::string nexthop4, nexthop6;
  std::string goFile;
  double linger = 3600;
  // monitor
  uint64_t expect = 0;
  std::vector<std::string> startFiles;
  double idleTimeout = 60;
  // both
  std::string startFile;  // inject: written; monitor: see startFiles
  double timeout = 600;
  double connectTimeout = 60;
};

void usage() {
  std::fprintf(stderr,
               "usage: bgp_blaster inject|monitor (--connect ADDR | --listen ADDR) [--local ADDR]\n"
               "         [--port N] --as ASN [--router-id A.B.C.D] [--extended-message] [--hold S]\n"
               "  inject:  --count N [--seed S] [--peers K --index I] [--v6-share F] [--dry-run]\n"
               "           [--sets-per-route F] [--nexthop A.B.C.D] [--nexthop6 X::Y]\n"
               "           [--go-file F] [--start-file F] [--linger S] [--timeout S]\n"
               "  monitor: --expect N [--start-file F]... [--timeout S] [--idle-timeout S]\n");
  std::exit(1);
}

Options parseArgs(int argc, char** argv) {
  if (argc < 2) usage();
  Options o;
  o.mode = argv[1];
  if (o.mode != "inject" && o.mode != "monitor") usage();
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    auto val = [&]() -> std::string {
      if (i + 1 >= argc) die("%s needs a value", a.c_str());
      return argv[++i];
    };
    auto num = [&]() -> uint64_t {
      std::string v = val();
      char* end = nullptr;
      uint64_t n = std::strtoull(v.c_str(), &end, 10);
      if (!end || *end) die("%s: not a number: %s", a.c_str(), v.c_str());
      return n;
    };
    auto dbl = [&]() -> double {
      std::string v = val();
      char* end = nullptr;
      double d = std::strtod(v.c_str(), &end);
      if (!end || *end) die("%s: not a number: %s", a.c_str(), v.c_str());
      return d;
    };
    if (a == "--connect") o.connect = val();
    else if (a == "--listen") o.listen = val();
    else if (a == "--local") o.local = val();
    else if (a == "--port") o.port = uint16_t(num());
    else if (a == "--as") o.as = uint32_t(num());
    else if (a == "--router-id") o.routerId = val();
    else if (a == "--extended-message") o.extendedMessage = true;
    else if (a == "--dry-run") o.dryRun = true;
    else if (a == "--hold") o.holdTime = uint16_t(num());
    else if (a == "--count") o.count = num();
    else if (a == "--seed") o.seed = num();
    else if (a == "--peers") o.peers = uint32_t(num());
    else if (a == "--index") o.index = uint32_t(num());
    else if (a == "--v6-share") o.v6Share = dbl();
    else if (a == "--sets-per-route") o.setsPerRoute = dbl();
    else if (a == "--nexthop") o.nexthop4 = val();
    else if (a == "--nexthop6") o.nexthop6 = val();
    else if (a == "--go-file") o.goFile = val();
    else if (a == "--linger") o.linger = dbl();
    else if (a == "--expect") o.expect = num();
    else if (a == "--start-file") {
      o.startFile = val();
      o.startFiles.push_back(o.startFile);
    } else if (a == "--idle-timeout") o.idleTimeout = dbl();
    else if (a == "--timeout") o.timeout = dbl();
    else if (a == "--connect-timeout") o.connectTimeout = dbl();
    else die("unknown option %s", a.c_str());
  }
  if (o.connect.empty() == o.listen.empty() && !o.dryRun) die("give exactly one of --connect / --listen");
  if (o.as == 0) die("--as is required");
  if (o.mode == "inject" && o.count == 0) die("--count is required");
  if (o.mode == "monitor" && o.expect == 0) die("--expect is required");
  if (o.peers == 0 || o.index >= o.peers) die("--index must be below --peers");
  return o;
}

// ---------------------------------------------------------------------------------------
// socket

bool toSockaddr(const std::string& addr, uint16_t port, sockaddr_storage& ss, socklen_t& len) {
  std::memset(&ss, 0, sizeof ss);
  auto* s4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* s6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (inet_pton(AF_INET, addr.c_str(), &s4->sin_addr) == 1) {
    s4->sin_family = AF_INET;
    s4->sin_port = htons(port);
    len = sizeof *s4;
    return true;
  }
  if (inet_pton(AF_INET6, addr.c_str(), &s6->sin6_addr) == 1) {
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons(port);
    len = sizeof *s6;
    return true;
  }
  return false;
}

void setNonBlocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

// Connects (retrying every 200 ms, bounded by connectTimeout) or accepts one session.
int openSession(const Options& o) {
  sockaddr_storage ss;
  socklen_t len;
  double deadline = monoNow() + o.connectTimeout;
  if (!o.listen.empty()) {
    if (!toSockaddr(o.listen, o.port, ss, len)) die("bad --listen address %s", o.listen.c_str());
    int ls = socket(ss.ss_family, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(ls, reinterpret_cast<sockaddr*>(&ss), len) < 0) die("bind %s: %s", o.listen.c_str(), strerror(errno));
    if (::listen(ls, 4) < 0) die("listen: %s", strerror(errno));
    note("listening on %s port %u", o.listen.c_str(), o.port);
    while (true) {
      pollfd p{ls, POLLIN, 0};
      int left = int((deadline - monoNow()) * 1000);
      if (left <= 0) die("no connection within %.0f s", o.connectTimeout);
      if (poll(&p, 1, std::min(left, 200)) > 0) break;
    }
    int fd = accept(ls, nullptr, nullptr);
    if (fd < 0) die("accept: %s", strerror(errno));
    close(ls);
    setNonBlocking(fd);
    return fd;
  }
  if (!toSockaddr(o.connect, o.port, ss, len)) die("bad --connect address %s", o.connect.c_str());
  while (true) {
    int fd = socket(ss.ss_family, SOCK_STREAM, 0);
    if (!o.local.empty()) {
      sockaddr_storage ls;
      socklen_t llen;
      if (!toSockaddr(o.local, 0, ls, llen)) die("bad --local address %s", o.local.c_str());
      if (bind(fd, reinterpret_cast<sockaddr*>(&ls), llen) < 0) die("bind %s: %s", o.local.c_str(), strerror(errno));
    }
    if (connect(fd, reinterpret_cast<sockaddr*>(&ss), len) == 0) {
      setNonBlocking(fd);
      note("connected to %s port %u", o.connect.c_str(), o.port);
      return fd;
    }
    int err = errno;
    close(fd);
    if (monoNow() > deadline) die("connect %s: %s (gave up after %.0f s)", o.connect.c_str(), strerror(err), o.connectTimeout);
    usleep(200 * 1000);
  }
}

std::string localAddress(int fd) {
  sockaddr_storage ss;
  socklen_t len = sizeof ss;
  getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  char buf[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&ss)->sin_addr, buf, sizeof buf);
  else inet_ntop(AF_INET6, &reinterpret_cast<sockaddr_in6*>(&ss)->sin6_addr, buf, sizeof buf);
  return buf;
}

// ---------------------------------------------------------------------------------------
// a BGP session: framing, OPEN exchange, KEEPALIVEs

struct Session {
  int fd = -1;
  CodecOptions options;  // before OPEN: defaults (4096-octet messages)
  Bytes in;
  size_t inStart = 0;
  Bytes out;  // small control messages waiting to be written (OPEN, KEEPALIVE)
  size_t outStart = 0;
  double keepaliveEvery = 30;
  double lastKeepaliveSent = 0;
  bool eof = false;

  // Reads what is there. Returns false on EOF or error.
  bool readSome() {
    if (in.size() - inStart < 65536 && inStart > 0) {
      in.erase(in.begin(), in.begin() + long(inStart));
      inStart = 0;
    }
    size_t old = in.size();
    in.resize(old + 262144);
    ssize_t n = ::recv(fd, in.data() + old, 262144, 0);
    if (n > 0) {
      in.resize(old + size_t(n));
      return true;
    }
    in.resize(old);
    if (n == 0) {
      eof = true;
      return false;
    }
    return errno == EAGAIN || errno == EINTR;
  }
  // Next whole message in the input buffer, or an empty span. Dies on a framing error.
  ByteSpan nextMessage() {
    ByteSpan rest(in.data() + inStart, in.size() - inStart);
    auto framed = frameMessage(rest, options);
    if (!framed.ok()) die("framing error from peer: %s", framed.error().reason.c_str());
    if (*framed == 0) return {};
    inStart += *framed;
    return rest.first(*framed);
  }
  void queue(const Message& m) {
    Bytes b = encodeMessage(m, options);
    out.insert(out.end(), b.begin(), b.end());
  }
  // Writes queued control messages; returns false on a hard error.
  bool flush() {
    while (outStart < out.size()) {
      ssize_t n = ::send(fd, out.data() + outStart, out.size() - outStart, MSG_NOSIGNAL);
      if (n < 0) return errno == EAGAIN || errno == EINTR;
      outStart += size_t(n);
    }
    out.clear();
    outStart = 0;
    return true;
  }
  void keepaliveTick(double now) {
    if (keepaliveEvery > 0 && now - lastKeepaliveSent >= keepaliveEvery) {
      queue(KeepaliveMessage{});
      lastKeepaliveSent = now;
    }
  }
};

uint32_t parseRouterId(const std::string& s, int fd) {
  std::string id = s.empty() ? localAddress(fd) : s;
  in_addr a;
  if (inet_pton(AF_INET, id.c_str(), &a) != 1) a.s_addr = htonl(0x0A000001);
  return ntohl(a.s_addr);
}

void reportNotification(const NotificationMessage& n) {
  std::string msg = n.shutdownCommunication();
  die("peer sent NOTIFICATION %s%s%s", errorName(n.code, n.subcode).c_str(), msg.empty() ? "" : ": ",
      msg.c_str());
}

// OPEN / KEEPALIVE exchange up to Established (RFC 4271 §8). Bounded by 60 s.
void establish(Session& s, const Options& o) {
  OpenMessage open;
  open.myAs = o.as > 0xFFFF ? kAsTrans : uint16_t(o.as);
  open.holdTime = o.holdTime;
  open.bgpIdentifier = parseRouterId(o.routerId, s.fd);
  open.capabilities.multiprotocol = {{kAfiIpv4, kSafiUnicast}, {kAfiIpv6, kSafiUnicast}};
  open.capabilities.routeRefresh = true;
  open.capabilities.fourOctetAs = o.as;
  open.capabilities.extendedMessage = o.extendedMessage;
  s.queue(open);
  bool gotOpen = false, gotKeepalive = false;
  double deadline = monoNow() + 60;
  while (!(gotOpen && gotKeepalive)) {
    if (monoNow() > deadline) die("no Established within 60 s");
    if (!s.flush()) die("send: %s", strerror(errno));
    pollfd p{s.fd, short(POLLIN | (s.out.empty() ? 0 : POLLOUT)), 0};
    poll(&p, 1, 200);
    if (!(p.revents & (POLLIN | POLLHUP | POLLERR))) continue;
    if (!s.readSome()) die("peer closed the connection during OPEN exchange");
    for (ByteSpan m = s.nextMessage(); !m.empty(); m = s.nextMessage()) {
      auto d = decodeMessage(m, s.options);
      if (!d.ok()) die("bad message from peer: %s", d.error().reason.c_str());
      if (auto* op = std::get_if<OpenMessage>(&d->message)) {
        gotOpen = true;
        s.options.fourOctetAs = op->capabilities.fourOctetAs.has_value();
        s.options.extendedMessage = o.extendedMessage && op->capabilities.extendedMessage;
        uint16_t hold = std::min(o.holdTime, op->holdTime);
        s.keepaliveEvery = hold / 3.0;
        note("peer OPEN: AS %u, hold %u, 4-octet AS %s, extended message %s", op->asNumber(), op->holdTime,
             s.options.fourOctetAs ? "yes" : "no", s.options.extendedMessage ? "yes" : "no");
        s.queue(KeepaliveMessage{});
        s.lastKeepaliveSent = monoNow();
      } else if (std::holds_alternative<KeepaliveMessage>(d->message)) {
        gotKeepalive = gotOpen;
      } else if (auto* n = std::get_if<NotificationMessage>(&d->message)) {
        reportNotification(*n);
      }
    }
  }
  if (!s.flush()) die("send: %s", strerror(errno));
  note("ESTABLISHED");
}

// Reads and handles what the peer sent after Established: NOTIFICATION ends the program,
// everything else is consumed. For the monitor, UPDATE bodies go to onUpdate.
template <class OnUpdate>
void consumeInput(Session& s, OnUpdate&& onUpdate) {
  for (ByteSpan m = s.nextMessage(); !m.empty(); m = s.nextMessage()) {
    auto type = MessageType(m[18]);
    if (type == MessageType::kUpdate) {
      onUpdate(m.subspan(kHeaderSize));
    } else if (type == MessageType::kNotification) {
      auto d = decodeMessage(m, s.options);
      if (d.ok()) {
        if (auto* n = std::get_if<NotificationMessage>(&d->message)) reportNotification(*n);
      }
      die("peer sent a NOTIFICATION");
    }
  }
}

// ---------------------------------------------------------------------------------------
// route generation (inject)

struct Group {  // one UPDATE's worth: prefixes of one family sharing attribute set `set`
  uint32_t set;
  uint32_t first, count;  // range in RoutePlan::prefixes
};

struct RoutePlan {
  std::vector<Prefix> prefixes;
  std::vector<Group> groups;
  uint32_t sets = 0;
};

bool reservedV4(uint32_t a) {
  uint8_t o = uint8_t(a >> 24);
  return o == 0 || o == 10 || o == 127 || o >= 224 || (a >> 16) == 0xA9FE /*169.254*/ ||
         (a >> 20) == 0xAC1 /*172.16/12*/ || (a >> 16) == 0xC0A8 /*192.168*/ || (a >> 22) == 0x191 /*100.64/10*/;
}

uint8_t v4Length(SplitMix& r) {
  // Roughly the shape of the IPv4 DFZ: ~60% /24, then /22, /23, /21, /20, a few /16–/19.
  static const std::pair<double, uint8_t> kCdf[] = {{0.62, 24}, {0.72, 23}, {0.84, 22}, {0.90, 21}, {0.95, 20},
                                                    {0.97, 19}, {0.98, 18}, {0.99, 17}, {1.01, 16}};
  double u = r.unit();
  for (auto [p, len] : kCdf)
    if (u < p) return len;
  return 24;
}
uint8_t v6Length(SplitMix& r) {
  double u = r.unit();
  if (u < 0.55) return 48;
  if (u < 0.70) return 32;
  return uint8_t(33 + r.below(15));  // /33–/47
}

// The whole route set for (seed, count), identical in every injector of a --peers group.
RoutePlan makePlan(const Options& o) {
  RoutePlan plan;
  SplitMix r(o.seed * 0x100000001B3ULL + 7);
  plan.sets = uint32_t(std::max<double>(1, double(o.count) * o.setsPerRoute));
  plan.prefixes.reserve(o.count);
  std::unordered_set<uint64_t> seen;
  seen.reserve(o.count * 2);
  auto fresh = [&](bool v6) {
    while (true) {
      if (!v6) {
        uint8_t len = v4Length(r);
        uint32_t a = uint32_t(r.next()) & (len == 0 ? 0 : ~0u << (32 - len));
        if (reservedV4(a)) continue;
        if (!seen.insert((uint64_t(len) << 32) | a).second) continue;
        return Prefix(IpAddress::v4(a), len);
      }
      uint8_t len = v6Length(r);
      uint64_t top = (r.next() >> 16) & ((~0ULL << (48 - len)) & 0xFFFFFFFFFFFFULL);  // 48 bits
      top = (top & 0x1FFFFFFFFFFFULL) | 0x200000000000ULL;                              // 2000::/3
      if (!seen.insert((1ULL << 63) | (uint64_t(len) << 48) | top).second) continue;
      uint8_t b[16] = {};
      for (int i = 0; i < 6; ++i) b[i] = uint8_t(top >> (40 - 8 * i));
      return Prefix(IpAddress::v6Bytes(b), len);
    }
  };
  uint32_t g = 0;
  while (plan.prefixes.size() < o.count) {
    bool v6 = r.unit() < o.v6Share;
    uint32_t k = std::min<uint64_t>(1 + r.below(20), o.count - plan.prefixes.size());
    Group grp;
    grp.set = g < plan.sets ? g : r.below(plan.sets);  // every set used once, then at random
    grp.first = uint32_t(plan.prefixes.size());
    grp.count = k;
    for (uint32_t i = 0; i < k; ++i) plan.prefixes.push_back(fresh(v6));
    plan.groups.push_back(grp);
    ++g;
  }
  return plan;
}

uint32_t randomAsn(SplitMix& r) {
  if (r.below(10) == 0) return 131072 + r.below(270000);  // 4-octet ASNs
  while (true) {
    uint32_t a = 1 + r.below(64495);  // public 2-octet range, 1..64495
    if (a != kAsTrans) return a;
  }
}

// Attribute set `id` of injector AS `as`: distinct for distinct ids (the first community
// encodes the id), AS path of 2–8 ASNs starting with `as`, 0–3 more communities, MED on ~30%.
PathAttributes makeAttributes(uint32_t id, uint32_t as, uint64_t seed) {
  SplitMix r(seed ^ (uint64_t(id) * 0x9E3779B97F4A7C15ULL) ^ 0x5bd1e995);
  PathAttributes a;
  a.origin = r.below(10) == 0 ? Origin::kIncomplete : Origin::kIgp;
  AsPathSegment seg;
  seg.type = AsPathSegment::kSequence;
  seg.asns.push_back(as);
  uint32_t len = 2 + r.below(7);
  while (seg.asns.size() < len) seg.asns.push_back(randomAsn(r));
  a.asPath = AsPath{{seg}};
  a.communities.push_back(((64512 + (id >> 16)) << 16) | (id & 0xFFFF));
  uint32_t extra = r.below(4);
  for (uint32_t i = 0; i < extra; ++i) {
    uint32_t asn = seg.asns[r.below(uint32_t(seg.asns.size()))];
    // A 4-octet ASN is written as AS_TRANS:n, as operators do; never 65535:n, the RFC 1997
    // reserved range where LLGR_STALE (65535:6), BLACKHOLE (65535:666) and friends live and
    // which routers act on (BIRD and GoBGP do not export LLGR_STALE routes to non-LLGR peers).
    a.communities.push_back(((asn > 0xFFFF ? kAsTrans : asn) << 16) | r.below(1000));
  }
  std::sort(a.communities.begin(), a.communities.end());
  a.communities.erase(std::unique(a.communities.begin(), a.communities.end()), a.communities.end());
  if (r.below(10) < 3) a.med = r.below(1000);
  return a;
}

// ---------------------------------------------------------------------------------------
// inject

void countPrefixes(ByteSpan body, uint64_t& announced, uint64_t& withdrawn);  // below

int runInject(const Options& o) {
  double t0 = monoNow();
  RoutePlan plan = makePlan(o);
  note("route plan: %zu prefixes, %zu UPDATEs, %u attribute sets (seed %" PRIu64 ", %.2f s)", plan.prefixes.size(),
       plan.groups.size(), plan.sets, o.seed, monoNow() - t0);

  Session s;
  if (!o.dryRun) {
    s.fd = openSession(o);
    int one = 1;
    setsockopt(s.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    establish(s, o);
  }

  // Pre-encode this injector's share with the negotiated options.
  t0 = monoNow();
  auto nh4 = IpAddress::parse(!o.nexthop4.empty() ? o.nexthop4 : o.dryRun ? "192.0.2.1" : localAddress(s.fd));
  if (!nh4 || !nh4->isV4()) die("need an IPv4 next hop (--nexthop)");
  std::optional<IpAddress> nh6;
  if (o.dryRun && o.nexthop6.empty()) nh6 = IpAddress::parse("2001:db8::1");
  if (!o.nexthop6.empty()) {
    nh6 = IpAddress::parse(o.nexthop6);
    if (!nh6 || !nh6->isV6()) die("bad --nexthop6 %s", o.nexthop6.c_str());
  }
  const uint32_t setsPerPeer = std::max<uint32_t>(1, plan.sets / o.peers);
  std::vector<PathAttributes> sets(setsPerPeer);
  std::vector<bool> made(setsPerPeer, false);
  Bytes wire;
  uint64_t myPrefixes = 0, myUpdates = 0, skippedV6 = 0;
  std::vector<Prefix> batch;
  for (size_t g = o.index; g < plan.groups.size(); g += o.peers) {
    const Group& grp = plan.groups[g];
    bool v6 = plan.prefixes[grp.first].family() == Family::kV6;
    if (v6 && !nh6) {
      skippedV6 += grp.count;
      continue;
    }
    // K injectors (each its own AS, so their sets all differ) share the plan's set budget:
    // this one uses setsPerPeer ids, each once first, then the plan's random pick.
    uint64_t j = g / o.peers;  // index among this injector's groups
    uint32_t id = j < setsPerPeer ? uint32_t(j) : grp.set % setsPerPeer;
    if (!made[id]) {
      sets[id] = makeAttributes(id, o.as, o.seed);
      sets[id].nextHop = *nh4;
      if (nh6) sets[id].mpReach = MpReach{kAfiIpv6, kSafiUnicast, *nh6, {}, {}};
      made[id] = true;
    }
    batch.assign(plan.prefixes.begin() + grp.first, plan.prefixes.begin() + grp.first + grp.count);
    for (Bytes& m : packUpdates({}, sets[id], batch, s.options)) {
      wire.insert(wire.end(), m.begin(), m.end());
      ++myUpdates;
    }
    myPrefixes += grp.count;
  }
  if (skippedV6) note("WARNING: no --nexthop6: %" PRIu64 " IPv6 prefixes left out", skippedV6);
  size_t setsUsed = size_t(std::count(made.begin(), made.end(), true));
  note("pre-encoded %" PRIu64 " prefixes in %" PRIu64 " UPDATEs, %zu bytes, %zu attribute sets (%.2f s)", myPrefixes,
       myUpdates, wire.size(), setsUsed, monoNow() - t0);
  if (o.dryRun) {  // describe this injector's share, then stop: no network
    uint64_t byLen[2][129] = {};
    for (size_t g = o.index; g < plan.groups.size(); g += o.peers)
      for (uint32_t i = 0; i < plan.groups[g].count; ++i) {
        const Prefix& p = plan.prefixes[plan.groups[g].first + i];
        ++byLen[p.family() == Family::kV6][p.length()];
      }
    for (int f = 0; f < 2; ++f) {
      uint64_t total = 0;
      for (uint64_t c : byLen[f]) total += c;
      std::printf("%s: %" PRIu64 " prefixes (%.1f%%):", f ? "IPv6" : "IPv4", total, 100.0 * total / std::max<uint64_t>(myPrefixes, 1));
      for (int l = 0; l <= 128; ++l)
        if (byLen[f][l]) std::printf(" /%d %.1f%%", l, 100.0 * byLen[f][l] / std::max<uint64_t>(total, 1));
      std::printf("\n");
    }
    std::printf("RESULT mode=inject dry_run=1 prefixes=%" PRIu64 " updates=%" PRIu64 " bytes=%zu attr_sets=%zu\n", myPrefixes,
                myUpdates, wire.size(), setsUsed);
    return 0;
  }

  // READY; wait for the go signal (bounded), keeping the session alive meanwhile.
  std::printf("READY prefixes=%" PRIu64 "\n", myPrefixes);
  std::fflush(stdout);
  // What the router sends back to us (it should send nothing but End-of-RIB).
  uint64_t rxUpdates = 0, rxAnnounced = 0, rxWithdrawn = 0;
  auto noUpdates = [&](ByteSpan body) {
    ++rxUpdates;
    countPrefixes(body, rxAnnounced, rxWithdrawn);
  };
  if (!o.goFile.empty()) {
    double deadline = monoNow() + o.timeout;
    while (access(o.goFile.c_str(), F_OK) != 0) {
      if (monoNow() > deadline) die("no go file %s within %.0f s", o.goFile.c_str(), o.timeout);
      pollfd p{s.fd, POLLIN, 0};
      if (poll(&p, 1, 2) > 0) {
        if (!s.readSome()) die("peer closed the session while waiting for the go file");
        consumeInput(s, noUpdates);
      }
      s.keepaliveTick(monoNow());
      if (!s.flush()) die("send: %s", strerror(errno));
    }
  }

  // The clock starts here.
  int64_t startNs = realNowNs();
  double start = monoNow();
  if (!o.startFile.empty()) {
    std::string tmp = o.startFile + ".tmp";
    FILE* f = std::fopen(tmp.c_str(), "w");
    if (!f) die("cannot write %s", tmp.c_str());
    std::fprintf(f, "%" PRId64 "\n", startNs);
    std::fclose(f);
    std::rename(tmp.c_str(), o.startFile.c_str());
  }
  size_t off = 0;
  while (off < wire.size()) {
    pollfd p{s.fd, POLLIN | POLLOUT, 0};
    if (poll(&p, 1, 1000) < 0 && errno != EINTR) die("poll: %s", strerror(errno));
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      if (!s.readSome()) die("peer closed the session after %zu of %zu bytes", off, wire.size());
      consumeInput(s, noUpdates);
    }
    if (p.revents & POLLOUT) {
      ssize_t n = ::send(s.fd, wire.data() + off, std::min<size_t>(wire.size() - off, 1 << 20), MSG_NOSIGNAL);
      if (n < 0 && errno != EAGAIN && errno != EINTR) die("send: %s", strerror(errno));
      if (n > 0) off += size_t(n);
    }
    if (monoNow() - start > o.timeout) die("could not send everything within %.0f s", o.timeout);
  }
  double secs = monoNow() - start;
  s.lastKeepaliveSent = monoNow();  // the UPDATEs just sent count for the peer's hold timer
  note("sent %" PRIu64 " prefixes in %.3f s", myPrefixes, secs);
  std::printf("RESULT mode=inject index=%u peers=%u prefixes=%" PRIu64 " updates=%" PRIu64
              " bytes=%zu attr_sets=%zu send_s=%.3f send_pps=%.0f start_ns=%" PRId64 "\n",
              o.index, o.peers, myPrefixes, myUpdates, wire.size(), setsUsed, secs, myPrefixes / std::max(secs, 1e-9),
              startNs);
  std::fflush(stdout);
  wire = Bytes();  // free it

  // Keep the session up until the peer closes, SIGTERM, or --linger.
  gLinger = 1;
  double until = monoNow() + o.linger;
  while (monoNow() < until && !gStop) {
    pollfd p{s.fd, POLLIN, 0};
    if (poll(&p, 1, 500) > 0) {
      if (!s.readSome()) break;
      consumeInput(s, noUpdates);
    }
    s.keepaliveTick(monoNow());
    if (!s.flush()) break;
  }
  note("done (%s); received from the peer: %" PRIu64 " UPDATEs, %" PRIu64 " prefixes announced, %" PRIu64 " withdrawn",
       s.eof ? "peer closed the session" : gStop ? "signal" : "linger over", rxUpdates, rxAnnounced, rxWithdrawn);
  return 0;
}

// ---------------------------------------------------------------------------------------
// monitor

// Open-addressing set of prefixes (linear probing, tombstones). 24 bytes per slot.
class PrefixSet {
 public:
  explicit PrefixSet(size_t expected) {
    size_t cap = 1024;
    while (cap < expected * 2) cap <<= 1;
    slots_.assign(cap, Slot{});
  }
  size_t size() const { return size_; }
  // Returns true when it was not there.
  bool insert(const Prefix& p) {
    if ((size_ + tombs_ + 1) * 10 > slots_.size() * 7) rehash(size_ * 2 > slots_.size() / 2 ? slots_.size() * 2 : slots_.size());
    Slot k = key(p);
    size_t mask = slots_.size() - 1, i = hash(k) & mask;
    Slot* tomb = nullptr;
    while (slots_[i].state != kEmpty) {
      if (slots_[i].state == kFull && same(slots_[i], k)) return false;
      if (slots_[i].state == kTomb && !tomb) tomb = &slots_[i];
      i = (i + 1) & mask;
    }
    Slot* dst = tomb ? tomb : &slots_[i];
    if (tomb) --tombs_;
    *dst = k;
    dst->state = kFull;
    ++size_;
    return true;
  }
  bool erase(const Prefix& p) {
    Slot k = key(p);
    size_t mask = slots_.size() - 1, i = hash(k) & mask;
    while (slots_[i].state != kEmpty) {
      if (slots_[i].state == kFull && same(slots_[i], k)) {
        slots_[i].state = kTomb;
        --size_;
        ++tombs_;
        return true;
      }
      i = (i + 1) & mask;
    }
    return false;
  }

 private:
  enum : uint8_t { kEmpty = 0, kFull = 1, kTomb = 2 };
  struct Slot {
    uint64_t hi = 0, lo = 0;
    uint8_t len = 0, fam = 0, state = kEmpty;
  };
  static Slot key(const Prefix& p) {
    Slot s;
    const uint8_t* d = p.address().data();
    size_t n = p.address().size();
    uint8_t b[16] = {};
    std::memcpy(b, d, n);
    for (int i = 0; i < 8; ++i) s.hi = (s.hi << 8) | b[i];
    for (int i = 8; i < 16; ++i) s.lo = (s.lo << 8) | b[i];
    s.len = p.length();
    s.fam = uint8_t(p.family());
    return s;
  }
  static bool same(const Slot& a, const Slot& b) { return a.hi == b.hi && a.lo == b.lo && a.len == b.len && a.fam == b.fam; }
  static size_t hash(const Slot& s) {
    uint64_t h = s.hi * 0x9E3779B97F4A7C15ULL ^ (s.lo + 0x632BE59BD9B4E019ULL) * 0xC2B2AE3D27D4EB4FULL ^
                 (uint64_t(s.len) << 8 | s.fam);
    return size_t(h ^ (h >> 29));
  }
  void rehash(size_t cap) {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(cap, Slot{});
    size_ = tombs_ = 0;
    size_t mask = cap - 1;
    for (const Slot& s : old) {
      if (s.state != kFull) continue;
      size_t i = hash(s) & mask;
      while (slots_[i].state != kEmpty) i = (i + 1) & mask;
      slots_[i] = s;
      ++size_;
    }
  }
  std::vector<Slot> slots_;
  size_t size_ = 0, tombs_ = 0;
};

struct MonitorStats {
  uint64_t updates = 0, announced = 0, withdrawn = 0, malformed = 0;
};

// Applies one UPDATE body to the set: only the prefixes are looked at (IPv4 withdrawn routes
// and NLRI fields, MP_REACH / MP_UNREACH for IPv4/IPv6 unicast), so the monitor accepts any
// attributes a router chooses to send.
void applyUpdate(ByteSpan body, PrefixSet& held, MonitorStats& st) {
  ++st.updates;
  ByteReader r(body);
  uint16_t wlen = 0, alen = 0;
  ByteSpan wfield, afield;
  if (!r.readU16(wlen) || !r.readSpan(wlen, wfield) || !r.readU16(alen) || !r.readSpan(alen, afield)) {
    ++st.malformed;
    return;
  }
  ByteSpan nlri = r.rest();
  auto apply = [&](ByteSpan data, Family fam, bool announce) {
    if (data.empty()) return;
    auto ps = decodePrefixes(data, fam);
    if (!ps.ok()) {
      ++st.malformed;
      return;
    }
    for (const Prefix& p : *ps) {
      if (announce) {
        held.insert(p);
        ++st.announced;
      } else {
        held.erase(p);
        ++st.withdrawn;
      }
    }
  };
  apply(wfield, Family::kV4, false);
  ByteReader ar(afield);
  while (!ar.empty()) {
    uint8_t flags = 0, type = 0;
    uint16_t len = 0;
    uint8_t len8 = 0;
    ByteSpan value;
    if (!ar.readU8(flags) || !ar.readU8(type)) break;
    bool ok = (flags & attrflag::kExtendedLength) ? ar.readU16(len) : (ar.readU8(len8) && ((len = len8), true));
    if (!ok || !ar.readSpan(len, value)) {
      ++st.malformed;
      break;
    }
    if (type != attr::kMpReachNlri && type != attr::kMpUnreachNlri) continue;
    ByteReader vr(value);
    uint16_t afi = 0;
    uint8_t safi = 0;
    if (!vr.readU16(afi) || !vr.readU8(safi) || safi != kSafiUnicast || (afi != kAfiIpv4 && afi != kAfiIpv6)) continue;
    Family fam = afi == kAfiIpv4 ? Family::kV4 : Family::kV6;
    if (type == attr::kMpReachNlri) {
      uint8_t nhlen = 0, reserved = 0;
      if (!vr.readU8(nhlen) || !vr.skip(nhlen) || !vr.readU8(reserved)) {
        ++st.malformed;
        continue;
      }
      apply(vr.rest(), fam, true);
    } else {
      apply(vr.rest(), fam, false);
    }
  }
  apply(nlri, Family::kV4, true);
}

// Counts the prefixes in one UPDATE body without keeping them.
void countPrefixes(ByteSpan body, uint64_t& announced, uint64_t& withdrawn) {
  static PrefixSet scratch(0);
  MonitorStats st;
  applyUpdate(body, scratch, st);
  announced += st.announced;
  withdrawn += st.withdrawn;
}

int64_t earliestStart(const std::vector<std::string>& files) {
  int64_t best = 0;
  for (const std::string& f : files) {
    std::ifstream in(f);
    int64_t v = 0;
    if (in >> v && v > 0 && (best == 0 || v < best)) best = v;
  }
  return best;
}

int runMonitor(const Options& o) {
  Session s;
  s.fd = openSession(o);
  establish(s, o);
  std::printf("ESTABLISHED\n");
  std::fflush(stdout);

  PrefixSet held(o.expect);
  MonitorStats st;
  double start = monoNow(), first = 0, lastChange = start, lastReport = start;
  size_t lastHeld = 0;
  auto onUpdate = [&](ByteSpan body) { applyUpdate(body, held, st); };
  const char* outcome = "complete";
  while (held.size() != o.expect) {
    double now = monoNow();
    if (now - start > o.timeout) {
      outcome = "timeout";
      break;
    }
    if (now - lastChange > o.idleTimeout) {
      outcome = first == 0 ? "nothing-received" : "stalled";
      break;
    }
    pollfd p{s.fd, POLLIN, 0};
    poll(&p, 1, 100);
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      if (!s.readSome()) {
        outcome = "session-closed";
        break;
      }
      uint64_t before = st.announced;  // not st.updates: an End-of-RIB is no route
      consumeInput(s, onUpdate);
      if (st.announced != before && first == 0) first = monoNow();
    }
    now = monoNow();
    if (held.size() != lastHeld) {
      lastHeld = held.size();
      lastChange = now;
    }
    if (now - lastReport >= 5) {
      note("holding %zu of %" PRIu64 " prefixes", held.size(), o.expect);
      lastReport = now;
    }
    s.keepaliveTick(now);
    if (!s.flush()) {
      outcome = "session-closed";
      break;
    }
  }
  double end = monoNow();
  int64_t endNs = realNowNs();
  bool complete = held.size() == o.expect;
  int64_t startNs = earliestStart(o.startFiles);
  double fromFirst = first > 0 ? end - first : -1;
  double fromStart = startNs > 0 ? (endNs - startNs) * 1e-9 : -1;
  note("%s: holding %zu of %" PRIu64 " prefixes", outcome, held.size(), o.expect);
  std::printf("RESULT mode=monitor outcome=%s held=%zu expect=%" PRIu64 " updates=%" PRIu64 " announced=%" PRIu64
              " withdrawn=%" PRIu64 " malformed=%" PRIu64 " first_to_complete_s=%.3f start_to_complete_s=%.3f"
              " pps=%.0f end_ns=%" PRId64 "\n",
              outcome, held.size(), o.expect, st.updates, st.announced, st.withdrawn, st.malformed, fromFirst, fromStart,
              complete && fromStart > 0 ? o.expect / fromStart : 0.0, endNs);
  std::fflush(stdout);
  close(s.fd);
  return complete ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  struct sigaction sa {};
  sa.sa_handler = onSignal;
  sigaction(SIGTERM, &sa, nullptr);  // no SA_RESTART: poll returns EINTR at once
  sigaction(SIGINT, &sa, nullptr);
  Options o = parseArgs(argc, argv);
  gMode = o.mode == "inject" ? "inject" : "monitor";
  return o.mode == "inject" ? runInject(o) : runMonitor(o);
}
