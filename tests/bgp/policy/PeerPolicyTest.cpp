#include <gtest/gtest.h>

#include "PolicyTestUtil.h"
#include "bgp/policy/PeerPolicy.h"

namespace anycast::bgp::policy {
namespace {

using test::comm;
using test::pfx;

constexpr uint32_t kLocalAs = 64500;
constexpr uint32_t kPeerAs = 65010;
const SessionContext kEbgp{kLocalAs, kPeerAs, true};
const SessionContext kIbgp{kLocalAs, kLocalAs, false};
const Prefix kPrefix = pfx("192.0.2.0/24");

PeerPolicy withRole(Role role) {
  PeerPolicy p;
  p.role = role;
  return p;
}

Term acceptAll() { return {"accept-all", {}, {}, Disposition::kAccept}; }

TEST(PeerPolicyImport, NoRoleNoChangeKeepsTheCallersAttributes) {
  PathAttributes in = test::makeAttributes({});
  PolicyResult r = importRoute(PeerPolicy{}, kEbgp, kPrefix, in);
  EXPECT_TRUE(r.accepted);
  EXPECT_EQ(&r.route.attributes.get(), &in);
}

TEST(PeerPolicyImport, LeakIsRejectedWhateverTheFilterSays) {
  PeerPolicy p = withRole(Role::kProvider);  // the neighbour is our customer
  p.importFilter.terms = {acceptAll()};
  PathAttributes in = test::makeAttributes({.otc = 65099});
  PolicyResult r = importRoute(p, kEbgp, kPrefix, in);
  EXPECT_FALSE(r.accepted);
  EXPECT_NE(r.reason.find("route leak"), std::string_view::npos);
}

TEST(PeerPolicyImport, RoleAddsOtcAndRelationshipPreference) {
  PathAttributes in = test::makeAttributes({});
  PolicyResult r = importRoute(withRole(Role::kCustomer), kEbgp, kPrefix, in);
  ASSERT_TRUE(r.accepted);
  EXPECT_EQ(r.route.attributes.get().onlyToCustomer, kPeerAs);
  EXPECT_EQ(r.route.attributes.get().localPref, 50u);  // from a provider
}

TEST(PeerPolicyImport, GaoRexfordOffKeepsOtcOnly) {
  PeerPolicy p = withRole(Role::kCustomer);
  p.gaoRexford = false;
  PathAttributes in = test::makeAttributes({});
  PolicyResult r = importRoute(p, kEbgp, kPrefix, in);
  EXPECT_EQ(r.route.attributes.get().onlyToCustomer, kPeerAs);
  EXPECT_EQ(r.route.attributes.get().localPref, std::nullopt);
}

TEST(PeerPolicyImport, GracefulShutdownWinsOverRelationship) {
  PathAttributes in = test::makeAttributes({.communities = {community::kGracefulShutdown}});
  PolicyResult r = importRoute(withRole(Role::kProvider), kEbgp, kPrefix, in);
  EXPECT_EQ(r.route.attributes.get().localPref, 0u);
}

TEST(PeerPolicyImport, FilterRunsLastAndCanOverride) {
  PeerPolicy p = withRole(Role::kProvider);
  p.importFilter.terms = {{"pin", {}, {SetLocalPref{120}}, Disposition::kAccept}};
  PathAttributes in = test::makeAttributes({.communities = {community::kGracefulShutdown}});
  PolicyResult r = importRoute(p, kEbgp, kPrefix, in);
  EXPECT_TRUE(r.accepted);
  EXPECT_EQ(r.reason, "pin");
  EXPECT_EQ(r.route.attributes.get().localPref, 120u);
}

TEST(PeerPolicyExport, WellKnownBeforeFilter) {
  PeerPolicy p;
  p.exportFilter.terms = {acceptAll()};
  PathAttributes in = test::makeAttributes({.communities = {community::kNoExport}});
  EXPECT_FALSE(exportRoute(p, kEbgp, RouteFrom{}, kPrefix, in).accepted);
  EXPECT_TRUE(exportRoute(p, kIbgp, RouteFrom{}, kPrefix, in).accepted);
  EXPECT_TRUE(exportRoute(p, kEbgp, RouteFrom{.local = true}, kPrefix, in).accepted);
}

TEST(PeerPolicyExport, CommunitiesTheFilterAddsAreSent) {
  PeerPolicy p;
  p.exportFilter.terms = {
      {"no-export-for-neighbour", {}, {AddCommunities{{community::kNoExport}}}, std::nullopt}};
  PathAttributes in = test::makeAttributes({});
  PolicyResult r = exportRoute(p, kEbgp, RouteFrom{}, kPrefix, in);
  EXPECT_TRUE(r.accepted);
  EXPECT_EQ(r.route.attributes.get().communities, std::vector<uint32_t>{community::kNoExport});
}

TEST(PeerPolicyExport, ValleyFreeAndOtc) {
  PathAttributes plain = test::makeAttributes({});
  RouteFrom fromProvider{false, Role::kCustomer};
  RouteFrom fromCustomer{false, Role::kProvider};
  // A provider's route does not go to a peer...
  PolicyResult toPeer = exportRoute(withRole(Role::kPeer), kEbgp, fromProvider, kPrefix, plain);
  EXPECT_FALSE(toPeer.accepted);
  EXPECT_NE(toPeer.reason.find("valley-free"), std::string_view::npos);
  // ...but goes to a customer, marked with our AS.
  PolicyResult toCustomer =
      exportRoute(withRole(Role::kProvider), kEbgp, fromProvider, kPrefix, plain);
  EXPECT_TRUE(toCustomer.accepted);
  EXPECT_EQ(toCustomer.route.attributes.get().onlyToCustomer, kLocalAs);
  // A customer's route goes to a provider unmarked and uncopied.
  PolicyResult toProvider =
      exportRoute(withRole(Role::kCustomer), kEbgp, fromCustomer, kPrefix, plain);
  EXPECT_TRUE(toProvider.accepted);
  EXPECT_EQ(&toProvider.route.attributes.get(), &plain);
}

TEST(PeerPolicyExport, OtcStillAppliesWithGaoRexfordOff) {
  PeerPolicy p = withRole(Role::kCustomer);  // to a provider
  p.gaoRexford = false;
  PathAttributes plain = test::makeAttributes({});
  PathAttributes marked = test::makeAttributes({.otc = 65099});
  RouteFrom fromPeer{false, Role::kPeer};
  EXPECT_TRUE(exportRoute(p, kEbgp, fromPeer, kPrefix, plain).accepted);
  EXPECT_FALSE(exportRoute(p, kEbgp, fromPeer, kPrefix, marked).accepted);
}

TEST(PeerPolicyExport, OwnRoutesGoEverywhere) {
  PathAttributes plain = test::makeAttributes({});
  RouteFrom own{.local = true, .role = Role::kCustomer};  // role of the source is ignored
  for (Role role : {Role::kProvider, Role::kRs, Role::kRsClient, Role::kCustomer, Role::kPeer})
    EXPECT_TRUE(exportRoute(withRole(role), kEbgp, own, kPrefix, plain).accepted) << roleName(role);
}

}  // namespace
}  // namespace anycast::bgp::policy
