// anycast-lab: the whole anycast system on one machine (docs/lab.md).
//   anycast-lab up FILE            build the lab FILE describes and leave it running
//   anycast-lab down [LAB]         remove it: processes, namespaces, state
//   anycast-lab status [LAB]       what is up, as text or --json
//   anycast-lab exec NODE -- CMD   run CMD inside NODE's namespace
// LAB may be left out when exactly one lab is up.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "DemoFiles.h"
#include "config/LabLoader.h"
#include "config/ScenarioLoader.h"
#include "lab/Demo.h"
#include "lab/LabBuilder.h"
#include "lab/Report.h"
#include "lab/ResultsFile.h"
#include "lab/RunSummary.h"
#include "lab/ScenarioRunner.h"

namespace {

using namespace anycast;
using Clock = std::chrono::steady_clock;

const char* kUsage = R"(usage: anycast-lab COMMAND ...
  demo                  build the built-in lab, show the seven properties of anycast, remove it
  up FILE               build the lab FILE describes (docs/lab.md) and leave it running
  down [LAB]            remove the lab: its processes, namespaces and state
  status [LAB] [--json] the lab's nodes and processes
  run SCENARIO [--lab LAB] [--out FILE]
                        play SCENARIO (docs/lab.md) on the lab while every client probes;
                        prints what happened, writes every probe as JSON to FILE
                        and the HTML report beside it (default
                        /tmp/anycast-lab-<lab>/results-<scenario>.json and .html)
  report RESULTS.json [--out FILE.html]
                        draw the HTML report of a run again from its results
  exec [--lab LAB] NODE -- CMD ...
                        run CMD inside NODE's network namespace
LAB may be left out when exactly one lab is up. Needs root.
)";

std::atomic<bool> gInterrupted{false};

void onSignal(int) { gInterrupted = true; }

// Lines with the time since start: "[  1.2 s] ...".
lab::Progress printer() {
  auto start = Clock::now();
  return [start](const std::string& line) {
    double t = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("[%6.1f s] %s\n", t, line.c_str());
    std::fflush(stdout);
  };
}

std::string binDir(const char* argv0) {
  std::error_code ec;
  auto self = std::filesystem::canonical("/proc/self/exe", ec);
  return ec ? std::filesystem::path(argv0).parent_path().string() : self.parent_path().string();
}

// LAB given, or the only lab that is up.
std::optional<std::string> labName(const std::vector<std::string>& args, size_t at) {
  if (at < args.size() && args[at].rfind("--", 0) != 0) return args[at];
  auto labs = lab::LabState::existing();
  if (labs.size() == 1) return labs.front();
  std::cerr << "anycast-lab: " << (labs.empty() ? "no lab is up" : "several labs are up: name one")
            << "\n";
  return std::nullopt;
}

int up(const std::string& file, const char* argv0) {
  auto topology = config::loadLabFile(file);
  if (!topology.ok()) {
    std::cerr << "anycast-lab: " << topology.error().str() << "\n";
    return 2;
  }
  lab::LabPlan plan(*topology);
  lab::BuildOptions options;
  options.binDir = binDir(argv0);
  options.topologyFile = std::filesystem::absolute(file).string();
  options.progress = printer();
  options.interrupted = &gInterrupted;
  options.progress("lab " + topology->name + ": " + std::to_string(plan.nodes().size()) +
                   " nodes, " + std::to_string(plan.links().size()) + " links");
  auto state = lab::LabBuilder(plan, options).up();
  if (!state.ok()) {
    std::cerr << "anycast-lab: up failed: " << state.error().message << "\n";
    return 1;
  }
  options.progress("lab " + topology->name + " is up; `anycast-lab down " + topology->name +
                   "` removes it");
  return 0;
}

int down(const std::string& name) {
  auto state = lab::LabState::load(name);
  if (!state.ok()) {
    lab::LabBuilder::removeLeftovers(name, printer());
    return 0;
  }
  lab::LabBuilder::down(*state, printer());
  return 0;
}

int status(const std::string& name, bool json) {
  auto state = lab::LabState::load(name);
  if (!state.ok()) {
    std::cerr << "anycast-lab: " << state.error().message << "\n";
    return 1;
  }
  nlohmann::json processes = nlohmann::json::array();
  for (const auto& p : state->processes)
    processes.push_back({{"what", p.what}, {"pid", p.pid}, {"running", lab::isRunning(p)}});
  if (json) {
    std::cout << nlohmann::json{{"lab", state->lab},
                                {"topology", state->topologyFile},
                                {"namespaces", state->namespaces},
                                {"processes", processes}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::cout << "lab " << state->lab << " (" << state->topologyFile
            << "): " << state->namespaces.size() << " namespaces\n";
  for (const auto& p : processes)
    std::cout << "  " << (p["running"].get<bool>() ? "running " : "EXITED  ")
              << p["what"].get<std::string>() << " (pid " << p["pid"] << ")\n";
  return 0;
}

// The plan of a lab that is up, from the topology file its state names.
struct RunningLab {
  lab::LabState state;
  lab::Topology topology;
};

std::optional<RunningLab> runningLab(const std::string& name) {
  auto state = lab::LabState::load(name);
  if (!state.ok()) {
    std::cerr << "anycast-lab: " << state.error().message << "\n";
    return std::nullopt;
  }
  auto topology = config::loadLabFile(state->topologyFile);
  if (!topology.ok()) {
    std::cerr << "anycast-lab: " << topology.error().str() << "\n";
    return std::nullopt;
  }
  return RunningLab{std::move(*state), std::move(*topology)};
}

int run(const std::vector<std::string>& args, const char* argv0) {
  std::string file, labOption, out;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--lab" && i + 1 < args.size())
      labOption = args[++i];
    else if (args[i] == "--out" && i + 1 < args.size())
      out = args[++i];
    else if (file.empty())
      file = args[i];
    else
      return std::cerr << kUsage, 2;
  }
  if (file.empty()) return std::cerr << kUsage, 2;
  auto name = labOption.empty() ? labName({}, 0) : std::optional<std::string>(labOption);
  if (!name) return 2;
  auto running = runningLab(*name);
  if (!running) return 1;
  auto scenario = config::loadScenarioFile(file, running->topology);
  if (!scenario.ok()) {
    std::cerr << "anycast-lab: " << scenario.error().str() << "\n";
    return 2;
  }
  lab::LabPlan plan(running->topology);
  lab::BuildOptions options;
  options.binDir = binDir(argv0);
  options.progress = printer();
  options.interrupted = &gInterrupted;
  lab::LabBuilder builder(plan, options, running->state);
  options.progress("scenario " + scenario->name + ": " + std::to_string(scenario->events.size()) +
                   " events over " + std::to_string(scenario->duration.count() / 1000) + " s, " +
                   std::to_string(running->topology.clients.size()) + " clients probing");
  auto results = lab::runScenario(plan, builder, *scenario, {options.progress, &gInterrupted});
  if (!results.ok()) {
    std::cerr << "anycast-lab: run failed: " << results.error().message << "\n";
    return 1;
  }
  std::cout << "\n" << lab::summaryText(*results);
  if (out.empty()) {  // outside the lab's state, which `down` removes
    std::string dir = "/tmp/anycast-lab-" + builder.state().lab;
    std::filesystem::create_directories(dir);
    out = dir + "/results-" + scenario->name + ".json";
  }
  std::ofstream(out) << lab::resultsJson(*results, *scenario, running->state.topologyFile) << "\n";
  std::string report = out.substr(0, out.rfind('.')) + ".html";
  std::ofstream(report) << lab::htmlReport(plan, *scenario, *results, nullptr);
  std::cout << "every probe: " << out << "\nthe report: " << report << "\n";
  return 0;
}

int demo(const char* argv0) {
  auto topology = config::loadLabText(kDemoTopology, "built-in demo.yaml");
  if (!topology.ok()) {
    std::cerr << "anycast-lab: " << topology.error().str() << "\n";
    return 1;
  }
  auto scenario = config::loadScenarioText(kDemoScenario, "built-in demo-scenario.yaml", *topology);
  if (!scenario.ok()) {
    std::cerr << "anycast-lab: " << scenario.error().str() << "\n";
    return 1;
  }
  lab::BuildOptions options;
  options.binDir = binDir(argv0);
  // The built-in topology goes beside the results, so `report` can draw them again.
  std::filesystem::create_directories(lab::kReportDir);
  options.topologyFile = std::string(lab::kReportDir) + "/topology.yaml";
  std::ofstream(options.topologyFile) << kDemoTopology;
  options.progress = printer();
  options.interrupted = &gInterrupted;
  auto results = lab::runDemo(*topology, *scenario, options);
  if (!results.ok()) {
    std::cerr << "anycast-lab: demo failed: " << results.error().message << "\n";
    return 1;
  }
  options.progress("== the report: " + *results);
  return 0;
}

int report(const std::vector<std::string>& args) {
  if (args.size() != 2 && !(args.size() == 4 && args[2] == "--out")) return std::cerr << kUsage, 2;
  auto saved = lab::loadResults(args[1]);
  if (!saved.ok()) {
    std::cerr << "anycast-lab: " << saved.error().message << "\n";
    return 1;
  }
  auto topology = config::loadLabFile(saved->topologyFile);
  if (!topology.ok()) {
    std::cerr << "anycast-lab: the run's topology: " << topology.error().str() << "\n";
    return 1;
  }
  std::string out = args.size() == 4 ? args[3] : args[1].substr(0, args[1].rfind('.')) + ".html";
  lab::LabPlan plan(*topology);
  std::ofstream(out) << lab::htmlReport(plan, saved->scenario, saved->results, nullptr);
  std::cout << "the report: " << out << "\n";
  return 0;
}

int exec(const std::vector<std::string>& args) {
  size_t at = 1;
  std::optional<std::string> name;
  if (at + 1 < args.size() && args[at] == "--lab") {
    name = args[at + 1];
    at += 2;
  }
  if (!name) name = labName({}, 0);
  if (!name) return 2;
  size_t dashes = at + 1;
  if (at >= args.size() || dashes >= args.size() || args[dashes] != "--" ||
      dashes + 1 >= args.size()) {
    std::cerr << kUsage;
    return 2;
  }
  std::string netns = lab::LabPlan::namespacePrefix(*name) + args[at];
  if (!std::filesystem::exists("/run/netns/" + netns)) {
    std::cerr << "anycast-lab: lab " << *name << " has no node " << args[at] << "\n";
    return 1;
  }
  std::vector<std::string> command(args.begin() + dashes + 1, args.end());
  std::string path = "/run/netns/" + netns;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::setns(fd, CLONE_NEWNET) != 0) {
    std::perror(("anycast-lab: enter " + netns).c_str());
    return 1;
  }
  std::vector<char*> argv;
  for (auto& a : command) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execvp(argv[0], argv.data());
  std::perror(("anycast-lab: " + command[0]).c_str());
  return 127;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  if (::geteuid() != 0) {
    std::cerr << "anycast-lab: needs root (it creates network namespaces); nothing was done\n";
    return 1;
  }
  struct sigaction action {};
  action.sa_handler = onSignal;
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
  const std::string& command = args[0];
  if (command == "up" && args.size() == 2) return up(args[1], argv[0]);
  if (command == "down") {
    auto name = labName(args, 1);
    return name ? down(*name) : 2;
  }
  if (command == "status") {
    auto name = labName(args, 1);
    bool json = std::find(args.begin(), args.end(), "--json") != args.end();
    return name ? status(*name, json) : 2;
  }
  if (command == "exec") return exec(args);
  if (command == "run") return run(args, argv[0]);
  if (command == "report") return report(args);
  if (command == "demo" && args.size() == 1) return demo(argv[0]);
  std::cerr << kUsage;
  return 2;
}
