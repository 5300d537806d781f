#include "base/Log.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace anycast {
namespace {
LogLevel gLevel = LogLevel::kInfo;
std::mutex gMutex;
const char* levelName(LogLevel l) {
  switch (l) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarn: return "warn";
    case LogLevel::kError: return "error";
  }
  return "?";
}
}  // namespace

void setLogLevel(LogLevel level) { gLevel = level; }
bool logEnabled(LogLevel level) { return level >= gLevel; }

void logLine(LogLevel level, std::string_view event, const std::string& fields) {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char ts[32];
  std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
  std::lock_guard<std::mutex> lock(gMutex);
  std::fprintf(stderr, "%s.%03dZ level=%s event=%.*s %s\n", ts, int(ms % 1000), levelName(level),
               int(event.size()), event.data(), fields.c_str());
  std::fflush(stderr);
}

void LogFields::add(std::string_view key, const std::string& value) {
  if (!text_.empty()) text_ += ' ';
  text_.append(key);
  text_ += '=';
  bool quote = value.empty() || value.find_first_of(" \t\"=") != std::string::npos;
  if (!quote) {
    text_ += value;
    return;
  }
  text_ += '"';
  for (char c : value) {
    if (c == '"' || c == '\\') text_ += '\\';
    text_ += c;
  }
  text_ += '"';
}

}  // namespace anycast
