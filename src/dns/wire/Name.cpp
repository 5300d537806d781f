// Name: wire-form domain names (RFC 1035 §3.1, §5.1 text form, RFC 4343 case, RFC 4034 §6.1
// canonical order).
#include "dns/wire/Name.h"

#include <algorithm>
#include <cstring>

#include "base/Text.h"

namespace anycast::dns {
namespace {

uint8_t lower(uint8_t c) { return static_cast<uint8_t>(strings::asciiLower(static_cast<char>(c))); }

int compareLabels(ByteSpan a, ByteSpan b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    uint8_t x = lower(a[i]), y = lower(b[i]);
    if (x != y) return x < y ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;  // "absence of an octet sorts before a zero value octet"
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Name::Name() {
  wire_[0] = 0;
  offsets_[0] = 0;
}

bool Name::append(ByteSpan label) {
  if (label.empty() || label.size() > kMaxLabelSize) return false;
  if (labels_ >= kMaxLabels || size_ + label.size() + 1 > kMaxNameSize) return false;
  size_t at = size_ - 1;  // over the root octet
  offsets_[labels_++] = static_cast<uint8_t>(at);
  wire_[at] = static_cast<uint8_t>(label.size());
  std::memcpy(&wire_[at + 1], label.data(), label.size());
  size_ = static_cast<uint8_t>(at + 1 + label.size() + 1);
  finish();
  return true;
}

void Name::finish() {
  wire_[size_ - 1] = 0;
  offsets_[labels_] = static_cast<uint8_t>(size_ - 1);
}

std::optional<Name> Name::fromText(std::string_view text) {
  Name name;
  if (text == ".") return name;
  if (text.empty() || text.front() == '.') return std::nullopt;
  std::array<uint8_t, kMaxLabelSize + 1> label;
  size_t length = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '.') {
      if (i == text.size() && length == 0) break;  // the final dot of an absolute name
      if (!name.append({label.data(), length})) return std::nullopt;
      length = 0;
      continue;
    }
    uint8_t octet = static_cast<uint8_t>(text[i]);
    if (text[i] == '\\') {
      if (i + 1 >= text.size()) return std::nullopt;
      if (isDigit(text[i + 1])) {
        if (i + 3 >= text.size() || !isDigit(text[i + 2]) || !isDigit(text[i + 3])) {
          return std::nullopt;
        }
        int value = (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
        if (value > 255) return std::nullopt;
        octet = static_cast<uint8_t>(value);
        i += 3;
      } else {
        octet = static_cast<uint8_t>(text[++i]);
      }
    }
    if (length == label.size()) return std::nullopt;
    label[length++] = octet;
  }
  return name;
}

std::optional<Name> Name::read(ByteSpan message, size_t& pos, NameError* error) {
  auto failWith = [&](NameError e) -> std::optional<Name> {
    if (error) *error = e;
    return std::nullopt;
  };
  Name name;
  size_t at = pos;
  for (;;) {
    if (at >= message.size()) return failWith(NameError::kTruncated);
    uint8_t length = message[at];
    if (length == 0) break;
    if ((length & 0xc0) == 0xc0) return failWith(NameError::kCompressed);
    if (length & 0xc0) return failWith(NameError::kBadLabel);  // 0b01, 0b10: RFC 6891 §5
    if (at + 1 + length > message.size()) return failWith(NameError::kTruncated);
    if (!name.append(message.subspan(at + 1, length))) return failWith(NameError::kTooLong);
    at += 1 + length;
  }
  pos = at + 1;
  return name;
}

std::optional<Name> Name::fromWire(ByteSpan wire) {
  size_t pos = 0;
  auto name = read(wire, pos);
  if (!name || pos != wire.size()) return std::nullopt;
  return name;
}

ByteSpan Name::label(size_t i) const { return {&wire_[offsets_[i] + 1], wire_[offsets_[i]]}; }

Name Name::suffix(size_t drop) const {
  Name out;
  for (size_t i = drop; i < labels_; ++i) out.append(label(i));
  return out;
}

bool Name::isSubdomainOf(const Name& ancestor) const {
  if (ancestor.labels_ > labels_) return false;
  return equalWireNames(suffixWire(labels_ - ancestor.labels_), ancestor.wire());
}

std::string Name::text() const {
  if (labels_ == 0) return ".";
  std::string out;
  for (size_t i = 0; i < labels_; ++i) {
    for (uint8_t c : label(i)) {
      if (c == '.' || c == '\\' || c == '"') {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c <= ' ' || c >= 0x7f) {
        char buf[5] = {'\\', static_cast<char>('0' + c / 100), static_cast<char>('0' + c / 10 % 10),
                       static_cast<char>('0' + c % 10), 0};
        out += buf;
      } else {
        out += static_cast<char>(c);
      }
    }
    out += '.';
  }
  return out;
}

bool operator==(const Name& a, const Name& b) { return equalWireNames(a.wire(), b.wire()); }

int Name::compareCanonical(const Name& other) const {
  return dns::compareCanonical(wire(), other.wire());
}

bool equalWireNames(ByteSpan a, ByteSpan b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

int compareCanonical(ByteSpan a, ByteSpan b) {
  // Label starts of each name, so that labels can be compared from the right.
  std::array<uint8_t, kMaxLabels + 1> startsA, startsB;
  auto labelStarts = [](ByteSpan wire, std::array<uint8_t, kMaxLabels + 1>& starts) {
    size_t n = 0;
    for (size_t at = 0; at < wire.size() && wire[at] != 0 && n < starts.size();
         at += 1 + wire[at]) {
      starts[n++] = static_cast<uint8_t>(at);
    }
    return n;
  };
  size_t i = labelStarts(a, startsA), j = labelStarts(b, startsB);
  while (i > 0 && j > 0) {
    size_t x = startsA[--i], y = startsB[--j];
    int c = compareLabels(a.subspan(x + 1, a[x]), b.subspan(y + 1, b[y]));
    if (c != 0) return c;
  }
  if (i == j) return 0;
  return i < j ? -1 : 1;  // the ancestor sorts first
}

size_t wireNameSize(ByteSpan wire) {
  size_t pos = 0;
  return Name::read(wire, pos) ? pos : 0;
}

}  // namespace anycast::dns
