// UPDATE message body codec. RFC 4271 §4.3 and §6.3, RFC 4760 (MP_REACH/MP_UNREACH NLRI),
// RFC 7606 (revised error handling), RFC 6793 (2-octet peers: AS4_PATH/AS4_AGGREGATOR).
#pragma once

#include <optional>
#include <vector>

#include "base/Bytes.h"
#include "base/Ip.h"
#include "base/Result.h"
#include "bgp/wire/CodecOptions.h"
#include "bgp/wire/PathAttributes.h"
#include "bgp/wire/WireError.h"

namespace anycast::bgp {

struct UpdateMessage {
  std::vector<Prefix> withdrawn;  // IPv4 withdrawn routes field
  PathAttributes attributes;      // IPv6 reach/unreach are in attributes.mpReach/mpUnreach
  std::vector<Prefix> nlri;       // IPv4 NLRI field
  bool operator==(const UpdateMessage&) const = default;
  // RFC 4724 §2: an UPDATE with nothing in it (or an empty MP_UNREACH) is End-of-RIB.
  bool isEndOfRib() const;
};

struct DecodedUpdate {
  UpdateMessage update;
  // Set when RFC 7606 says treat-as-withdraw: every prefix in the UPDATE (NLRI and MP_REACH)
  // is to be handled as withdrawn; update.withdrawn / mpUnreach already include them.
  std::optional<WireError> treatAsWithdraw;
  // Attributes dropped under attribute-discard (each names the attribute in its reason).
  std::vector<WireError> discarded;
};

// Decodes the body of an UPDATE (the bytes after the 19-octet header). A session-reset error is
// returned as the error; lesser errors come back inside DecodedUpdate.
Result<DecodedUpdate, WireError> decodeUpdate(ByteSpan body, const CodecOptions& options);

// Encodes one UPDATE body. Attributes are written in type-code order; for a 2-octet peer
// (options.fourOctetAs == false) AS_PATH uses AS_TRANS and AS4_PATH/AS4_AGGREGATOR are added.
// Unknown optional transitive attributes get the Partial bit.
Bytes encodeUpdateBody(const UpdateMessage& update, const CodecOptions& options);

// Splits announcements sharing one attribute set, and withdrawals, into as many complete
// UPDATE messages (with header) as needed to respect options.maxMessageSize(): IPv4 prefixes in
// the NLRI / withdrawn fields, IPv6 prefixes in MP_REACH / MP_UNREACH. Announcements whose
// attributes alone leave no room for a prefix produce no message.
std::vector<Bytes> packUpdates(const std::vector<Prefix>& withdrawn,
                               const PathAttributes& attributes,  // used when announce non-empty
                               const std::vector<Prefix>& announce,
                               const CodecOptions& options);

// NLRI prefix encoding (RFC 4271 §4.3): length octet + minimal prefix octets.
void encodePrefix(ByteWriter& w, const Prefix& p);
// Decodes prefixes until `data` is exhausted; an invalid length or overrun is an error.
Result<std::vector<Prefix>, WireError> decodePrefixes(ByteSpan data, Family family);

}  // namespace anycast::bgp
