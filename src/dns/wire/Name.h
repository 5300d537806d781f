// Name: a domain name in wire form (RFC 1035 §3.1): length-prefixed labels ending in the root's
// zero octet, at most 255 octets and 63 per label (§2.3.4). The case of the octets is kept (it
// is echoed to the client) and ignored when names are compared (RFC 4343 §3). Canonical order
// is RFC 4034 §6.1's. Fixed capacity, no heap: names live on the query path's stack.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/Bytes.h"

namespace anycast::dns {

inline constexpr size_t kMaxNameSize = 255;
inline constexpr size_t kMaxLabelSize = 63;
inline constexpr size_t kMaxLabels = 127;  // 127 one-octet labels + the root = 255 octets

// Why a name could not be read.
enum class NameError : uint8_t { kTruncated, kBadLabel, kCompressed, kTooLong };

class Name {
 public:
  Name();  // the root

  // Presentation form ("www.Example.com.", relative names taken as absolute, "." the root;
  // "\." and "\DDD" escapes, RFC 1035 §5.1). nullopt on an empty label or a limit broken.
  static std::optional<Name> fromText(std::string_view text);
  // Reads an uncompressed name at `pos` of `message` and moves `pos` past it. Queries carry no
  // compression pointers (there is nothing before the question to point to), so one is an
  // error here, as are the reserved label types 0b01 and 0b10 (RFC 6891 §5).
  static std::optional<Name> read(ByteSpan message, size_t& pos, NameError* error = nullptr);
  // `wire` must be exactly one well-formed uncompressed name.
  static std::optional<Name> fromWire(ByteSpan wire);

  ByteSpan wire() const { return {wire_.data(), size_}; }
  size_t size() const { return size_; }
  // Labels other than the root; label 0 is the leftmost.
  size_t labelCount() const { return labels_; }
  ByteSpan label(size_t i) const;
  // The name without its `drop` leftmost labels (suffix(labelCount()) is the root).
  ByteSpan suffixWire(size_t drop) const { return wire().subspan(offsets_[drop]); }
  Name suffix(size_t drop) const;
  bool isWildcard() const { return labels_ > 0 && wire_[0] == 1 && wire_[1] == '*'; }
  bool isRoot() const { return labels_ == 0; }
  // True when this name is `ancestor` or below it.
  bool isSubdomainOf(const Name& ancestor) const;
  // "www.example.com." with non-printable octets, '.', '\\' and '"' escaped.
  std::string text() const;

  // Case-insensitive (RFC 4343).
  friend bool operator==(const Name& a, const Name& b);
  // RFC 4034 §6.1: labels compared right to left, each as lowercase octet strings.
  int compareCanonical(const Name& other) const;
  bool operator<(const Name& other) const { return compareCanonical(other) < 0; }

 private:
  bool append(ByteSpan label);  // false when a limit would be broken
  void finish();                // adds the root label

  std::array<uint8_t, kMaxNameSize> wire_;
  std::array<uint8_t, kMaxLabels + 1> offsets_;  // offsets_[labels_] is the root's
  uint8_t size_ = 1;
  uint8_t labels_ = 0;
};

// Case-insensitive equality of two uncompressed wire names (length octets are at most 63, so
// they never look like letters and a byte-wise lowercase compare is exact).
bool equalWireNames(ByteSpan a, ByteSpan b);
// RFC 4034 §6.1 canonical order of two uncompressed wire names (<0, 0, >0).
int compareCanonical(ByteSpan a, ByteSpan b);
// Size of the uncompressed wire name at the start of `wire`, 0 when there is none.
size_t wireNameSize(ByteSpan wire);

}  // namespace anycast::dns
