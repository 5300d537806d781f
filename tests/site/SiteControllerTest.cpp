// SiteController with embedded checks (their results are pushed, so no probe runs), a fake
// RouteOriginator and fake interface addresses that write one shared event log: what is
// announced with which attributes, and the order of address changes, announcements,
// withdrawals and the moment the withdrawal was sent (ExaBGP #993's ordering bug).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../bgp/session/FakeTimers.h"
#include "site/SiteController.h"

namespace anycast::site {
namespace {

using std::chrono::seconds;

Prefix pfx(const char* s) { return *Prefix::parse(s); }

struct Log {
  std::vector<std::string> events;
  std::string joined() const {
    std::string out;
    for (const auto& e : events) out += (out.empty() ? "" : " | ") + e;
    return out;
  }
};

class FakeRoutes : public RouteOriginator {
 public:
  explicit FakeRoutes(Log& log) : log_(log) {}
  void originate(const Prefix& prefix, const bgp::PathAttributes& attributes) override {
    announced[prefix] = attributes;
    log_.events.push_back("announce " + prefix.str());
  }
  void stopOriginating(const Prefix& prefix) override {
    announced.erase(prefix);
    log_.events.push_back("withdraw " + prefix.str());
  }
  void whenSent(std::function<void()> done) override { waiting.push_back(std::move(done)); }
  // The peers have taken everything: the waiting callbacks run.
  void sent() {
    log_.events.push_back("sent");
    auto callbacks = std::move(waiting);
    for (auto& done : callbacks) done();
  }
  std::map<Prefix, bgp::PathAttributes> announced;
  std::vector<std::function<void()>> waiting;

 private:
  Log& log_;
};

class FakeAddresses : public fib::InterfaceAddresses {
 public:
  explicit FakeAddresses(Log& log) : log_(log) {}
  Result<bool, fib::NetlinkError> add(const std::string& interface, const Prefix& a) override {
    if (!present.insert(a).second) return false;
    log_.events.push_back("add " + a.str() + " on " + interface);
    return true;
  }
  Result<Ok, fib::NetlinkError> remove(const std::string& interface, const Prefix& a) override {
    present.erase(a);
    log_.events.push_back("remove " + a.str() + " from " + interface);
    return Ok{};
  }
  std::set<Prefix> present;

 private:
  Log& log_;
};

health::CheckConfig embedded(const char* name) {
  health::CheckConfig c = health::CheckConfig::forKind(health::CheckKind::kEmbedded);
  c.name = name;
  return c;
}

ServiceConfig service(const char* name, const char* prefix) {
  ServiceConfig s;
  s.name = name;
  s.prefixes = {pfx(prefix)};
  s.addresses = {pfx(prefix)};
  s.checks = {embedded("self")};
  return s;
}

// What serves on the addresses (the daemon's embedded DNS servers), in the same event log.
class FakeObserver : public ServiceObserver {
 public:
  explicit FakeObserver(Log& log) : log_(log) {}
  void started(Service& service) override { log_.events.push_back("serve " + service.name()); }
  void stopping(const Service& service) override {
    log_.events.push_back("stop serving " + service.name());
  }

 private:
  Log& log_;
};

class SiteControllerTest : public ::testing::Test {
 protected:
  asio::io_context io;  // not run: embedded checks need no loop
  testing::FakeTimers timers;
  Log log;
  FakeRoutes routes{log};
  FakeAddresses addresses{log};
  FakeObserver* observer = nullptr;  // set: told when services start and stop for good
  std::unique_ptr<SiteController> site;

  void make(std::vector<ServiceConfig> services) {
    site = std::make_unique<SiteController>(
        SiteController::Environment{io, timers, timers, routes, &addresses, observer}, 65010,
        std::move(services));
    site->start();
  }
  void report(const char* service, bool ok) {
    site->find(service)->embeddedCheck("self")->report(ok, ok ? "fine" : "broken");
  }
};

TEST_F(SiteControllerTest, AddressFirstThenAnnouncedAndRemovedOnlyAfterTheWithdrawalWasSent) {
  make({service("dns", "192.0.2.53/32")});
  EXPECT_EQ(log.joined(), "add 192.0.2.53/32 on lo");  // before any announcement
  report("dns", true);
  EXPECT_EQ(log.joined(), "add 192.0.2.53/32 on lo | announce 192.0.2.53/32");

  log.events.clear();
  report("dns", false);  // failed: withdrawn, the address stays (the service must recover)
  EXPECT_EQ(log.joined(), "withdraw 192.0.2.53/32");
  report("dns", true);
  EXPECT_EQ(site->find("dns")->state().status(), ServiceStatus::kHeldDown);  // it flapped
  timers.advance(seconds(1));
  ASSERT_TRUE(site->drain("dns", Duration(0)));
  routes.sent();
  EXPECT_EQ(log.joined(),
            "withdraw 192.0.2.53/32 | announce 192.0.2.53/32 | withdraw 192.0.2.53/32 | sent | "
            "remove 192.0.2.53/32 from lo");

  log.events.clear();
  ASSERT_TRUE(site->undrain("dns"));
  EXPECT_EQ(log.joined(), "add 192.0.2.53/32 on lo | announce 192.0.2.53/32");
}

TEST_F(SiteControllerTest, UndrainBeforeTheWithdrawalWasSentKeepsTheAddress) {
  make({service("dns", "192.0.2.53/32")});
  report("dns", true);
  ASSERT_TRUE(site->drain("dns", Duration(0)));
  ASSERT_TRUE(site->undrain("dns"));
  routes.sent();
  EXPECT_TRUE(addresses.present.count(pfx("192.0.2.53/32")));
  EXPECT_TRUE(routes.announced.count(pfx("192.0.2.53/32")));
}

TEST_F(SiteControllerTest, AttributesForNormalDrainingAndDepreferred) {
  ServiceConfig s = service("dns", "192.0.2.53/32");
  s.announce = {.communities = {0xFDE80001}, .med = 10};
  s.drain = {.gracefulShutdown = true, .prepend = 2, .duration = seconds(30)};
  s.onFailure = FailureAction::kDeprefer;
  s.deprefer = {.med = 1000, .prepend = 3};
  make({s});
  report("dns", true);
  const auto& normal = routes.announced.at(pfx("192.0.2.53/32"));
  EXPECT_EQ(normal.communities, std::vector<uint32_t>{0xFDE80001});
  EXPECT_EQ(normal.med, 10u);
  EXPECT_EQ(normal.asPath->str(), "");

  ASSERT_TRUE(site->drain("dns", std::nullopt));
  const auto& draining = routes.announced.at(pfx("192.0.2.53/32"));
  EXPECT_EQ(draining.communities,
            (std::vector<uint32_t>{0xFDE80001, bgp::community::kGracefulShutdown}));
  EXPECT_EQ(draining.asPath->str(), "65010 65010");

  ASSERT_TRUE(site->undrain("dns"));
  report("dns", false);
  const auto& depreferred = routes.announced.at(pfx("192.0.2.53/32"));
  EXPECT_EQ(depreferred.med, 1000u);
  EXPECT_EQ(depreferred.asPath->str(), "65010 65010 65010");
}

TEST_F(SiteControllerTest, ServiceIsDownWhileOneItDependsOnIs) {
  ServiceConfig web = service("web", "192.0.2.80/32");
  web.dependsOn = {"dns"};
  make({service("dns", "192.0.2.53/32"), web});
  report("web", true);
  EXPECT_FALSE(routes.announced.count(pfx("192.0.2.80/32")));  // dns has not concluded
  report("dns", true);
  EXPECT_TRUE(routes.announced.count(pfx("192.0.2.80/32")));
  report("dns", false);
  EXPECT_FALSE(routes.announced.count(pfx("192.0.2.80/32")));
  EXPECT_EQ(site->find("web")->state().reason(), "depends on dns, which is down");
}

TEST_F(SiteControllerTest, AnAddressThatWasThereIsNeverRemoved) {
  addresses.present.insert(pfx("192.0.2.53/32"));  // the operator's
  make({service("dns", "192.0.2.53/32")});
  report("dns", true);
  ASSERT_TRUE(site->drain("dns", Duration(0)));
  routes.sent();
  EXPECT_TRUE(addresses.present.count(pfx("192.0.2.53/32")));
}

TEST_F(SiteControllerTest, StopWithdrawsThenRemovesAddressesThenIsDone) {
  make({service("dns", "192.0.2.53/32")});
  report("dns", true);
  log.events.clear();
  bool done = false;
  site->stop(true, [&] {
    log.events.push_back("done");
    done = true;
  });
  EXPECT_FALSE(done);
  routes.sent();
  EXPECT_EQ(log.joined(), "withdraw 192.0.2.53/32 | sent | remove 192.0.2.53/32 from lo | done");
}

TEST_F(SiteControllerTest, StopKeepingLeavesRoutesAndAddresses) {
  make({service("dns", "192.0.2.53/32")});
  report("dns", true);
  bool done = false;
  site->stop(false, [&] { done = true; });
  EXPECT_TRUE(done);
  EXPECT_TRUE(addresses.present.count(pfx("192.0.2.53/32")));
}

TEST_F(SiteControllerTest, DrainFileDrainsWhileItExists) {
  auto file =
      std::filesystem::temp_directory_path() / ("anycast-drain-test-" + std::to_string(::getpid()));
  std::ofstream(file).put('\n');
  ServiceConfig s = service("dns", "192.0.2.53/32");
  s.drainFile = file.string();
  s.drain.duration = Duration(0);
  make({s});
  report("dns", true);
  EXPECT_EQ(site->find("dns")->state().status(), ServiceStatus::kDrained);
  std::filesystem::remove(file);
  timers.advance(seconds(1));
  EXPECT_EQ(site->find("dns")->state().status(), ServiceStatus::kUp);
  EXPECT_TRUE(routes.announced.count(pfx("192.0.2.53/32")));
}

TEST_F(SiteControllerTest, ServiceWithoutChecksIsUpAtOnce) {
  ServiceConfig s = service("static", "192.0.2.1/32");
  s.checks.clear();
  make({s});
  EXPECT_EQ(site->find("static")->state().status(), ServiceStatus::kUp);
  EXPECT_TRUE(routes.announced.count(pfx("192.0.2.1/32")));
}

// Reload: unchanged services keep their state, changed ones start over with their addresses
// handed over, removed ones are withdrawn and lose their addresses once that was sent.
TEST_F(SiteControllerTest, ReconfigureTouchesOnlyWhatChanged) {
  ServiceConfig dns = service("dns", "192.0.2.53/32"), web = service("web", "192.0.2.80/32"),
                ntp = service("ntp", "192.0.2.123/32");
  dns.fingerprint = "dns-1";
  web.fingerprint = "web-1";
  ntp.fingerprint = "ntp-1";
  make({dns, web, ntp});
  for (const char* s : {"dns", "web", "ntp"}) report(s, true);
  ASSERT_TRUE(site->drain("dns", seconds(60)));  // state that must survive the reload
  log.events.clear();

  ServiceConfig web2 = web, mail = service("mail", "192.0.2.25/32");
  web2.fingerprint = "web-2";
  auto changes = site->reconfigure({dns, web2, mail});
  EXPECT_EQ(changes.added, std::vector<std::string>{"mail"});
  EXPECT_EQ(changes.removed, std::vector<std::string>{"ntp"});
  EXPECT_EQ(changes.replaced, std::vector<std::string>{"web"});
  EXPECT_EQ(site->find("dns")->state().status(), ServiceStatus::kDraining);
  EXPECT_EQ(site->find("web")->state().status(), ServiceStatus::kStarting);
  EXPECT_EQ(site->find("ntp"), nullptr);
  routes.sent();
  EXPECT_EQ(log.joined(),
            "withdraw 192.0.2.80/32 | withdraw 192.0.2.123/32 | add 192.0.2.25/32 on lo | sent | "
            "remove 192.0.2.123/32 from lo");
  EXPECT_TRUE(addresses.present.count(pfx("192.0.2.80/32")));  // handed over, not removed
  report("web", true);
  EXPECT_TRUE(routes.announced.count(pfx("192.0.2.80/32")));
}

// A drained service's "remove the addresses once sent" must not outlive the service: a reload
// that retires it before the withdrawal has left leaves the removal to the retirement.
TEST_F(SiteControllerTest, ServiceRetiredWhileItsDrainWithdrawalIsInFlight) {
  ServiceConfig dns = service("dns", "192.0.2.53/32");
  dns.fingerprint = "dns-1";
  make({dns});
  report("dns", true);
  ASSERT_TRUE(site->drain("dns", Duration(0)));
  site->reconfigure({});
  log.events.clear();
  routes.sent();
  EXPECT_EQ(log.joined(), "sent | remove 192.0.2.53/32 from lo");
  EXPECT_TRUE(addresses.present.empty());
}

TEST_F(SiteControllerTest, UnknownServiceIsAnError) {
  make({service("dns", "192.0.2.53/32")});
  EXPECT_FALSE(site->drain("nope", std::nullopt));
  EXPECT_FALSE(site->undrain("nope"));
}

// The server starts once the address is there, and stops after the withdrawal was sent and
// before the address goes (exit); a reload that replaces the service stops the old server
// before the new one starts, and the address stays.
TEST_F(SiteControllerTest, AnObserverServesWhileTheAddressesAreThere) {
  FakeObserver serving(log);
  observer = &serving;
  make({service("dns", "192.0.2.53/32")});
  report("dns", true);
  EXPECT_EQ(log.joined(), "add 192.0.2.53/32 on lo | serve dns | announce 192.0.2.53/32");

  log.events.clear();
  ServiceConfig changed = service("dns", "192.0.2.53/32");
  changed.fingerprint = "changed";
  site->reconfigure({changed});
  EXPECT_EQ(log.joined(), "stop serving dns | withdraw 192.0.2.53/32 | serve dns");

  report("dns", true);
  log.events.clear();
  bool done = false;
  site->stop(true, [&] { done = true; });
  EXPECT_EQ(log.joined(), "withdraw 192.0.2.53/32");
  routes.sent();
  EXPECT_TRUE(done);
  EXPECT_EQ(log.joined(),
            "withdraw 192.0.2.53/32 | sent | stop serving dns | remove 192.0.2.53/32 from lo");
}

}  // namespace
}  // namespace anycast::site
