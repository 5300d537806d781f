#include "lab/LabState.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace anycast::lab {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

const char* kRoot = "/run/anycast-lab";

}  // namespace

std::string LabState::directoryOf(const std::string& lab) { return std::string(kRoot) + "/" + lab; }

Result<Ok> LabState::save() const {
  Json processList = Json::array();
  for (const StartedProcess& p : processes)
    processList.push_back({{"pid", p.pid}, {"start-time", p.startTime}, {"what", p.what}});
  Json json{{"lab", lab},
            {"topology", topologyFile},
            {"namespaces", namespaces},
            {"processes", processList}};
  std::error_code ec;
  fs::create_directories(directory(), ec);
  if (ec) return failWith("create " + directory() + ": " + ec.message());
  // Written aside and renamed: a crash never leaves half a state file.
  std::string path = directory() + "/state.json";
  {
    std::ofstream out(path + ".new");
    out << json.dump(2) << "\n";
    if (!out) return failWith("write " + path + ".new");
  }
  fs::rename(path + ".new", path, ec);
  if (ec) return failWith("rename " + path + ": " + ec.message());
  return Ok{};
}

Result<LabState> LabState::load(const std::string& lab) {
  std::string path = directoryOf(lab) + "/state.json";
  std::ifstream in(path);
  if (!in) return failWith("no lab \"" + lab + "\" is up (" + path + " does not exist)");
  Json json = Json::parse(in, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return failWith(path + ": not a lab state file");
  LabState state;
  state.lab = json.value("lab", lab);
  state.topologyFile = json.value("topology", "");
  for (const auto& ns : json.value("namespaces", Json::array()))
    if (ns.is_string()) state.namespaces.push_back(ns.get<std::string>());
  for (const auto& p : json.value("processes", Json::array())) {
    if (!p.is_object()) continue;
    state.processes.push_back(
        {p.value("pid", 0), p.value("start-time", uint64_t{0}), p.value("what", "")});
  }
  return state;
}

std::vector<std::string> LabState::existing() {
  std::vector<std::string> labs;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(kRoot, ec))
    if (entry.is_directory()) labs.push_back(entry.path().filename().string());
  return labs;
}

}  // namespace anycast::lab
