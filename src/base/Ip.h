// IpAddress and Prefix: IPv4/IPv6 value types with parsing, formatting and ordering.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace anycast {

enum class Family : uint8_t { kV4 = 4, kV6 = 6 };

class IpAddress {
 public:
  IpAddress() = default;  // 0.0.0.0
  static IpAddress v4(uint32_t hostOrder);
  static IpAddress v4Bytes(const uint8_t* b);   // 4 bytes, network order
  static IpAddress v6Bytes(const uint8_t* b);   // 16 bytes, network order
  static std::optional<IpAddress> parse(std::string_view text);

  Family family() const { return family_; }
  bool isV4() const { return family_ == Family::kV4; }
  bool isV6() const { return family_ == Family::kV6; }
  uint32_t v4HostOrder() const;
  // 4 bytes for IPv4, 16 for IPv6.
  const uint8_t* data() const { return bytes_.data(); }
  size_t size() const { return isV4() ? 4 : 16; }
  bool isUnspecified() const;
  bool isV6LinkLocal() const { return isV6() && bytes_[0] == 0xfe && (bytes_[1] & 0xc0) == 0x80; }
  std::string str() const;

  // Family first, then the address bytes (memcmp: this is on every RIB lookup path).
  std::strong_ordering operator<=>(const IpAddress& other) const;
  bool operator==(const IpAddress& other) const;
  // Hashing for abseil's containers (found by them; needs no abseil header here).
  template <class H>
  friend H AbslHashValue(H h, const IpAddress& a) {
    return H::combine(std::move(h), a.family_, a.bytes_);
  }

 private:
  Family family_ = Family::kV4;
  std::array<uint8_t, 16> bytes_{};
};

class Prefix {
 public:
  Prefix() = default;
  // Host bits beyond `length` are cleared.
  Prefix(IpAddress address, uint8_t length);
  // "192.0.2.0/24", "2001:db8::/32"; a bare address is a host prefix. Rejects host bits set.
  static std::optional<Prefix> parse(std::string_view text);

  const IpAddress& address() const { return address_; }
  uint8_t length() const { return length_; }
  Family family() const { return address_.family(); }
  uint8_t maxLength() const { return address_.isV4() ? 32 : 128; }
  bool contains(const IpAddress& a) const;
  std::string str() const;

  auto operator<=>(const Prefix&) const = default;

 private:
  IpAddress address_;
  uint8_t length_ = 0;
};

// For unordered containers keyed by prefix.
struct PrefixHash {
  size_t operator()(const Prefix& p) const;
};

}  // namespace anycast
