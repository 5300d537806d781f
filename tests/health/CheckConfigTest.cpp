#include <gtest/gtest.h>

#include "health/CheckConfig.h"

namespace anycast::health {
namespace {

TEST(CheckConfig, DefaultsPerKind) {
  CheckConfig dns = CheckConfig::forKind(CheckKind::kDns);
  EXPECT_EQ(dns.name, "dns");
  EXPECT_EQ(dns.port, 53);
  EXPECT_EQ(dns.interval, Duration(100));
  EXPECT_EQ(dns.timeout, Duration(100));
  EXPECT_EQ(dns.rise, 3u);
  EXPECT_EQ(dns.fall, 2u);
  EXPECT_EQ(CheckConfig::forKind(CheckKind::kHttp).port, 80);
  EXPECT_EQ(CheckConfig::forKind(CheckKind::kExec).interval, Duration(1000));
  EXPECT_EQ(kindFromName("process"), CheckKind::kProcess);
  EXPECT_EQ(kindFromName("ping"), std::nullopt);
  EXPECT_EQ(kindName(CheckKind::kEmbedded), "embedded");
}

TEST(CheckConfig, ValidOnes) {
  CheckConfig dns = CheckConfig::forKind(CheckKind::kDns);
  dns.dns.name = "example.org";
  EXPECT_TRUE(dns.validate().ok());
  CheckConfig slow = dns;
  slow.timeout = Duration(500);  // more than the interval: allowed, probes never overlap
  EXPECT_TRUE(slow.validate().ok());
  CheckConfig exec = CheckConfig::forKind(CheckKind::kExec);
  exec.exec.argv = {"true"};
  EXPECT_TRUE(exec.validate().ok());
  CheckConfig process = CheckConfig::forKind(CheckKind::kProcess);
  process.process.command = "nginx";
  EXPECT_TRUE(process.validate().ok());
  CheckConfig embedded = CheckConfig::forKind(CheckKind::kEmbedded);
  embedded.interval = Duration(0);  // not used
  EXPECT_TRUE(embedded.validate().ok());
}

TEST(CheckConfig, ImpossibleValuesNameTheirField) {
  struct Case {
    CheckKind kind;
    void (*change)(CheckConfig&);
    const char* field;
    const char* message;
  };
  const Case cases[] = {
      {CheckKind::kTcp,
       [](CheckConfig& c) {
         c.port = 1;
         c.interval = Duration(5);
       },
       "interval", "5 ms is below the minimum of 10 ms"},
      {CheckKind::kTcp,
       [](CheckConfig& c) {
         c.port = 1;
         c.timeout = Duration(0);
       },
       "timeout", "more than 0"},
      {CheckKind::kTcp,
       [](CheckConfig& c) {
         c.port = 1;
         c.rise = 0;
       },
       "rise", "at least 1"},
      {CheckKind::kTcp,
       [](CheckConfig& c) {
         c.port = 1;
         c.fall = 0;
       },
       "fall", "at least 1"},
      {CheckKind::kTcp, [](CheckConfig&) {}, "port", "needs a port"},
      {CheckKind::kTcp,
       [](CheckConfig& c) {
         c.port = 1;
         c.address = IpAddress();
       },
       "address", "unspecified"},
      {CheckKind::kDns, [](CheckConfig&) {}, "dns.name", "needs a query name"},
      {CheckKind::kDns, [](CheckConfig& c) { c.dns.name = "a..b"; }, "dns.name", "empty label"},
      {CheckKind::kHttp, [](CheckConfig& c) { c.http.path = "health"; }, "http.path",
       "start with '/'"},
      {CheckKind::kHttp, [](CheckConfig& c) { c.http.path = "/a\r\nX: y"; }, "http.path",
       "line breaks"},
      {CheckKind::kHttp, [](CheckConfig& c) { c.http.host = "a b"; }, "http.host", "no spaces"},
      {CheckKind::kHttp, [](CheckConfig& c) { c.http.status = 42; }, "http.status",
       "not an HTTP status"},
      {CheckKind::kExec, [](CheckConfig&) {}, "exec.argv", "needs a command"},
      {CheckKind::kProcess, [](CheckConfig&) {}, "process", "pidfile or a command name"},
      {CheckKind::kProcess, [](CheckConfig& c) { c.process.command = "a-very-long-daemon"; },
       "process.command", "at most 15 characters"},
  };
  for (const Case& c : cases) {
    CheckConfig config = CheckConfig::forKind(c.kind);
    c.change(config);
    auto r = config.validate();
    ASSERT_FALSE(r.ok()) << c.field;
    EXPECT_EQ(r.error().field, c.field);
    EXPECT_NE(r.error().message.find(c.message), std::string::npos) << r.error().message;
  }
}

}  // namespace
}  // namespace anycast::health
