#include "base/Bytes.h"

#include <cctype>

namespace anycast {

bool ByteReader::readU8(uint8_t& out) {
  if (remaining() < 1) return false;
  out = data_[pos_++];
  return true;
}

bool ByteReader::readU16(uint16_t& out) {
  if (remaining() < 2) return false;
  out = static_cast<uint16_t>(data_[pos_] << 8 | data_[pos_ + 1]);
  pos_ += 2;
  return true;
}

bool ByteReader::readU32(uint32_t& out) {
  if (remaining() < 4) return false;
  out = uint32_t(data_[pos_]) << 24 | uint32_t(data_[pos_ + 1]) << 16 |
        uint32_t(data_[pos_ + 2]) << 8 | uint32_t(data_[pos_ + 3]);
  pos_ += 4;
  return true;
}

bool ByteReader::readU64(uint64_t& out) {
  uint32_t hi = 0, lo = 0;
  if (remaining() < 8) return false;
  readU32(hi);
  readU32(lo);
  out = uint64_t(hi) << 32 | lo;
  return true;
}

bool ByteReader::readSpan(size_t n, ByteSpan& out) {
  if (remaining() < n) return false;
  out = data_.subspan(pos_, n);
  pos_ += n;
  return true;
}

bool ByteReader::skip(size_t n) {
  if (remaining() < n) return false;
  pos_ += n;
  return true;
}

void ByteWriter::putU16(uint16_t v) {
  putU8(static_cast<uint8_t>(v >> 8));
  putU8(static_cast<uint8_t>(v));
}

void ByteWriter::putU32(uint32_t v) {
  putU16(static_cast<uint16_t>(v >> 16));
  putU16(static_cast<uint16_t>(v));
}

void ByteWriter::putU64(uint64_t v) {
  putU32(static_cast<uint32_t>(v >> 32));
  putU32(static_cast<uint32_t>(v));
}

void ByteWriter::patchU16(size_t offset, uint16_t v) {
  buf()[offset] = static_cast<uint8_t>(v >> 8);
  buf()[offset + 1] = static_cast<uint8_t>(v);
}

std::string toHex(ByteSpan data, size_t maxBytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  size_t n = data.size() < maxBytes ? data.size() : maxBytes;
  for (size_t i = 0; i < n; ++i) {
    if (i) out += ' ';
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0xf];
  }
  if (n < data.size()) out += " ...";
  return out;
}

Bytes fromHex(const std::string& hex) {
  Bytes out;
  int high = -1;
  for (char c : hex) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    int v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    else return {};
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<uint8_t>(high << 4 | v));
      high = -1;
    }
  }
  if (high >= 0) return {};
  return out;
}

}  // namespace anycast
