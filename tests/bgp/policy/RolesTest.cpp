#include <gtest/gtest.h>

#include <string>

#include "PolicyTestUtil.h"
#include "bgp/policy/Roles.h"

namespace anycast::bgp::policy {
namespace {

using test::pfx;

constexpr uint32_t kLocalAs = 64500;
constexpr uint32_t kPeerAs = 65010;
constexpr uint32_t kOtherAs = 65099;
constexpr Role kRoles[] = {Role::kProvider, Role::kRs, Role::kRsClient, Role::kCustomer,
                           Role::kPeer};

// RFC 9234 §4.2 table: only these local/remote pairs form a session.
TEST(Roles, PairingTable) {
  auto pairs = [](Role local, Role remote) {
    return (local == Role::kProvider && remote == Role::kCustomer) ||
           (local == Role::kCustomer && remote == Role::kProvider) ||
           (local == Role::kRs && remote == Role::kRsClient) ||
           (local == Role::kRsClient && remote == Role::kRs) ||
           (local == Role::kPeer && remote == Role::kPeer);
  };
  for (Role local : kRoles)
    for (Role remote : kRoles)
      EXPECT_EQ(rolesPair(local, remote), pairs(local, remote))
          << roleName(local) << " / " << roleName(remote);
}

struct OtcRow {
  Role local;                     // our role toward the neighbour
  std::optional<uint32_t> otcIn;  // OTC on the route before
  bool accepted;
  std::optional<uint32_t> otcOut;  // OTC after, when accepted
};

std::string rowName(const OtcRow& row) {
  return test::testName(std::string("local_") + roleName(row.local) + "_otc_" +
                        (row.otcIn ? std::to_string(*row.otcIn) : std::string("none")));
}

// RFC 9234 §5 ingress, each rule with each role. Received from kPeerAs.
const OtcRow kIngressRows[] = {
    // neighbour is a Customer: rule 1 (OTC = leak), nothing added
    {Role::kProvider, std::nullopt, true, std::nullopt},
    {Role::kProvider, kPeerAs, false},
    {Role::kProvider, kOtherAs, false},
    // neighbour is an RS-Client: rule 1
    {Role::kRs, std::nullopt, true, std::nullopt},
    {Role::kRs, kPeerAs, false},
    {Role::kRs, kOtherAs, false},
    // neighbour is a Peer: rule 2 (OTC must be the peer's AS), rule 3 (add)
    {Role::kPeer, std::nullopt, true, kPeerAs},
    {Role::kPeer, kPeerAs, true, kPeerAs},
    {Role::kPeer, kOtherAs, false},
    // neighbour is a Provider: rule 3, any OTC kept
    {Role::kCustomer, std::nullopt, true, kPeerAs},
    {Role::kCustomer, kPeerAs, true, kPeerAs},
    {Role::kCustomer, kOtherAs, true, kOtherAs},
    // neighbour is an RS: rule 3, any OTC kept
    {Role::kRsClient, std::nullopt, true, kPeerAs},
    {Role::kRsClient, kPeerAs, true, kPeerAs},
    {Role::kRsClient, kOtherAs, true, kOtherAs},
};

class OtcIngress : public ::testing::TestWithParam<OtcRow> {};

TEST_P(OtcIngress, Rfc9234Section5) {
  const OtcRow& row = GetParam();
  PathAttributes in = test::makeAttributes({.otc = row.otcIn});
  Prefix prefix = pfx("192.0.2.0/24");
  PolicyRoute route(prefix, in);
  Decision d = otcIngress(row.local, kPeerAs, route);
  EXPECT_EQ(d.accepted, row.accepted);
  if (!row.accepted) {
    EXPECT_NE(d.reason.find("route leak"), std::string_view::npos);
    return;
  }
  EXPECT_EQ(route.attributes.get().onlyToCustomer, row.otcOut);
  EXPECT_EQ(route.attributes.modified(), row.otcIn != row.otcOut);
}

INSTANTIATE_TEST_SUITE_P(Rows, OtcIngress, ::testing::ValuesIn(kIngressRows),
                         [](const auto& info) { return rowName(info.param); });

// RFC 9234 §5 egress, each rule with each role. Sent from kLocalAs.
const OtcRow kEgressRows[] = {
    // to a Customer: rule 1 adds our AS; OTC routes may go
    {Role::kProvider, std::nullopt, true, kLocalAs},
    {Role::kProvider, kOtherAs, true, kOtherAs},
    // to an RS-Client, we being the RS: rule 1
    {Role::kRs, std::nullopt, true, kLocalAs},
    {Role::kRs, kOtherAs, true, kOtherAs},
    // to a Peer: rule 1 adds, rule 2 stops OTC routes
    {Role::kPeer, std::nullopt, true, kLocalAs},
    {Role::kPeer, kOtherAs, false},
    // to a Provider: nothing added, rule 2 stops OTC routes
    {Role::kCustomer, std::nullopt, true, std::nullopt},
    {Role::kCustomer, kOtherAs, false},
    // to an RS: nothing added, rule 2 stops OTC routes
    {Role::kRsClient, std::nullopt, true, std::nullopt},
    {Role::kRsClient, kOtherAs, false},
};

class OtcEgress : public ::testing::TestWithParam<OtcRow> {};

TEST_P(OtcEgress, Rfc9234Section5) {
  const OtcRow& row = GetParam();
  PathAttributes in = test::makeAttributes({.otc = row.otcIn});
  Prefix prefix = pfx("192.0.2.0/24");
  PolicyRoute route(prefix, in);
  Decision d = otcEgress(row.local, kLocalAs, route);
  EXPECT_EQ(d.accepted, row.accepted);
  if (!row.accepted) return;
  EXPECT_EQ(route.attributes.get().onlyToCustomer, row.otcOut);
  EXPECT_EQ(route.attributes.modified(), row.otcIn != row.otcOut);
}

INSTANTIATE_TEST_SUITE_P(Rows, OtcEgress, ::testing::ValuesIn(kEgressRows),
                         [](const auto& info) { return rowName(info.param); });

TEST(Roles, RelationshipLocalPref) {
  const RelationshipPreferences defaults;
  const RelationshipPreferences custom{300, 150, 10};
  struct Row {
    Role local;
    uint32_t expected;
    uint32_t expectedCustom;
  };
  const Row rows[] = {
      {Role::kProvider, 200, 300},  // from a customer
      {Role::kRs, 200, 300},        // from an RS-Client
      {Role::kPeer, 100, 150},      // from a peer
      {Role::kRsClient, 100, 150},  // from an RS
      {Role::kCustomer, 50, 10},    // from a provider
  };
  for (const auto& row : rows) {
    EXPECT_EQ(relationshipLocalPref(row.local, defaults), row.expected) << roleName(row.local);
    EXPECT_EQ(relationshipLocalPref(row.local, custom), row.expectedCustom) << roleName(row.local);
  }
}

// Valley-free export matrix: rows = where the route came from (our role toward that neighbour;
// unset = our own or iBGP), columns = our role toward the destination, in kRoles order
// (to: customer, rs-client, rs, provider, peer). 1 = exported.
TEST(Roles, ValleyFreeMatrix) {
  struct Row {
    const char* from;
    std::optional<Role> role;
    int exported[5];
  };
  const Row rows[] = {
      {"own/iBGP", std::nullopt, {1, 1, 1, 1, 1}},
      {"customer", Role::kProvider, {1, 1, 1, 1, 1}},
      {"rs-client", Role::kRs, {1, 1, 1, 1, 1}},
      {"rs", Role::kRsClient, {1, 1, 0, 0, 0}},
      {"provider", Role::kCustomer, {1, 1, 0, 0, 0}},
      {"peer", Role::kPeer, {1, 1, 0, 0, 0}},
  };
  for (const auto& row : rows)
    for (size_t to = 0; to < 5; ++to)
      EXPECT_EQ(valleyFreeExport(row.role, kRoles[to]).accepted, row.exported[to] == 1)
          << "from " << row.from << " to the neighbour of local role " << roleName(kRoles[to]);
}

}  // namespace
}  // namespace anycast::bgp::policy
