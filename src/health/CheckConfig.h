// CheckConfig: one health check as a plain struct with defaults. The YAML loader (src/config)
// fills it; validate() says what is impossible, naming the field.
//
// Defaults, chosen for the failover target (a killed service withdrawn in under
// 300 ms at p99): a killed service answers a probe at once with a refusal (TCP RST, ICMP port
// unreachable on a connected UDP socket), so detection takes at most `fall` intervals:
// 2 x 100 ms. A hung service costs one timeout more. Timeout = interval keeps the cadence
// (the next probe starts when the previous one's timeout ends) and is still ~1000x a loopback
// probe's latency. rise 3 (300 ms of health before traffic comes back) is one more than fall:
// drawing traffic to a site is costlier than sending it away, and a service still starting
// should not be announced on its first good answer. Flap hold-down is the site's job.
// Exec checks fork a process per probe, so they default to 1 s (forKind).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/Clock.h"
#include "base/Ip.h"
#include "base/Result.h"
#include "health/DnsMessage.h"

namespace anycast::health {

enum class CheckKind : uint8_t {
  kDns,       // a query over UDP: expect an rcode and optionally an answer
  kHttp,      // GET a path: expect a status and optionally a body substring
  kTcp,       // connect
  kExec,      // run a command: exit status 0
  kProcess,   // watch a process (pidfile or command name) via pidfd: death seen at once
  kEmbedded,  // results pushed by code in the daemon (CheckRunner::report)
};

std::string_view kindName(CheckKind kind);  // "dns", "http", ...
std::optional<CheckKind> kindFromName(std::string_view name);

constexpr Duration kMinInterval{10};  // below this a check would keep the control loop busy

struct DnsCheckConfig {
  std::string name;  // required: the query name
  uint16_t type = kTypeA;
  uint16_t klass = kClassIn;
  uint8_t rcode = kRcodeNoError;  // expected
  std::string expect;             // if set, an answer of `type` must have this data
  bool recursionDesired = false;  // RD: set it to check a recursive resolver
};

struct HttpCheckConfig {
  std::string path = "/";
  std::string host;  // Host header; empty: the address ("[2001:db8::1]" for IPv6)
  uint16_t status = 200;
  std::string body;  // if set, the body (its first kMaxHttpResponse bytes) must contain it
};

struct ExecCheckConfig {
  std::vector<std::string> argv;  // argv[0] is looked up in PATH; no shell unless given one
};

struct ProcessCheckConfig {
  std::string pidfile;  // the process whose pid it holds
  // Exact /proc/PID/comm (at most 15 characters, the kernel's limit). Alone: the oldest
  // process of that name. With a pidfile: the pidfile's process must have this name (so a
  // stale pidfile whose pid was reused by another program does not count as running).
  std::string command;
};

struct FieldError {
  std::string field;  // "interval", "dns.name", ...
  std::string message;
};

struct CheckConfig {
  std::string name;  // unique within its service: named in logs, reasons and metrics
  CheckKind kind = CheckKind::kTcp;
  IpAddress address = IpAddress::v4(0x7f000001);  // 127.0.0.1; dns, http, tcp
  uint16_t port = 0;                              // forKind sets 53 (dns) and 80 (http)
  Duration interval{100};
  // A probe that has not finished by then has failed. May exceed the interval: probes never
  // overlap, so the next one then starts when this one ends.
  Duration timeout{100};
  uint32_t rise = 3;
  uint32_t fall = 2;
  DnsCheckConfig dns;
  HttpCheckConfig http;
  ExecCheckConfig exec;
  ProcessCheckConfig process;

  // The defaults for `kind`: the well-known port, and 1 s interval and timeout for exec.
  static CheckConfig forKind(CheckKind kind);
  // Embedded checks ignore interval, timeout, rise and fall: their reports are certain.
  Result<Ok, FieldError> validate() const;
};

}  // namespace anycast::health
