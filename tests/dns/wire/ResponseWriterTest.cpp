// ResponseWriter: byte-exact RFC 1035 §4.1.4 compression, the limit and rollback.
#include <gtest/gtest.h>

#include <array>

#include "dns/wire/Name.h"
#include "dns/wire/ResponseWriter.h"

namespace anycast::dns {
namespace {

Bytes wire(const std::string& text) {
  auto n = Name::fromText(text);
  return Bytes(n->wire().begin(), n->wire().end());
}

TEST(ResponseWriterTest, CompressesSuffixesCaseInsensitively) {
  std::array<uint8_t, 512> out{};
  ResponseWriter w(out, out.size());
  ASSERT_TRUE(w.begin(0xabcd, 0x8400));
  ASSERT_TRUE(w.putName(wire("www.Example.com."), false));  // offset 12, "example" at 16
  ASSERT_TRUE(w.putName(wire("mail.EXAMPLE.com.")));        // 29: mail + pointer to 16
  ASSERT_TRUE(w.putName(wire("www.example.com.")));         // 36: pointer to 12
  ASSERT_TRUE(w.putName(wire("a.mail.example.com.")));      // 38: a + pointer to 29
  ASSERT_TRUE(w.putName(wire("org.")));                     // no match
  ASSERT_TRUE(w.putName(wire(".")));
  w.addCount(Section::kAnswer, 3);
  EXPECT_EQ(toHex({out.data(), w.size()}, 200),
            toHex(fromHex("abcd 8400 0000 0003 0000 0000"
                          "03 777777 07 4578616d706c65 03 636f6d 00"
                          "04 6d61696c c010"
                          "c00c"
                          "01 61 c01d"
                          "03 6f7267 00"
                          "00"),
                  200));
}

TEST(ResponseWriterTest, NeverPassesTheLimitAndRollsBack) {
  std::array<uint8_t, 64> out{};
  ResponseWriter w(out, 20);
  ASSERT_TRUE(w.begin(1, 0));
  auto mark = w.mark();
  EXPECT_TRUE(w.putU32(7));
  EXPECT_FALSE(w.putName(wire("example.com.")));  // 13 octets, 4 left
  EXPECT_EQ(w.size(), 16u);
  EXPECT_TRUE(w.putU32(8));
  EXPECT_FALSE(w.putU16(9));
  EXPECT_EQ(w.size(), 20u);
  w.rollback(mark);
  EXPECT_EQ(w.size(), 12u);
  w.reserve(4);
  EXPECT_FALSE(w.putU32(1) && w.putU32(2));
  w.release(4);
  EXPECT_LE(w.size(), 20u);
}

TEST(ResponseWriterTest, RolledBackNamesAreNoTargets) {
  std::array<uint8_t, 128> out{};
  ResponseWriter w(out, out.size());
  ASSERT_TRUE(w.begin(1, 0));
  auto mark = w.mark();
  ASSERT_TRUE(w.putName(wire("example.com.")));
  w.rollback(mark);
  ASSERT_TRUE(w.putU16(0));
  ASSERT_TRUE(w.putName(wire("example.com.")));  // written again in full, not a pointer to 12
  EXPECT_EQ(w.size(), 12u + 2 + 13);
}

}  // namespace
}  // namespace anycast::dns
