// The test zone of tests/dns (tests/dns/zones/example.com.zone), loaded once per test.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "dns/zone/ZoneLoader.h"
#include "dns/zone/ZoneSet.h"

namespace anycast::dns::testing {

inline const std::string kExampleZoneFile =
    std::string(ANYCAST_SOURCE_DIR) + "/tests/dns/zones/example.com.zone";

inline Zone loadExampleZone() {
  auto zone = loadZoneFile(kExampleZoneFile, *Name::fromText("example.com."));
  EXPECT_TRUE(zone.ok()) << (zone.ok() ? "" : zone.error().message);
  return std::move(zone.value());
}

inline ZoneSet exampleZones() { return ZoneSet({std::make_shared<const Zone>(loadExampleZone())}); }

}  // namespace anycast::dns::testing
