#include <gtest/gtest.h>

#include <functional>

#include "RibTestUtil.h"
#include "bgp/rib/AttributeStore.h"

namespace anycast::bgp {
namespace {

using test::AttrSpec;
using test::ip;
using test::makeAttributes;

TEST(AttributeStore, IdenticalSetsShareOneEntry) {
  AttributeStore store;
  AttrHandle a = store.intern(makeAttributes({}), NlriField::kNlri);
  AttrHandle b = store.intern(makeAttributes({}), NlriField::kNlri);
  EXPECT_EQ(a.get(), b.get());
  EXPECT_EQ(store.size(), 1u);
  EXPECT_EQ(a->refCount(), 2u);
  EXPECT_GT(store.bytes(), sizeof(StoredAttributes));
}

TEST(AttributeStore, ReleasedWhenLastHandleGoes) {
  AttributeStore store;
  AttrHandle a = store.intern(makeAttributes({}), NlriField::kNlri);
  AttrHandle copy = a;
  AttrHandle moved = std::move(copy);
  EXPECT_EQ(a->refCount(), 2u);
  a = AttrHandle();
  EXPECT_EQ(store.size(), 1u);
  EXPECT_EQ(moved->refCount(), 1u);
  moved = AttrHandle();
  EXPECT_EQ(store.size(), 0u);
  EXPECT_EQ(store.bytes(), 0u);
}

// Each row changes one attribute of the base set: the result must be a distinct entry.
TEST(AttributeStore, SetsDifferingInOneAttributeAreDistinct) {
  struct Row {
    const char* name;
    std::function<void(PathAttributes&)> change;
  };
  const Row rows[] = {
      {"origin", [](PathAttributes& a) { a.origin = Origin::kIncomplete; }},
      {"as-path",
       [](PathAttributes& a) {
         a.asPath = test::seq({65001, 65002});
       }},
      {"as-path segment type",
       [](PathAttributes& a) { a.asPath->segments[0].type = AsPathSegment::kSet; }},
      {"next hop", [](PathAttributes& a) { a.nextHop = ip("10.0.0.2"); }},
      {"med", [](PathAttributes& a) { a.med = 5; }},
      {"local-pref", [](PathAttributes& a) { a.localPref = 200; }},
      {"atomic-aggregate", [](PathAttributes& a) { a.atomicAggregate = true; }},
      {"communities", [](PathAttributes& a) { a.communities = {0xFDE90064}; }},
      {"large communities",
       [](PathAttributes& a) {
         a.largeCommunities = {{65001, 1, 2}};
       }},
      {"unknown attribute",
       [](PathAttributes& a) {
         a.unknown = {{0xC0, 99, {1}}};
       }},
  };
  AttributeStore store;
  AttrHandle base = store.intern(makeAttributes({}), NlriField::kNlri);
  for (const auto& row : rows) {
    PathAttributes changed = makeAttributes({});
    row.change(changed);
    AttrHandle h = store.intern(changed, NlriField::kNlri);
    EXPECT_NE(h.get(), base.get()) << row.name;
    EXPECT_EQ(store.size(), 2u) << row.name;
    EXPECT_EQ(h->attributes(), changed) << row.name;
  }
  EXPECT_EQ(store.size(), 1u);
}

TEST(AttributeStore, NlriIsNotPartOfTheSetAndTheFieldPicksTheNextHop) {
  PathAttributes update = makeAttributes({.nextHop = "10.0.0.2"});
  update.mpReach = MpReach{
      kAfiIpv6, kSafiUnicast, ip("2001:db8::2"), std::nullopt, {test::pfx("2001:db8:1::/48")}};
  update.mpUnreach = MpUnreach{kAfiIpv6, kSafiUnicast, {test::pfx("2001:db8:2::/48")}};
  AttributeStore store;
  AttrHandle v4 = store.intern(update, NlriField::kNlri);
  AttrHandle v6 = store.intern(update, NlriField::kMpReach);
  EXPECT_NE(v4.get(), v6.get());
  EXPECT_EQ(v4->nextHop(), ip("10.0.0.2"));
  EXPECT_FALSE(v4->attributes().mpReach);
  EXPECT_EQ(v6->nextHop(), ip("2001:db8::2"));
  EXPECT_FALSE(v6->attributes().nextHop);  // RFC 4760 §3: ignored for MP_REACH NLRI
  EXPECT_TRUE(v6->attributes().mpReach->nlri.empty());
  EXPECT_FALSE(v6->attributes().mpUnreach);

  // Another UPDATE with the same attributes but other prefixes shares both sets.
  update.mpReach->nlri = {test::pfx("2001:db8:3::/48")};
  update.mpUnreach.reset();
  EXPECT_EQ(store.intern(update, NlriField::kMpReach).get(), v6.get());
  EXPECT_EQ(store.intern(update, NlriField::kNlri).get(), v4.get());
  EXPECT_EQ(store.size(), 2u);
}

}  // namespace
}  // namespace anycast::bgp
