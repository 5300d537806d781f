// ResponseWriter: message octets with RFC 1035 §4.1.4 name compression, bounded by a limit.
#include "dns/wire/ResponseWriter.h"

#include <algorithm>
#include <cstring>

#include "base/Text.h"
#include "dns/wire/Constants.h"

namespace anycast::dns {
namespace {

constexpr uint16_t kMaxPointer = 0x3fff;

uint8_t lower(uint8_t c) { return static_cast<uint8_t>(strings::asciiLower(static_cast<char>(c))); }

}  // namespace

ResponseWriter::ResponseWriter(std::span<uint8_t> out, size_t limit)
    : out_(out), limit_(std::min(limit, out.size())) {}

void ResponseWriter::rollback(Mark m) {
  size_ = m.size;
  names_ = m.names;
}

bool ResponseWriter::putU16(uint16_t v) {
  if (!room(2)) return false;
  out_[size_++] = static_cast<uint8_t>(v >> 8);
  out_[size_++] = static_cast<uint8_t>(v);
  return true;
}

bool ResponseWriter::putU32(uint32_t v) {
  if (!room(4)) return false;
  putU16(static_cast<uint16_t>(v >> 16));
  return putU16(static_cast<uint16_t>(v));
}

bool ResponseWriter::putBytes(ByteSpan b) {
  if (!room(b.size())) return false;
  if (!b.empty()) std::memcpy(&out_[size_], b.data(), b.size());
  size_ += b.size();
  return true;
}

bool ResponseWriter::reserveU16(size_t& offset) {
  offset = size_;
  return putU16(0);
}

void ResponseWriter::patchU16(size_t offset, uint16_t v) {
  out_[offset] = static_cast<uint8_t>(v >> 8);
  out_[offset + 1] = static_cast<uint8_t>(v);
}

bool ResponseWriter::begin(uint16_t id, uint16_t flags) {
  size_ = 0;
  names_ = 0;
  if (!room(kHeaderSize)) return false;
  std::memset(out_.data(), 0, kHeaderSize);
  patchU16(0, id);
  patchU16(2, flags);
  size_ = kHeaderSize;
  return true;
}

uint16_t ResponseWriter::flags() const { return static_cast<uint16_t>(out_[2] << 8 | out_[3]); }

void ResponseWriter::addCount(Section s, uint16_t n) {
  size_t at = 4 + 2 * static_cast<size_t>(s);
  patchU16(at, static_cast<uint16_t>((out_[at] << 8 | out_[at + 1]) + n));
}

bool ResponseWriter::nameAt(uint16_t offset, ByteSpan suffix) const {
  size_t at = offset, i = 0;
  // Our own message: pointers go backwards, so the walk ends; bound it anyway.
  for (size_t steps = 0; steps < 256; ++steps) {
    uint8_t length = out_[at];
    if ((length & 0xc0) == 0xc0) {
      at = static_cast<size_t>(length & 0x3f) << 8 | out_[at + 1];
      continue;
    }
    if (length != suffix[i]) return false;
    if (length == 0) return true;
    for (size_t k = 1; k <= length; ++k) {
      if (lower(out_[at + k]) != lower(suffix[i + k])) return false;
    }
    at += 1 + length;
    i += 1 + length;
  }
  return false;
}

uint16_t ResponseWriter::findName(ByteSpan suffix) const {
  for (size_t t = 0; t < names_; ++t) {
    if (nameAt(targets_[t], suffix)) return targets_[t];
  }
  return 0;
}

bool ResponseWriter::putName(ByteSpan wire, bool compress, bool target) {
  const Mark start = mark();
  size_t i = 0;
  while (wire[i] != 0) {
    if (compress) {
      if (uint16_t earlier = findName(wire.subspan(i))) {
        if (putU16(static_cast<uint16_t>(0xc000 | earlier))) return true;
        rollback(start);
        return false;
      }
    }
    if (target && size_ <= kMaxPointer && names_ < kMaxTargets) {
      targets_[names_++] = static_cast<uint16_t>(size_);
    }
    size_t label = 1 + wire[i];
    if (!putBytes(wire.subspan(i, label))) {
      rollback(start);
      return false;
    }
    i += label;
  }
  static constexpr uint8_t kRoot[1] = {0};
  if (putBytes(kRoot)) return true;
  rollback(start);
  return false;
}

}  // namespace anycast::dns
