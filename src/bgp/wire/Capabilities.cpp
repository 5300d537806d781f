// Capabilities optional parameter codec. RFC 5492 (capability TLVs), RFC 4760 §8 (multiprotocol),
// RFC 2918 (route refresh), RFC 8654 (extended message), RFC 9234 §4.1 (BGP role),
// RFC 4724 §3 + RFC 8538 (graceful restart), RFC 6793 (4-octet AS), RFC 7313 (enhanced refresh).
//
// One descriptor per capability we speak: its decoder and its encoder. Encoding walks the table,
// so capabilities go out in capability-code order, each as its own TLV.
//
// A capability we know whose value has the wrong length is "recognized, but malformed": RFC 4271
// §6.2 says OPEN Message Error with subcode 0 (Unspecific) for such an optional parameter, and RFC
// 5492 defines nothing more specific, so that is what we send (the data field is empty).
#include <algorithm>
#include <iterator>
#include <optional>

#include "bgp/wire/MessageBodies.h"

namespace anycast::bgp {
namespace {

WireError malformed(uint8_t code, std::string what) {
  return WireError{ErrorCode::kOpenMessage,
                   0,
                   {},
                   ErrorAction::kSessionReset,
                   "capability " + std::to_string(code) + ": " + std::move(what)};
}

// RFC 4724 §3: the Restart Flags are the top 4 bits of the 16-bit field, R is the most
// significant; RFC 8538 §2 makes the next one N. The per-family flags octet carries F in its top
// bit. Other bits are reserved and dropped.
constexpr uint16_t kRestartStateBit = 0x8000;
constexpr uint16_t kNotificationBit = 0x4000;
constexpr uint16_t kRestartTimeMask = 0x0fff;
constexpr uint8_t kForwardingBit = 0x80;

// A decoder reads the whole value from `r` (the caller checks nothing is left over) and returns
// false when a read fails. It may also return an error of its own in `error`.
using Decoder = bool (*)(ByteReader& r, Capabilities& caps, std::optional<WireError>& error);
using Encoder = void (*)(const Capabilities& caps, ByteWriter& tlv, uint8_t code);

void putTlv(ByteWriter& w, uint8_t code, ByteSpan value) {
  w.putU8(code);
  w.putU8(static_cast<uint8_t>(value.size()));
  w.putBytes(value);
}

// RFC 4760 §8: AFI (2), Reserved (1), SAFI (1).
bool decodeMultiprotocol(ByteReader& r, Capabilities& caps, std::optional<WireError>&) {
  AfiSafi family;
  uint8_t reserved = 0;
  if (!r.readU16(family.afi) || !r.readU8(reserved) || !r.readU8(family.safi)) return false;
  if (std::find(caps.multiprotocol.begin(), caps.multiprotocol.end(), family) ==
      caps.multiprotocol.end()) {
    caps.multiprotocol.push_back(family);
  }
  return true;
}
void encodeMultiprotocol(const Capabilities& caps, ByteWriter& w, uint8_t code) {
  for (const AfiSafi& f : caps.multiprotocol) {
    const uint8_t value[] = {static_cast<uint8_t>(f.afi >> 8), static_cast<uint8_t>(f.afi), 0,
                             f.safi};
    putTlv(w, code, value);
  }
}

// RFC 2918, RFC 8654, RFC 7313: capabilities with no value, present or not.
template <bool Capabilities::*flag>
bool decodeFlag(ByteReader&, Capabilities& caps, std::optional<WireError>&) {
  caps.*flag = true;
  return true;
}
template <bool Capabilities::*flag>
void encodeFlag(const Capabilities& caps, ByteWriter& w, uint8_t code) {
  if (caps.*flag) putTlv(w, code, {});
}

// RFC 9234 §4.1: one octet. Values we do not know are kept as they are: they match no role, so
// the policy layer's role check rejects them. §4.2: "If multiple BGP Role Capabilities are
// received and not all of them have the same value, then the BGP speaker MUST reject the
// connection using the Role Mismatch Notification".
bool decodeRole(ByteReader& r, Capabilities& caps, std::optional<WireError>& error) {
  uint8_t value = 0;
  if (!r.readU8(value)) return false;
  auto role = static_cast<Role>(value);
  if (caps.role && *caps.role != role) {
    error = WireError{ErrorCode::kOpenMessage,
                      subcode::kRoleMismatch,
                      {},
                      ErrorAction::kSessionReset,
                      "BGP Role capabilities disagree"};
  }
  caps.role = role;
  return true;
}
void encodeRole(const Capabilities& caps, ByteWriter& w, uint8_t code) {
  if (!caps.role) return;
  const uint8_t value[] = {static_cast<uint8_t>(*caps.role)};
  putTlv(w, code, value);
}

// RFC 4724 §3: Restart Flags (4 bits) + Restart Time (12 bits), then per AFI/SAFI: AFI (2),
// SAFI (1), Flags for Address Family (1). A repeated capability replaces the earlier one.
bool decodeGracefulRestart(ByteReader& r, Capabilities& caps, std::optional<WireError>&) {
  uint16_t flagsAndTime = 0;
  if (!r.readU16(flagsAndTime) || r.remaining() % 4 != 0) return false;
  GracefulRestart gr;
  gr.restartState = flagsAndTime & kRestartStateBit;
  gr.notification = flagsAndTime & kNotificationBit;
  gr.restartTime = flagsAndTime & kRestartTimeMask;
  while (!r.empty()) {
    GracefulRestart::Family family;
    uint8_t flags = 0;
    if (!r.readU16(family.afiSafi.afi) || !r.readU8(family.afiSafi.safi) || !r.readU8(flags)) {
      return false;
    }
    family.forwardingPreserved = flags & kForwardingBit;
    gr.families.push_back(family);
  }
  caps.gracefulRestart = std::move(gr);
  return true;
}
void encodeGracefulRestart(const Capabilities& caps, ByteWriter& w, uint8_t code) {
  if (!caps.gracefulRestart) return;
  const GracefulRestart& gr = *caps.gracefulRestart;
  ByteWriter value;
  value.putU16(static_cast<uint16_t>((gr.restartState ? kRestartStateBit : 0) |
                                     (gr.notification ? kNotificationBit : 0) |
                                     (gr.restartTime & kRestartTimeMask)));
  for (const GracefulRestart::Family& f : gr.families) {
    value.putU16(f.afiSafi.afi);
    value.putU8(f.afiSafi.safi);
    value.putU8(f.forwardingPreserved ? kForwardingBit : 0);
  }
  putTlv(w, code, value.bytes());
}

// RFC 6793 §3: the speaker's 4-octet AS number.
bool decodeFourOctetAs(ByteReader& r, Capabilities& caps, std::optional<WireError>&) {
  uint32_t as = 0;
  if (!r.readU32(as)) return false;
  caps.fourOctetAs = as;
  return true;
}
void encodeFourOctetAs(const Capabilities& caps, ByteWriter& w, uint8_t code) {
  if (!caps.fourOctetAs) return;
  ByteWriter value;
  value.putU32(*caps.fourOctetAs);
  putTlv(w, code, value.bytes());
}

struct CapabilityCodec {
  uint8_t code;
  Decoder decode;
  Encoder encode;
};

// In capability-code order: the encoding order.
constexpr CapabilityCodec kCodecs[] = {
    {cap::kMultiprotocol, decodeMultiprotocol, encodeMultiprotocol},
    {cap::kRouteRefresh, decodeFlag<&Capabilities::routeRefresh>,
     encodeFlag<&Capabilities::routeRefresh>},
    {cap::kExtendedMessage, decodeFlag<&Capabilities::extendedMessage>,
     encodeFlag<&Capabilities::extendedMessage>},
    {cap::kRole, decodeRole, encodeRole},
    {cap::kGracefulRestart, decodeGracefulRestart, encodeGracefulRestart},
    {cap::kFourOctetAs, decodeFourOctetAs, encodeFourOctetAs},
    {cap::kEnhancedRouteRefresh, decodeFlag<&Capabilities::enhancedRouteRefresh>,
     encodeFlag<&Capabilities::enhancedRouteRefresh>},
};

const CapabilityCodec* findCodec(uint8_t code) {
  auto it = std::find_if(std::begin(kCodecs), std::end(kCodecs),
                         [&](const CapabilityCodec& c) { return c.code == code; });
  return it == std::end(kCodecs) ? nullptr : it;
}

}  // namespace

// RFC 5492 §4: Capability Code (1), Capability Length (1), Capability Value.
Result<Ok, WireError> decodeCapabilities(ByteSpan value, Capabilities& caps) {
  ByteReader r(value);
  while (!r.empty()) {
    uint8_t code = 0;
    uint8_t length = 0;
    ByteSpan body;
    if (!r.readU8(code) || !r.readU8(length) || !r.readSpan(length, body)) {
      return fail(malformed(code, "overruns its optional parameter"));
    }
    const CapabilityCodec* codec = findCodec(code);
    if (!codec) {
      // RFC 5492 §3: "a BGP speaker ... MUST ignore capabilities it does not understand".
      caps.unknown.push_back(UnknownCapability{code, Bytes(body.begin(), body.end())});
      continue;
    }
    ByteReader valueReader(body);
    std::optional<WireError> error;
    if (!codec->decode(valueReader, caps, error) || !valueReader.empty()) {
      return fail(malformed(code, "bad length " + std::to_string(length)));
    }
    if (error) return fail(std::move(*error));
  }
  return Ok{};
}

// Values of unknown capabilities longer than 255 octets cannot be encoded and are cut there.
Bytes encodeCapabilities(const Capabilities& caps) {
  ByteWriter w;
  for (const CapabilityCodec& codec : kCodecs) codec.encode(caps, w, codec.code);
  for (const UnknownCapability& u : caps.unknown) {
    putTlv(w, u.code, ByteSpan(u.value).first(std::min<size_t>(u.value.size(), 255)));
  }
  return w.take();
}

}  // namespace anycast::bgp
