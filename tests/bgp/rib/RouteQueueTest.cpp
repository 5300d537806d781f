#include <gtest/gtest.h>

#include "bgp/rib/RouteQueue.h"

namespace anycast::bgp {
namespace {

TEST(RouteQueue, KeepsEachRouteOnceInTheOrderFirstQueued) {
  RouteQueue q;
  for (RouteId id : {7u, 3u, 7u, 1000u, 3u}) q.push(id);
  EXPECT_EQ(q.size(), 3u);
  EXPECT_EQ(q.take(SIZE_MAX), (std::vector<RouteId>{7, 3, 1000}));
  EXPECT_TRUE(q.empty());
}

TEST(RouteQueue, TakesSlicesAndARouteTakenMayBeQueuedAgain) {
  RouteQueue q;
  for (RouteId id = 0; id < 5; ++id) q.push(id);
  EXPECT_EQ(q.take(2), (std::vector<RouteId>{0, 1}));
  q.push(0);  // changed again after it was taken: queued again, behind the others
  q.push(3);  // still queued: stays where it is
  EXPECT_EQ(q.take(10), (std::vector<RouteId>{2, 3, 4, 0}));
  q.push(9);
  q.clear();
  EXPECT_TRUE(q.empty());
  q.push(9);
  EXPECT_EQ(q.take(1), std::vector<RouteId>{9});
}

}  // namespace
}  // namespace anycast::bgp
