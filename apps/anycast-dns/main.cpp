// anycast-dns: the authoritative DNS server for an anycast site (issue 5). Reads its YAML
// config (or the benchmark's flags), serves the zones on the listen addresses, reloads them
// on SIGHUP or `anycastctl --socket S reload`, answers status/stats on the control socket and
// /metrics, and stops cleanly on SIGTERM/SIGINT.
#include <signal.h>

#include <asio.hpp>
#include <cstring>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "base/Log.h"
#include "config/DnsConfigLoader.h"
#include "control/ControlServer.h"
#include "control/MetricsServer.h"
#include "dns/service/DnsService.h"
#include "health/SteadyClock.h"

namespace {

using anycast::LogFields;
using anycast::dns::service::DnsService;
using anycast::dns::service::DnsServiceConfig;

const char* kUsage = R"(usage: anycast-dns --config FILE        run the server (foreground)
       anycast-dns --check-config FILE  validate FILE and its zone files, exit 0 or 1
       anycast-dns --listen ADDR[:PORT]... --zone ORIGIN=FILE... [--udp-workers N]
                   [--tcp-workers N]    run without a config file (benchmarks, tests)
)";

constexpr unsigned kControlSocketMode = 0660;

anycast::Result<DnsServiceConfig> readConfig(const std::string& path) {
  auto config = anycast::config::loadDnsConfigFile(path);
  if (!config) return anycast::failWith(config.error().str());
  return std::move(config.value());
}

int checkConfig(const std::string& path) {
  auto config = readConfig(path);
  if (!config) {
    std::cerr << config.error().message << "\n";
    return 1;
  }
  auto zones = anycast::dns::service::loadZones(config->zones);
  if (!zones) {
    std::cerr << zones.error().message << "\n";
    return 1;
  }
  size_t records = 0;
  for (const auto& z : zones->info) records += z.records;
  std::cout << path << ": ok (" << zones->info.size() << " zones, " << records << " records)\n";
  return 0;
}

int run(DnsServiceConfig config, DnsService::ConfigSource reread) {
  // The workers inherit a mask that blocks these, so only the event loop's signal_set sees
  // them (and their system calls are never interrupted).
  sigset_t handled;
  sigemptyset(&handled);
  for (int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&handled, s);
  pthread_sigmask(SIG_BLOCK, &handled, nullptr);

  anycast::health::SteadyClock clock;
  auto control = config.control;
  DnsService service(std::move(config), clock, std::move(reread));
  if (auto started = service.start(); !started) {
    std::cerr << "anycast-dns: cannot start: " << started.error().message << "\n";
    return 1;
  }
  asio::io_context io;
  std::optional<anycast::control::ControlServer> controlServer;
  std::optional<anycast::control::MetricsServer> metricsServer;
  try {
    if (!control.socket.empty())
      controlServer.emplace(io, control.socket, kControlSocketMode,
                            [&](const anycast::control::Json& request) {
                              return service.handleCommand(request);
                            });
    if (control.metrics) {
      metricsServer.emplace(io, control.metrics->address, control.metrics->port,
                            [&] { return service.metrics(); });
      if (auto opened = metricsServer->open(); !opened)
        throw std::runtime_error(opened.error().message);
    }
  } catch (const std::exception& e) {
    std::cerr << "anycast-dns: cannot start the control endpoints: " << e.what() << "\n";
    return 1;
  }
  asio::signal_set stop(io, SIGTERM, SIGINT);
  stop.async_wait([&](std::error_code ec, int signal) {
    if (ec) return;
    LOG_INFO("dns.stopping", LogFields().kv("signal", strsignal(signal)));
    io.stop();
  });
  asio::signal_set hup(io, SIGHUP);
  std::function<void(std::error_code, int)> onHup = [&](std::error_code ec, int) {
    if (ec) return;
    static_cast<void>(service.reload());  // it logs what it loaded, or why it kept the old
    hup.async_wait(onHup);
  };
  hup.async_wait(onHup);
  pthread_sigmask(SIG_UNBLOCK, &handled, nullptr);
  io.run();
  service.stop();
  LOG_INFO("dns.stopped", LogFields());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 2 && args[0] == "--config") {
    std::string path = args[1];
    auto config = readConfig(path);
    if (!config) {
      std::cerr << config.error().message << "\n";
      return 1;
    }
    return run(std::move(config.value()), [path] { return readConfig(path); });
  }
  if (args.size() == 2 && args[0] == "--check-config") return checkConfig(args[1]);
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << kUsage;
    return 0;
  }
  if (!args.empty() && args[0] != "--config" && args[0] != "--check-config") {
    auto config = anycast::config::dnsConfigFromFlags(args);
    if (!config) {
      std::cerr << "anycast-dns: " << config.error().message << "\n\n" << kUsage;
      return 2;
    }
    return run(std::move(config.value()), {});
  }
  std::cerr << kUsage;
  return 2;
}
