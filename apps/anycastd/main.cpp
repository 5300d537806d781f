// anycastd: the anycast site and routing daemon. Reads its YAML config, runs the BGP peers, the
// site's services and the control socket on one event loop, reloads its config on SIGHUP, and
// shuts down cleanly (services withdrawn, Cease to every peer) on SIGTERM/SIGINT.
#include <asio.hpp>
#include <cstring>
#include <iostream>

#include "base/Log.h"
#include "bgp/session/AsioTimers.h"
#include "config/ConfigLoader.h"
#include "daemon/Daemon.h"
#include "daemon/SystemdNotify.h"
#include "dns/service/ZoneFiles.h"

namespace {

const char* kUsage = R"(usage: anycastd --config FILE      run the daemon (foreground)
       anycastd --check-config FILE  validate FILE (and the zone files of its dns services)
                                     and exit (0 valid, 1 invalid)
)";

int checkConfig(const std::string& path) {
  auto config = anycast::config::loadConfigFile(path);
  if (!config.ok()) {
    std::cerr << config.error().str() << "\n";
    return 1;
  }
  // The embedded DNS servers' zones too: a broken one would keep its service down.
  for (const auto& service : config->services) {
    if (!service.dns) continue;
    auto zones = anycast::dns::service::loadZones(service.dns->zones);
    if (!zones) {
      std::cerr << zones.error().message << " (service " << service.name << ")\n";
      return 1;
    }
  }
  std::cout << path << ": ok (" << config->peers.size() << " peers, " << config->announce.size()
            << " announced prefixes, " << config->services.size() << " services)\n";
  return 0;
}

int run(const std::string& path) {
  auto config = anycast::config::loadConfigFile(path);
  if (!config.ok()) {
    std::cerr << config.error().str() << "\n";
    return 1;
  }
  anycast::setLogLevel(config->log.level);
  std::string status = "running: " + std::to_string(config->peers.size()) + " peers, " +
                       std::to_string(config->services.size()) + " services";
  asio::io_context io;
  anycast::daemon::Daemon daemon(io, std::move(config.value()));
  try {
    daemon.start();
  } catch (const std::exception& e) {
    std::cerr << "anycastd: cannot start: " << e.what() << "\n";
    return 1;
  }
  anycast::bgp::AsioTimerFactory timers(io);
  anycast::daemon::SystemdNotify systemd(timers);
  systemd.ready(status);
  asio::signal_set stopSignals(io, SIGTERM, SIGINT);
  stopSignals.async_wait([&](std::error_code ec, int signal) {
    if (ec) return;
    LOG_INFO("daemon-stopping", anycast::LogFields().kv("signal", strsignal(signal)));
    systemd.stopping();
    daemon.shutdown([&] { io.stop(); });
  });
  asio::signal_set hup(io, SIGHUP);
  std::function<void(std::error_code, int)> onHup = [&](std::error_code ec, int) {
    if (ec) return;
    static_cast<void>(daemon.reload());  // it logs what it changed, or why it refused
    hup.async_wait(onHup);
  };
  hup.async_wait(onHup);
  io.run();
  LOG_INFO("daemon-stopped", anycast::LogFields());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--config") == 0) return run(argv[2]);
  if (argc == 3 && std::strcmp(argv[1], "--check-config") == 0) return checkConfig(argv[2]);
  if (argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << kUsage;
  return 2;
}
