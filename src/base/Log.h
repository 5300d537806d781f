// Structured logging: one line per event, "ts level event key=value ...".
#pragma once

#include <sstream>
#include <string>
#include <string_view>

namespace anycast {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

void setLogLevel(LogLevel level);
bool logEnabled(LogLevel level);
void logLine(LogLevel level, std::string_view event, const std::string& fields);

// Builds the key=value part; values with spaces are quoted.
class LogFields {
 public:
  template <class T>
  LogFields& kv(std::string_view key, const T& value) {
    std::ostringstream v;
    v << value;
    add(key, v.str());
    return *this;
  }
  const std::string& str() const { return text_; }

 private:
  void add(std::string_view key, const std::string& value);
  std::string text_;
};

#define ACLOG(level, event, fields)                                              \
  do {                                                                           \
    if (::anycast::logEnabled(level)) ::anycast::logLine(level, event, (fields).str()); \
  } while (0)
#define LOG_INFO(event, fields) ACLOG(::anycast::LogLevel::kInfo, event, fields)
#define LOG_WARN(event, fields) ACLOG(::anycast::LogLevel::kWarn, event, fields)
#define LOG_ERROR(event, fields) ACLOG(::anycast::LogLevel::kError, event, fields)
#define LOG_DEBUG(event, fields) ACLOG(::anycast::LogLevel::kDebug, event, fields)

}  // namespace anycast
