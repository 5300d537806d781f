// ResponseWriter: builds a DNS message in a caller's buffer, never past a limit: the header
// (RFC 1035 §4.1.1), names with compression (§4.1.4) through a fixed table on the stack, and
// marks to roll a partly written RRset back (RFC 2181 §9: whole RRsets or none). What goes in
// the message — which RRsets, OPT, TC — is the caller's; this is the octet layer.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "base/Bytes.h"

namespace anycast::dns {

enum class Section : uint8_t { kQuestion, kAnswer, kAuthority, kAdditional };

class ResponseWriter {
 public:
  // Writes into `out`, at most `limit` octets (clamped to out.size()).
  ResponseWriter(std::span<uint8_t> out, size_t limit);

  // Where the message stands; rollback() forgets everything written after it.
  struct Mark {
    size_t size;
    size_t names;
  };
  Mark mark() const { return {size_, names_}; }
  void rollback(Mark m);

  // Each put returns false, writing nothing, when the octets would pass the limit.
  bool putU16(uint16_t v);
  bool putU32(uint32_t v);
  bool putBytes(ByteSpan b);
  // An uncompressed wire name, written as a pointer to an earlier copy of its longest known
  // suffix when `compress`; its new suffixes become compression targets when `target`.
  bool putName(ByteSpan wire, bool compress = true, bool target = true);
  // A pointer to offset 12: the question's name (RFC 1035 §4.1.4).
  bool putQuestionNamePointer() { return putU16(0xc00c); }

  // A 16-bit field to fill in later (an RDLENGTH): its offset, false when out of room.
  bool reserveU16(size_t& offset);
  void patchU16(size_t offset, uint16_t v);

  // Keeps `octets` free at the end (for the OPT record) until released.
  void reserve(size_t octets) { limit_ -= octets <= limit_ ? octets : limit_; }
  void release(size_t octets) { limit_ += octets; }

  // Header words 0-1 and the section counts (the header's 12 octets are written by begin()).
  bool begin(uint16_t id, uint16_t flags);
  void setFlags(uint16_t flags) { patchU16(2, flags); }
  uint16_t flags() const;
  void addCount(Section s, uint16_t n);

  size_t size() const { return size_; }
  size_t limit() const { return limit_; }

 private:
  bool room(size_t n) const { return n <= limit_ - size_; }
  // Offset of an earlier name equal (case-insensitively) to `suffix`, or 0.
  uint16_t findName(ByteSpan suffix) const;
  bool nameAt(uint16_t offset, ByteSpan suffix) const;

  static constexpr size_t kMaxTargets = 96;
  std::span<uint8_t> out_;
  size_t limit_;
  size_t size_ = 0;
  // Offsets of names written uncompressed (each label start is a target); 14 bits each.
  std::array<uint16_t, kMaxTargets> targets_;
  size_t names_ = 0;
};

}  // namespace anycast::dns
