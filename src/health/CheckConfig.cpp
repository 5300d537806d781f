#include "health/CheckConfig.h"

#include <array>

namespace anycast::health {
namespace {

constexpr std::array<std::pair<CheckKind, std::string_view>, 6> kKindNames{{
    {CheckKind::kDns, "dns"},
    {CheckKind::kHttp, "http"},
    {CheckKind::kTcp, "tcp"},
    {CheckKind::kExec, "exec"},
    {CheckKind::kProcess, "process"},
    {CheckKind::kEmbedded, "embedded"},
}};
constexpr size_t kMaxCommName = 15;  // TASK_COMM_LEN - 1

Unexpected<FieldError> problem(std::string field, std::string message) {
  return fail(FieldError{std::move(field), std::move(message)});
}

bool hasLineBreakOrSpace(std::string_view text) {
  return text.find_first_of(" \t\r\n") != std::string_view::npos;
}

Result<Ok, FieldError> validateTarget(const CheckConfig& c) {
  if (c.address.isUnspecified())
    return problem("address", c.address.str() + " is the unspecified address");
  if (c.port == 0)
    return problem("port", "a " + std::string(kindName(c.kind)) + " check needs a port");
  return Ok{};
}

Result<Ok, FieldError> validateKind(const CheckConfig& c) {
  switch (c.kind) {
    case CheckKind::kDns: {
      if (c.dns.name.empty()) return problem("dns.name", "a dns check needs a query name");
      if (auto name = validateName(c.dns.name); !name)
        return problem("dns.name", name.error().message);
      return validateTarget(c);
    }
    case CheckKind::kHttp:
      if (c.http.path.empty() || c.http.path[0] != '/' || hasLineBreakOrSpace(c.http.path))
        return problem("http.path", "must start with '/' and hold no spaces or line breaks");
      if (hasLineBreakOrSpace(c.http.host))
        return problem("http.host", "must hold no spaces or line breaks");
      if (c.http.status < 100 || c.http.status > 599)
        return problem("http.status",
                       std::to_string(c.http.status) + " is not an HTTP status (100-599)");
      return validateTarget(c);
    case CheckKind::kTcp:
      return validateTarget(c);
    case CheckKind::kExec:
      if (c.exec.argv.empty() || c.exec.argv[0].empty())
        return problem("exec.argv", "an exec check needs a command");
      return Ok{};
    case CheckKind::kProcess:
      if (c.process.pidfile.empty() && c.process.command.empty())
        return problem("process", "a process check needs a pidfile or a command name");
      if (c.process.command.size() > kMaxCommName ||
          c.process.command.find('/') != std::string::npos)
        return problem("process.command",
                       "\"" + c.process.command +
                           "\" cannot be a process name: /proc/PID/comm holds at most 15 "
                           "characters and no '/'");
      return Ok{};
    case CheckKind::kEmbedded:
      return Ok{};
  }
  return Ok{};
}

}  // namespace

std::string_view kindName(CheckKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "?";
}

std::optional<CheckKind> kindFromName(std::string_view name) {
  for (const auto& [k, n] : kKindNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

CheckConfig CheckConfig::forKind(CheckKind kind) {
  CheckConfig c;
  c.kind = kind;
  c.name = std::string(kindName(kind));
  if (kind == CheckKind::kDns) c.port = 53;
  if (kind == CheckKind::kHttp) c.port = 80;
  if (kind == CheckKind::kExec) {
    c.interval = std::chrono::seconds(1);
    c.timeout = std::chrono::seconds(1);
  }
  return c;
}

Result<Ok, FieldError> CheckConfig::validate() const {
  if (kind != CheckKind::kEmbedded) {
    if (interval < kMinInterval)
      return problem("interval", std::to_string(interval.count()) + " ms is below the minimum of " +
                                     std::to_string(kMinInterval.count()) + " ms");
    if (timeout.count() <= 0) return problem("timeout", "must be more than 0 ms");
    if (rise < 1) return problem("rise", "must be at least 1");
    if (fall < 1) return problem("fall", "must be at least 1");
  }
  return validateKind(*this);
}

}  // namespace anycast::health
