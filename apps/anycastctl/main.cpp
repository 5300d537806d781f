// anycastctl: asks a running anycastd (or anycast-dns: status, stats, reload) what it is doing
// and tells it what to do, over its control socket (JSON lines; see
// src/control/ControlServer.h).
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "control/ControlClient.h"
#include "control/TextFormat.h"

namespace {

const char* kUsage = R"(usage: anycastctl [--socket PATH] [--json] COMMAND

commands:
  status                          daemon identity and uptime
  services                        the site's services: state, what is announced, why
  service NAME                    one service in detail: every check's last result, and
                                  for a dns service its embedded server: zones, traffic
  drain SERVICE [--for DURATION]  re-announce with GRACEFUL_SHUTDOWN (RFC 8326) and/or
                                  prepend, withdraw after DURATION (default: the service's
                                  drain duration; 0 = withdraw now)
  undrain SERVICE                 announce again (if healthy)
  reload                          read the config file again and apply it (as SIGHUP): only
                                  what changed is touched; an invalid file changes nothing;
                                  the embedded DNS servers load their zones again (a broken
                                  zone keeps the old ones; the error names its file:line)
  stats                           anycast-dns only: queries, responses per RCODE, RRL,
                                  max-qps drops, TCP connections
  show peers                      BGP sessions and their state (also: peers)
  show routes [PREFIX]            routes received from peers (also: routes)
  show route PREFIX [--detail]    every candidate path for PREFIX and why the best won
  show received PEER              PEER's routes as it sent them, before import policy
                                  (peers with soft-reconfiguration: true)
  show next-hops                  every learned next hop: reachable or not, and through what
  refresh PEER [in|out|both]      in: apply the import policy again (soft reconfiguration)
                                  or ask the peer to resend (ROUTE-REFRESH, RFC 2918);
                                  out: send our routes to PEER again; default both
  announce PREFIX [--community C]... [--large-community L]... [--med N] [--next-hop A]
  withdraw PREFIX
  shutdown PEER [--message TEXT]  send Cease/Administrative Shutdown (RFC 8203 message);
                                  the session stays down until 'enable PEER'
  enable PEER                     start a shut-down session again

options:
  --socket PATH   control socket (default /run/anycastd/anycastd.sock, or $ANYCASTD_SOCKET)
  --json          print the daemon's JSON reply instead of a table

anycast-dns answers status, stats and reload on its control.socket (reload: its zone files).
)";

[[noreturn]] void usageError(const std::string& message) {
  std::cerr << "anycastctl: " << message << "\n\n" << kUsage;
  std::exit(2);
}

// Builds the JSON request from the words after the global options.
nlohmann::json buildRequest(const std::vector<std::string>& args) {
  using nlohmann::json;
  if (args.empty()) usageError("no command given");
  const std::string& cmd = args[0];
  auto needArg = [&](size_t i, const char* what) -> const std::string& {
    if (args.size() <= i) usageError(cmd + " needs " + what);
    return args[i];
  };
  // `cmd NAME [--flag VALUE]`: the request with `key` = VALUE when the flag is given.
  auto withOption = [&](json req, const std::string& flag, const char* key, const char* what) {
    if (args.size() > 2) {
      if (args[2] != flag) usageError("unknown " + cmd + " option " + args[2]);
      req[key] = needArg(3, what);
    }
    return req;
  };
  if (cmd == "status") return {{"command", "status"}};
  if (cmd == "peers" || cmd == "routes") {
    std::vector<std::string> shown{"show"};
    shown.insert(shown.end(), args.begin(), args.end());
    return buildRequest(shown);
  }
  if (cmd == "services") return {{"command", "show-services"}};
  if (cmd == "reload") return {{"command", "reload"}};
  if (cmd == "stats") return {{"command", "stats"}};
  if (cmd == "service")
    return {{"command", "show-service"}, {"service", needArg(1, "a service name")}};
  if (cmd == "drain")
    return withOption({{"command", "drain"}, {"service", needArg(1, "a service name")}}, "--for",
                      "for", "a duration after --for (30s, 2m, 0)");
  if (cmd == "undrain") return {{"command", "undrain"}, {"service", needArg(1, "a service name")}};
  if (cmd == "show") {
    const std::string& what =
        needArg(1, "what to show (peers, routes, route, received, next-hops)");
    if (what == "peers") return {{"command", "show-peers"}};
    if (what == "routes") {
      json req{{"command", "show-routes"}};
      if (args.size() > 2) req["prefix"] = args[2];
      return req;
    }
    if (what == "route") return {{"command", "show-route"}, {"prefix", needArg(2, "a prefix")}};
    if (what == "next-hops") return {{"command", "show-next-hops"}};
    if (what == "received")
      return {{"command", "show-received"}, {"peer", needArg(2, "a peer name")}};
    usageError("cannot show '" + what + "'");
  }
  if (cmd == "announce") {
    json req{{"command", "announce"},
             {"prefix", needArg(1, "a prefix")},
             {"communities", json::array()},
             {"large-communities", json::array()}};
    for (size_t i = 2; i < args.size(); i += 2) {
      const std::string& opt = args[i];
      const std::string& value = needArg(i + 1, ("a value after " + opt).c_str());
      if (opt == "--community")
        req["communities"].push_back(value);
      else if (opt == "--large-community")
        req["large-communities"].push_back(value);
      else if (opt == "--med")
        req["med"] = value;
      else if (opt == "--next-hop")
        req["next-hop"] = value;
      else
        usageError("unknown announce option " + opt);
    }
    return req;
  }
  if (cmd == "withdraw") return {{"command", "withdraw"}, {"prefix", needArg(1, "a prefix")}};
  if (cmd == "refresh") {
    json req{{"command", "refresh-peer"}, {"peer", needArg(1, "a peer name")}};
    if (args.size() > 2) req["direction"] = args[2];
    return req;
  }
  if (cmd == "enable") return {{"command", "enable-peer"}, {"peer", needArg(1, "a peer name")}};
  if (cmd == "shutdown")
    return withOption({{"command", "shutdown-peer"}, {"peer", needArg(1, "a peer name")}},
                      "--message", "message", "a message after --message");
  usageError("unknown command '" + cmd + "'");
}

}  // namespace

int main(int argc, char** argv) {
  const char* env = std::getenv("ANYCASTD_SOCKET");
  std::string socket = env ? env : "/run/anycastd/anycastd.sock";
  bool json = false;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--socket" || a == "-s") {
      if (++i >= argc) usageError("--socket needs a path");
      socket = argv[i];
    } else if (a == "--json" || a == "-j") {
      json = true;
    } else if (a == "--detail") {
      // show route always explains every candidate; accepted for familiarity
    } else if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else {
      args.push_back(a);
    }
  }
  auto request = buildRequest(args);
  auto reply = anycast::control::sendRequest(socket, request);
  if (!reply.ok()) {
    std::cerr << "anycastctl: " << reply.error().message << "\n";
    return 1;
  }
  if (!reply->value("ok", false)) {
    std::cerr << "anycastctl: " << reply->value("error", std::string("request failed")) << "\n";
    return 1;
  }
  if (json) {
    std::cout << anycast::control::replyPayload(*reply).dump(2) << "\n";
  } else {
    std::cout << anycast::control::formatReply(request["command"], *reply);
  }
  return 0;
}
