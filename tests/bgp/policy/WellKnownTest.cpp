#include <gtest/gtest.h>

#include "PolicyTestUtil.h"
#include "bgp/policy/WellKnown.h"

namespace anycast::bgp::policy {
namespace {

using test::comm;
using test::pfx;

struct ExportRow {
  const char* name;
  std::vector<uint32_t> communities;
  bool toEbgpReceived;  // exported to an eBGP peer, route learned from a peer
  bool toIbgpReceived;  // exported to an iBGP peer, route learned from a peer
  bool toEbgpOwn;       // exported to an eBGP peer, route we originate
};

// RFC 1997 §2.
const ExportRow kExportRows[] = {
    {"none", {}, true, true, true},
    {"other", {comm(65001, 1)}, true, true, true},
    {"no-export", {comm(65001, 1), community::kNoExport}, false, true, true},
    {"no-export-subconfed", {community::kNoExportSubconfed}, false, true, true},
    {"no-advertise", {community::kNoAdvertise}, false, false, false},
    {"graceful-shutdown", {community::kGracefulShutdown}, true, true, true},
};

TEST(WellKnown, ExportMatrix) {
  for (const auto& row : kExportRows) {
    PathAttributes a = test::makeAttributes({.communities = row.communities});
    EXPECT_EQ(checkWellKnownExport(a, true, false).accepted, row.toEbgpReceived) << row.name;
    EXPECT_EQ(checkWellKnownExport(a, false, false).accepted, row.toIbgpReceived) << row.name;
    EXPECT_EQ(checkWellKnownExport(a, true, true).accepted, row.toEbgpOwn) << row.name;
    EXPECT_TRUE(checkWellKnownExport(a, false, true).accepted ||
                row.communities == std::vector<uint32_t>{community::kNoAdvertise})
        << row.name;
  }
}

struct GshutRow {
  const char* name;
  bool gshut;                          // the route carries GRACEFUL_SHUTDOWN
  bool ebgp;                           // received over eBGP
  std::optional<uint32_t> configured;  // unset: off
  std::optional<uint32_t> localPref;   // after
};

// RFC 8326 §4.2. Routes arrive with LOCAL_PREF 100.
const GshutRow kGshutRows[] = {
    {"ebgp-default-zero", true, true, 0, 0},     {"ebgp-configured", true, true, 10, 10},
    {"ebgp-off", true, true, std::nullopt, 100}, {"ebgp-no-community", false, true, 0, 100},
    {"ibgp-left-alone", true, false, 0, 100},
};

TEST(WellKnown, GracefulShutdownOnImport) {
  for (const auto& row : kGshutRows) {
    PathAttributes in = test::makeAttributes(
        {.communities = row.gshut ? std::vector<uint32_t>{community::kGracefulShutdown}
                                  : std::vector<uint32_t>{},
         .localPref = 100});
    Prefix prefix = pfx("192.0.2.0/24");
    PolicyRoute route(prefix, in);
    applyGracefulShutdown(row.configured, row.ebgp, route);
    EXPECT_EQ(route.attributes.get().localPref, row.localPref) << row.name;
    EXPECT_EQ(route.attributes.modified(), row.localPref != 100u) << row.name;
  }
}

}  // namespace
}  // namespace anycast::bgp::policy
