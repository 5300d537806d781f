#include "base/Ip.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace anycast {

IpAddress IpAddress::v4(uint32_t hostOrder) {
  IpAddress a;
  a.family_ = Family::kV4;
  a.bytes_[0] = static_cast<uint8_t>(hostOrder >> 24);
  a.bytes_[1] = static_cast<uint8_t>(hostOrder >> 16);
  a.bytes_[2] = static_cast<uint8_t>(hostOrder >> 8);
  a.bytes_[3] = static_cast<uint8_t>(hostOrder);
  return a;
}

IpAddress IpAddress::v4Bytes(const uint8_t* b) {
  IpAddress a;
  a.family_ = Family::kV4;
  std::memcpy(a.bytes_.data(), b, 4);
  return a;
}

IpAddress IpAddress::v6Bytes(const uint8_t* b) {
  IpAddress a;
  a.family_ = Family::kV6;
  std::memcpy(a.bytes_.data(), b, 16);
  return a;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  std::string s(text);
  uint8_t buf[16];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) return v4Bytes(buf);
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) return v6Bytes(buf);
  return std::nullopt;
}

uint32_t IpAddress::v4HostOrder() const {
  return uint32_t(bytes_[0]) << 24 | uint32_t(bytes_[1]) << 16 | uint32_t(bytes_[2]) << 8 |
         bytes_[3];
}

bool IpAddress::isUnspecified() const {
  for (size_t i = 0; i < size(); ++i)
    if (bytes_[i]) return false;
  return true;
}

std::strong_ordering IpAddress::operator<=>(const IpAddress& other) const {
  if (family_ != other.family_) return family_ <=> other.family_;
  int c = std::memcmp(bytes_.data(), other.bytes_.data(), size());
  return c < 0 ? std::strong_ordering::less
               : c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal;
}

bool IpAddress::operator==(const IpAddress& other) const {
  return family_ == other.family_ && std::memcmp(bytes_.data(), other.bytes_.data(), size()) == 0;
}

std::string IpAddress::str() const {
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(isV4() ? AF_INET : AF_INET6, bytes_.data(), buf, sizeof buf);
  return buf;
}

Prefix::Prefix(IpAddress address, uint8_t length) : address_(address), length_(length) {
  if (length_ > maxLength()) length_ = maxLength();
  uint8_t bytes[16];
  std::memcpy(bytes, address.data(), address.size());
  for (size_t i = 0; i < address.size(); ++i) {
    int bitsHere = int(length_) - int(i * 8);
    if (bitsHere >= 8) continue;
    bytes[i] &= bitsHere <= 0 ? 0 : static_cast<uint8_t>(0xff << (8 - bitsHere));
  }
  address_ = address.isV4() ? IpAddress::v4Bytes(bytes) : IpAddress::v6Bytes(bytes);
}

std::optional<Prefix> Prefix::parse(std::string_view text) {
  auto slash = text.find('/');
  auto addr = IpAddress::parse(text.substr(0, slash));
  if (!addr) return std::nullopt;
  unsigned len = addr->isV4() ? 32 : 128;
  if (slash != std::string_view::npos) {
    auto lenText = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(lenText.data(), lenText.data() + lenText.size(), len);
    if (ec != std::errc() || end != lenText.data() + lenText.size() || lenText.empty())
      return std::nullopt;
    if (len > (addr->isV4() ? 32u : 128u)) return std::nullopt;
  }
  Prefix p(*addr, static_cast<uint8_t>(len));
  if (p.address() != *addr) return std::nullopt;  // host bits set: almost always a typo
  return p;
}

bool Prefix::contains(const IpAddress& a) const {
  if (a.family() != family()) return false;
  return Prefix(a, length_).address() == address_;
}

size_t PrefixHash::operator()(const Prefix& p) const {
  uint64_t words[2] = {0, 0};
  std::memcpy(words, p.address().data(), p.address().size());
  uint64_t h = words[0] * 0x9E3779B97F4A7C15ull ^ (words[1] + p.length()) * 0xC2B2AE3D27D4EB4Full;
  return static_cast<size_t>(h ^ (h >> 29));
}

std::string Prefix::str() const { return address_.str() + "/" + std::to_string(length_); }

}  // namespace anycast
