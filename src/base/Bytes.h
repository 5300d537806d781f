// ByteReader / ByteWriter: bounds-checked big-endian (network order) reading and writing.
// A reader never reads past its span: every read reports failure instead of trusting a length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace anycast {

using Bytes = std::vector<uint8_t>;
using ByteSpan = std::span<const uint8_t>;

class ByteReader {
 public:
  explicit ByteReader(ByteSpan data) : data_(data) {}

  size_t remaining() const { return data_.size() - pos_; }
  size_t position() const { return pos_; }
  bool empty() const { return remaining() == 0; }

  // Each read returns false (and consumes nothing) when too few bytes remain.
  bool readU8(uint8_t& out);
  bool readU16(uint16_t& out);
  bool readU32(uint32_t& out);
  bool readU64(uint64_t& out);
  bool readSpan(size_t n, ByteSpan& out);
  bool skip(size_t n);
  // The unread rest, without consuming it.
  ByteSpan rest() const { return data_.subspan(pos_); }

 private:
  ByteSpan data_;
  size_t pos_ = 0;
};

class ByteWriter {
 public:
  ByteWriter() = default;
  explicit ByteWriter(Bytes& out) : external_(&out) {}

  void putU8(uint8_t v) { buf().push_back(v); }
  void putU16(uint16_t v);
  void putU32(uint32_t v);
  void putU64(uint64_t v);
  void putBytes(ByteSpan b) { buf().insert(buf().end(), b.begin(), b.end()); }
  void putString(const std::string& s) { buf().insert(buf().end(), s.begin(), s.end()); }
  // Reserves a 1- or 2-octet length field, returns its offset for patchU8/patchU16 later.
  size_t reserveU8() { putU8(0); return size() - 1; }
  size_t reserveU16() { putU16(0); return size() - 2; }
  void patchU8(size_t offset, uint8_t v) { buf()[offset] = v; }
  void patchU16(size_t offset, uint16_t v);

  size_t size() const { return external_ ? external_->size() : own_.size(); }
  Bytes& bytes() { return buf(); }
  Bytes take() { return std::move(buf()); }

 private:
  Bytes& buf() { return external_ ? *external_ : own_; }
  const Bytes& buf() const { return external_ ? *external_ : own_; }
  Bytes own_;
  Bytes* external_ = nullptr;
};

// "00 01 ff" style hex, for logs and test vectors.
std::string toHex(ByteSpan data, size_t maxBytes = 64);
// Parses hex digits, ignoring spaces; returns empty on a bad digit or odd count.
Bytes fromHex(const std::string& hex);

}  // namespace anycast
