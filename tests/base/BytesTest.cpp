#include "base/Bytes.h"

#include <gtest/gtest.h>

#include "base/Result.h"

namespace anycast {
namespace {

TEST(ByteReader, ReadsBigEndianAndNeverOverruns) {
  Bytes data = fromHex("01 02 03 04 05 06 07");
  ByteReader r(data);
  uint8_t u8;
  uint16_t u16;
  uint32_t u32;
  ASSERT_TRUE(r.readU8(u8));
  EXPECT_EQ(u8, 1);
  ASSERT_TRUE(r.readU16(u16));
  EXPECT_EQ(u16, 0x0203);
  ASSERT_TRUE(r.readU32(u32));
  EXPECT_EQ(u32, 0x04050607u);
  EXPECT_TRUE(r.empty());
  EXPECT_FALSE(r.readU8(u8));
  ByteSpan s;
  EXPECT_FALSE(r.readSpan(1, s));
}

TEST(ByteReader, FailedReadConsumesNothing) {
  Bytes data = fromHex("aa bb cc");
  ByteReader r(data);
  uint32_t u32;
  EXPECT_FALSE(r.readU32(u32));
  EXPECT_EQ(r.position(), 0u);
  EXPECT_FALSE(r.skip(4));
  EXPECT_TRUE(r.skip(3));
}

TEST(ByteWriter, WritesAndPatchesLengths) {
  ByteWriter w;
  w.putU8(0x01);
  size_t at = w.reserveU16();
  w.putU32(0xdeadbeef);
  w.patchU16(at, 4);
  EXPECT_EQ(toHex(w.bytes()), "01 00 04 de ad be ef");
}

TEST(Hex, RoundTripsAndRejectsBadDigits) {
  EXPECT_EQ(toHex(fromHex("00ff10")), "00 ff 10");
  EXPECT_TRUE(fromHex("0g").empty());
  EXPECT_TRUE(fromHex("abc").empty());
  Bytes big(100, 0xab);
  EXPECT_NE(toHex(big, 4).find("..."), std::string::npos);
}

TEST(Result, HoldsValueOrError) {
  Result<int> good = 5;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 5);
  Result<int> bad = failWith("nope");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "nope");
}

}  // namespace
}  // namespace anycast
