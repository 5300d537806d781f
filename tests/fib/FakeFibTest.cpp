#include <gtest/gtest.h>

#include "fib/FakeFib.h"

namespace anycast::fib {
namespace {

TEST(FakeFib, RecordsCallsAndKeepsRoutes) {
  FakeFib fib;
  Prefix p = *Prefix::parse("192.0.2.0/24");
  FibRoute route{p, {{*IpAddress::parse("198.51.100.1")}}};
  fib.install(route);
  EXPECT_EQ(fib.routes().at(p), route.nextHops);
  fib.remove(p);
  fib.flush();
  using Kind = FakeFib::CallKind;
  EXPECT_EQ(fib.calls(),
            (std::vector<FakeFib::Call>{
                {Kind::kInstall, route}, {Kind::kRemove, {p, {}}}, {Kind::kFlush, {}}}));
  EXPECT_TRUE(fib.routes().empty());
  EXPECT_EQ(fib.stats().installs, 1u);
}

}  // namespace
}  // namespace anycast::fib
