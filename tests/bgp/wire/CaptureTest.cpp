// Messages captured from real peers (BIRD 2.0, FRR bgpd, GoBGP 3) by captures/capture.sh: each
// daemon's first OPEN must decode to what its generated config and its known defaults advertise,
// and its UPDATEs must decode to the prefixes it was told to announce.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "bgp/wire/Message.h"

namespace anycast::bgp {
namespace {

std::vector<Bytes> readCapture(const std::string& file) {
  auto path = std::filesystem::path(__FILE__).parent_path() / "captures" / file;
  std::ifstream in(path);
  std::vector<Bytes> messages;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) messages.push_back(fromHex(line));
  }
  return messages;
}

OpenMessage decodeOpen(const std::string& daemon) {
  auto messages = readCapture(daemon + "-open.hex");
  if (messages.size() != 1) {
    ADD_FAILURE() << daemon << "-open.hex missing: run captures/capture.sh";
    return {};
  }
  auto decoded = decodeMessage(messages[0], {});
  if (!decoded.ok()) {
    ADD_FAILURE() << daemon << ": " << decoded.error().reason;
    return {};
  }
  // Re-encoding (our TLV layout) and decoding again gives the same OPEN.
  const auto& open = std::get<OpenMessage>(decoded->message);
  auto again = decodeMessage(encodeMessage(open, {}), {});
  EXPECT_TRUE(again.ok() && again->message == decoded->message) << daemon;
  return open;
}

std::set<uint8_t> unknownCodes(const Capabilities& caps) {
  std::set<uint8_t> codes;
  for (const auto& u : caps.unknown) codes.insert(u.code);
  return codes;
}

const AfiSafi kIpv4Unicast{1, 1};
const AfiSafi kIpv6Unicast{2, 1};

TEST(Capture, BirdOpen) {
  OpenMessage open = decodeOpen("bird");
  const Capabilities& c = open.capabilities;
  EXPECT_EQ(open.myAs, 65001);
  EXPECT_EQ(open.asNumber(), 65001u);
  EXPECT_EQ(open.holdTime, 240);  // BIRD's default
  EXPECT_EQ(open.bgpIdentifier, 0x0a000002u);
  EXPECT_EQ(c.multiprotocol, (std::vector<AfiSafi>{kIpv4Unicast, kIpv6Unicast}));
  EXPECT_TRUE(c.routeRefresh);
  EXPECT_TRUE(c.enhancedRouteRefresh);
  EXPECT_FALSE(c.extendedMessage);
  EXPECT_FALSE(c.role);
  // "graceful restart aware" by default: the capability with its time and no families.
  ASSERT_TRUE(c.gracefulRestart);
  EXPECT_EQ(c.gracefulRestart->restartTime, 120);
  EXPECT_FALSE(c.gracefulRestart->restartState);
  EXPECT_TRUE(c.gracefulRestart->families.empty());
  EXPECT_EQ(unknownCodes(c), (std::set<uint8_t>{71}));  // long-lived graceful restart
}

TEST(Capture, FrrOpen) {
  OpenMessage open = decodeOpen("frr");
  const Capabilities& c = open.capabilities;
  EXPECT_EQ(open.asNumber(), 65002u);
  EXPECT_EQ(open.holdTime, 180);  // FRR's "traditional" default
  EXPECT_EQ(open.bgpIdentifier, 0x0a000003u);
  EXPECT_EQ(c.multiprotocol, (std::vector<AfiSafi>{kIpv4Unicast, kIpv6Unicast}));
  EXPECT_TRUE(c.routeRefresh);
  EXPECT_TRUE(c.enhancedRouteRefresh);
  EXPECT_TRUE(c.extendedMessage);
  ASSERT_TRUE(c.gracefulRestart);
  EXPECT_EQ(c.gracefulRestart->restartTime, 120);
  EXPECT_TRUE(c.gracefulRestart->notification);  // RFC 8538 N bit
  // Old Cisco route refresh, add-path, FQDN, long-lived graceful restart.
  EXPECT_EQ(unknownCodes(c), (std::set<uint8_t>{69, 71, 73, 128}));
}

TEST(Capture, GobgpOpen) {
  OpenMessage open = decodeOpen("gobgp");
  const Capabilities& c = open.capabilities;
  EXPECT_EQ(open.myAs, kAsTrans);  // RFC 6793 §4.2.1: the AS does not fit in 2 octets
  EXPECT_EQ(open.asNumber(), 4200000003u);
  EXPECT_EQ(open.holdTime, 90);
  EXPECT_EQ(open.bgpIdentifier, 0x0a000004u);
  EXPECT_EQ(c.multiprotocol, (std::vector<AfiSafi>{kIpv4Unicast, kIpv6Unicast}));
  EXPECT_TRUE(c.routeRefresh);
  EXPECT_FALSE(c.enhancedRouteRefresh);
  ASSERT_TRUE(c.gracefulRestart);
  EXPECT_EQ(c.gracefulRestart->restartTime, 120);
  EXPECT_EQ(c.gracefulRestart->families,
            (std::vector<GracefulRestart::Family>{{kIpv4Unicast, false}}));
  EXPECT_EQ(unknownCodes(c), (std::set<uint8_t>{5, 73}));  // extended next hop, FQDN
}

struct UpdateCapture {
  const char* daemon;
  std::set<std::string> announced;
};

class CaptureUpdateTest : public ::testing::TestWithParam<UpdateCapture> {};

TEST_P(CaptureUpdateTest, AnnouncesTheConfiguredPrefixes) {
  auto messages = readCapture(std::string(GetParam().daemon) + "-update.hex");
  ASSERT_FALSE(messages.empty()) << "run captures/capture.sh";
  std::set<std::string> announced;
  for (const Bytes& m : messages) {
    auto decoded = decodeMessage(m, {});
    ASSERT_TRUE(decoded.ok()) << decoded.error().reason << " in " << toHex(m, 200);
    EXPECT_FALSE(decoded->treatAsWithdraw);
    const auto& update = std::get<UpdateMessage>(decoded->message);
    for (const Prefix& p : update.nlri) announced.insert(p.str());
    if (update.attributes.mpReach) {
      for (const Prefix& p : update.attributes.mpReach->nlri) announced.insert(p.str());
    }
  }
  EXPECT_EQ(announced, GetParam().announced);
}

INSTANTIATE_TEST_SUITE_P(
    Capture, CaptureUpdateTest,
    ::testing::Values(UpdateCapture{"bird", {"192.0.2.0/24", "2001:db8:1::/48"}},
                      UpdateCapture{"frr", {"198.51.100.0/24", "2001:db8:2::/48"}},
                      UpdateCapture{"gobgp", {"203.0.113.0/24", "2001:db8:3::/48"}}),
    [](const auto& info) { return std::string(info.param.daemon); });

}  // namespace
}  // namespace anycast::bgp
