// AttributeCodec: the path attribute descriptor table (after BIRD's bgp_attr_table[]) and the
// path attribute list codec built on it.
// RFC 4271 §4.3, §5, §6.3 (attributes, flags, errors), RFC 7606 §3-§7 (error actions),
// RFC 6793 §4.2 (AS4_PATH, AS4_AGGREGATOR), RFC 1997 / RFC 4360 / RFC 8092 (communities),
// RFC 4456 §8 + RFC 7606 §7.9-§7.10 (ORIGINATOR_ID, CLUSTER_LIST),
// RFC 4760 + RFC 2545 (MP_REACH_NLRI, MP_UNREACH_NLRI), RFC 9234 §5 (ONLY_TO_CUSTOMER).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "base/Bytes.h"
#include "base/Ip.h"
#include "base/Result.h"
#include "bgp/wire/CodecOptions.h"
#include "bgp/wire/PathAttributes.h"
#include "bgp/wire/UpdateMessage.h"
#include "bgp/wire/WireError.h"

namespace anycast::bgp {

// What an attribute decoder found wrong. The descriptor's RFC 7606 action applies.
struct AttributeFault {
  uint8_t subcode = subcode::kAttributeLengthError;
  std::string reason;
};

struct AttributeDecodeContext;  // decoding state shared by the attributes of one UPDATE

constexpr int kAnyLength = -1;

struct AttributeDescriptor {
  uint8_t type;
  const char* name;
  uint8_t flags;        // the Optional and Transitive bits the attribute must carry
  ErrorAction onError;  // RFC 7606 action when the attribute is malformed (flags, length, value)
  int length;           // the only valid value length, or kAnyLength
  size_t unit;          // when non-zero: the value length must be a non-zero multiple of it
  // Decodes a value whose flags and length rules hold into the context's attributes.
  std::optional<AttributeFault> (*decode)(ByteSpan value, AttributeDecodeContext& ctx);
  // Writes the value; returns false, having written nothing, when the attribute is absent.
  bool (*encode)(const PathAttributes& a, const CodecOptions& options, ByteWriter& w);
};

// The descriptors, in type-code order.
std::span<const AttributeDescriptor> attributeTable();
// nullptr for a type code we do not interpret.
const AttributeDescriptor* findAttribute(uint8_t type);

// Decodes the Path Attributes field into out.update.attributes. Treat-as-withdraw and
// attribute-discard errors are recorded in `out`; a session-reset error is returned.
Result<Ok, WireError> decodeAttributes(ByteSpan data, const CodecOptions& options,
                                       DecodedUpdate& out);

// Writes the attributes whose type code is in [first, last], in type-code order, unknown
// optional transitive ones with the Partial bit (RFC 4271 §5) and other unknown ones dropped.
void encodeAttributes(const PathAttributes& a, const CodecOptions& options, ByteWriter& w,
                      uint8_t first = 0, uint8_t last = 255);

// An attribute written in two steps: begin writes the header, end fills in the length and
// switches to the Extended Length form when the value exceeds 255 octets.
size_t beginAttribute(ByteWriter& w, uint8_t flags, uint8_t type);
void endAttribute(ByteWriter& w, size_t start);

// MP_REACH_NLRI / MP_UNREACH_NLRI values (RFC 4760 §3, §4) for the given prefixes; `reach`
// supplies AFI, SAFI and next hop(s), its own nlri is ignored.
void writeMpReachValue(ByteWriter& w, const MpReach& reach, std::span<const Prefix> nlri);
void writeMpUnreachValue(ByteWriter& w, uint16_t afi, uint8_t safi,
                         std::span<const Prefix> withdrawn);

}  // namespace anycast::bgp
