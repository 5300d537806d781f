// anycast-wire: the lab's link emulator. Creates a TAP pair per configured link (one TAP in
// each end's network namespace), forwards Ethernet frames between them with the link's delay,
// jitter, loss and rate on one data-plane thread, and answers the control protocol
// (lab/wire/WireControl.h) on a Unix socket until SIGTERM/SIGINT, then closes every TAP (which
// removes them).
#include <asio.hpp>
#include <cstring>
#include <fstream>
#include <iostream>
#include <thread>

#include "base/Log.h"
#include "control/ControlServer.h"
#include "lab/wire/TapDevice.h"
#include "lab/wire/WireConfig.h"
#include "lab/wire/WireControl.h"
#include "lab/wire/WireLoop.h"

namespace {

namespace wire = anycast::lab::wire;

const char* kUsage =
    R"(usage: anycast-wire --config FILE.json --socket PATH [--ready-file PATH] [--debug]
  Prints "ready" on stdout (and creates the ready file) once every link's TAPs exist.
)";

struct Options {
  std::string config;
  std::string socket;
  std::string readyFile;
  bool debug = false;
};

bool parseArgs(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    bool hasValue = i + 1 < argc;
    if (a == "--config" && hasValue)
      o.config = argv[++i];
    else if (a == "--socket" && hasValue)
      o.socket = argv[++i];
    else if (a == "--ready-file" && hasValue)
      o.readyFile = argv[++i];
    else if (a == "--debug")
      o.debug = true;
    else
      return false;
  }
  return !o.config.empty() && !o.socket.empty();
}

int run(const Options& options) {
  auto config = wire::loadWireConfig(options.config);
  if (!config.ok()) {
    std::cerr << "anycast-wire: " << config.error().message << "\n";
    return 1;
  }
  if (options.debug) anycast::setLogLevel(anycast::LogLevel::kDebug);
  wire::Engine engine(config->poolFrames, config->seed);
  wire::WireLoop loop(engine);
  wire::WireControl control(engine, loop, wire::openTap);
  std::thread dataPlane([&] { loop.run(); });
  auto stopDataPlane = [&] {
    loop.stop();
    dataPlane.join();
  };
  if (auto started = loop.waitStarted(); !started.ok()) {
    std::cerr << "anycast-wire: " << started.error().message << "\n";
    dataPlane.join();
    return 1;
  }
  for (const auto& link : config->links) {
    auto added = control.addLink(link);
    if (!added.ok()) {
      std::cerr << "anycast-wire: " << added.error().message << "\n";
      stopDataPlane();
      return 1;
    }
  }
  asio::io_context io;
  std::unique_ptr<anycast::control::ControlServer> server;
  try {
    server = std::make_unique<anycast::control::ControlServer>(
        io, options.socket, 0660, [&](const wire::Json& r) { return control.handle(r); });
  } catch (const std::exception& e) {
    std::cerr << "anycast-wire: control socket " << options.socket << ": " << e.what() << "\n";
    stopDataPlane();
    return 1;
  }
  asio::signal_set stopSignals(io, SIGTERM, SIGINT);
  stopSignals.async_wait([&](std::error_code ec, int signal) {
    if (ec) return;
    LOG_INFO("wire-stopping", anycast::LogFields().kv("signal", strsignal(signal)));
    io.stop();
  });
  LOG_INFO("wire-ready", anycast::LogFields()
                             .kv("links", config->links.size())
                             .kv("socket", options.socket)
                             .kv("pool-frames", config->poolFrames));
  std::cout << "ready" << std::endl;
  if (!options.readyFile.empty()) std::ofstream(options.readyFile) << "ready\n";
  io.run();
  server.reset();
  stopDataPlane();
  LOG_INFO("wire-stopped", anycast::LogFields());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    std::cout << kUsage;
    return 0;
  }
  if (!parseArgs(argc, argv, options)) {
    std::cerr << kUsage;
    return 2;
  }
  return run(options);
}
