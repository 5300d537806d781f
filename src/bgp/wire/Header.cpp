#include "bgp/wire/Header.h"

namespace anycast::bgp {

Bytes withHeader(MessageType type, ByteSpan body) {
  Bytes out;
  out.reserve(kHeaderSize + body.size());
  out.assign(16, 0xff);  // RFC 4271 §4.1: marker, all ones
  ByteWriter w(out);
  w.putU16(static_cast<uint16_t>(kHeaderSize + body.size()));
  w.putU8(static_cast<uint8_t>(type));
  w.putBytes(body);
  return out;
}

}  // namespace anycast::bgp
