// OPEN message body codec. RFC 4271 §4.2 (format) and §6.2 (OPEN Message Error handling),
// RFC 5492 (Capabilities optional parameter), RFC 9072 (extended optional parameters length).
#include <string>

#include "bgp/wire/MessageBodies.h"

namespace anycast::bgp {
namespace {

constexpr uint8_t kSupportedVersion = 4;
constexpr uint8_t kCapabilitiesParameter = 2;  // RFC 5492 §4
// RFC 9072 §2: Non-Ext OP Len and Non-Ext OP Type both 255 announce the extended format.
constexpr uint8_t kExtendedMarker = 255;
constexpr size_t kMaxParametersLength = 255;

WireError openError(uint8_t subcode, std::string reason, Bytes data = {}) {
  return WireError{ErrorCode::kOpenMessage, subcode, std::move(data), ErrorAction::kSessionReset,
                   std::move(reason)};
}

// RFC 4271 §6.2 checks on the fixed fields.
Result<Ok, WireError> checkFixedFields(const OpenMessage& open) {
  if (open.version != kSupportedVersion) {
    // "the Data field is a 2-octet unsigned integer, which indicates the largest,
    // locally-supported version number less than the version the remote BGP peer bid ... or if
    // the smallest, locally-supported version number is greater than the version the remote BGP
    // peer bid, then the smallest": both are 4.
    return fail(openError(subcode::kUnsupportedVersionNumber,
                          "version " + std::to_string(open.version), {0, kSupportedVersion}));
  }
  // "An implementation MUST reject Hold Time values of one or two seconds."
  if (open.holdTime == 1 || open.holdTime == 2) {
    return fail(
        openError(subcode::kUnacceptableHoldTime, "hold time " + std::to_string(open.holdTime)));
  }
  // "If the BGP Identifier field of the OPEN message is syntactically incorrect" (RFC 6286 §2.2:
  // any non-zero 4-octet value is valid).
  if (open.bgpIdentifier == 0) return fail(openError(subcode::kBadBgpIdentifier, "identifier 0"));
  return Ok{};
}

// Optional parameters: Type (1), Length (1, or 2 in the RFC 9072 format), Value. Only
// Capabilities is defined; §6.2: "If one of the Optional Parameters in the OPEN message is not
// recognized, then the Error Subcode MUST be set to Unsupported Optional Parameters."
Result<Ok, WireError> decodeParameters(ByteSpan params, bool extended, Capabilities& caps) {
  ByteReader r(params);
  while (!r.empty()) {
    uint8_t type = 0;
    uint16_t length = 0;
    uint8_t shortLength = 0;
    bool headerOk = r.readU8(type) && (extended ? r.readU16(length) : r.readU8(shortLength));
    if (!extended) length = shortLength;
    ByteSpan value;
    if (!headerOk || !r.readSpan(length, value)) {
      return fail(openError(0, "optional parameter overruns the parameters field"));
    }
    if (type != kCapabilitiesParameter) {
      return fail(openError(subcode::kUnsupportedOptionalParameter,
                            "optional parameter type " + std::to_string(type)));
    }
    auto decoded = decodeCapabilities(value, caps);
    if (!decoded) return fail(std::move(decoded.error()));
  }
  return Ok{};
}

}  // namespace

Result<OpenMessage, WireError> decodeOpenBody(ByteSpan body) {
  ByteReader r(body);
  OpenMessage open;
  uint8_t paramsLength = 0;
  if (!r.readU8(open.version) || !r.readU16(open.myAs) || !r.readU16(open.holdTime) ||
      !r.readU32(open.bgpIdentifier) || !r.readU8(paramsLength)) {
    return fail(openError(0, "OPEN shorter than its fixed fields"));
  }
  auto fixed = checkFixedFields(open);
  if (!fixed) return fail(std::move(fixed.error()));

  // RFC 9072 §2: "If the value of the Non-Ext OP Type field is 255 ... then the Extended
  // Optional Parameters Length field ... and the Parameter Length fields are two octets".
  bool extended = paramsLength == kExtendedMarker && !r.empty() && r.rest()[0] == kExtendedMarker;
  size_t length = paramsLength;
  if (extended) {
    uint16_t extendedLength = 0;
    r.skip(1);
    if (!r.readU16(extendedLength)) return fail(openError(0, "truncated extended parameters"));
    length = extendedLength;
  }
  // The parameters must fill the rest of the message exactly (§4.2: the message length is
  // 29 + Optional Parameters Length).
  if (length != r.remaining()) {
    return fail(openError(0, "optional parameters length " + std::to_string(length) + " but " +
                                 std::to_string(r.remaining()) + " octets follow"));
  }
  auto params = decodeParameters(r.rest(), extended, open.capabilities);
  if (!params) return fail(std::move(params.error()));
  return open;
}

// All capabilities go in one Capabilities parameter, one TLV each (as BIRD and FRR send them);
// the RFC 9072 format is used only when that parameter does not fit in 255 octets.
Bytes encodeOpenBody(const OpenMessage& open) {
  ByteWriter w;
  w.putU8(open.version);
  w.putU16(open.myAs);
  w.putU16(open.holdTime);
  w.putU32(open.bgpIdentifier);
  Bytes caps = encodeCapabilities(open.capabilities);
  if (caps.empty()) {
    w.putU8(0);
  } else if (caps.size() + 2 <= kMaxParametersLength) {
    w.putU8(static_cast<uint8_t>(caps.size() + 2));
    w.putU8(kCapabilitiesParameter);
    w.putU8(static_cast<uint8_t>(caps.size()));
  } else {
    w.putU8(kExtendedMarker);
    w.putU8(kExtendedMarker);
    w.putU16(static_cast<uint16_t>(caps.size() + 3));
    w.putU8(kCapabilitiesParameter);
    w.putU16(static_cast<uint16_t>(caps.size()));
  }
  w.putBytes(caps);
  return w.take();
}

}  // namespace anycast::bgp
