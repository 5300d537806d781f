// BGP messages and their framing. RFC 4271 §4 (header, OPEN, KEEPALIVE, NOTIFICATION),
// RFC 5492 (capabilities), RFC 4760 / RFC 6793 / RFC 2918 / RFC 7313 / RFC 4724 / RFC 8654 /
// RFC 9234 (the capabilities we speak), RFC 8203 + RFC 9003 (shutdown communication).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/Bytes.h"
#include "base/Ip.h"
#include "base/Result.h"
#include "bgp/wire/CodecOptions.h"
#include "bgp/wire/UpdateMessage.h"
#include "bgp/wire/WireError.h"

namespace anycast::bgp {

enum class MessageType : uint8_t {
  kOpen = 1,
  kUpdate = 2,
  kNotification = 3,
  kKeepalive = 4,
  kRouteRefresh = 5,
};

// Capability codes (IANA "Capability Codes").
namespace cap {
constexpr uint8_t kMultiprotocol = 1;      // RFC 4760
constexpr uint8_t kRouteRefresh = 2;       // RFC 2918
constexpr uint8_t kExtendedMessage = 6;    // RFC 8654
constexpr uint8_t kRole = 9;               // RFC 9234
constexpr uint8_t kGracefulRestart = 64;   // RFC 4724
constexpr uint8_t kFourOctetAs = 65;       // RFC 6793
constexpr uint8_t kEnhancedRouteRefresh = 70;  // RFC 7313
}  // namespace cap

// RFC 9234 §4.1 role values.
enum class Role : uint8_t { kProvider = 0, kRs = 1, kRsClient = 2, kCustomer = 3, kPeer = 4 };

struct AfiSafi {
  uint16_t afi = 1;
  uint8_t safi = 1;
  bool operator==(const AfiSafi&) const = default;
};

struct GracefulRestart {
  bool restartState = false;  // R bit
  bool notification = false;  // N bit (RFC 8538), parsed and kept
  uint16_t restartTime = 0;   // seconds, 12 bits
  struct Family {
    AfiSafi afiSafi;
    bool forwardingPreserved = false;
    bool operator==(const Family&) const = default;
  };
  std::vector<Family> families;
  bool operator==(const GracefulRestart&) const = default;
};

struct UnknownCapability {
  uint8_t code = 0;
  Bytes value;
  bool operator==(const UnknownCapability&) const = default;
};

// Everything advertised in an OPEN's Capabilities optional parameters.
struct Capabilities {
  std::vector<AfiSafi> multiprotocol;
  bool routeRefresh = false;
  bool enhancedRouteRefresh = false;
  bool extendedMessage = false;
  std::optional<uint32_t> fourOctetAs;  // the speaker's real AS
  std::optional<GracefulRestart> gracefulRestart;
  std::optional<Role> role;
  std::vector<UnknownCapability> unknown;  // kept and ignored (RFC 5492 §3)
  bool operator==(const Capabilities&) const = default;
};

struct OpenMessage {
  uint8_t version = 4;
  uint16_t myAs = 0;  // AS_TRANS when the real AS does not fit in 2 octets
  uint16_t holdTime = 90;
  uint32_t bgpIdentifier = 0;  // host order
  Capabilities capabilities;
  // The speaker's AS: the 4-octet capability's value if present, else myAs.
  uint32_t asNumber() const { return capabilities.fourOctetAs.value_or(myAs); }
  bool operator==(const OpenMessage&) const = default;
};

struct KeepaliveMessage {
  bool operator==(const KeepaliveMessage&) const = default;
};

struct NotificationMessage {
  ErrorCode code = ErrorCode::kCease;
  uint8_t subcode = 0;
  Bytes data;
  // RFC 8203/9003: Cease/Administrative Shutdown or Reset may carry a UTF-8 message
  // (length octet + up to 255 octets). Empty when absent or malformed.
  std::string shutdownCommunication() const;
  static NotificationMessage cease(uint8_t subcode, const std::string& shutdownMessage = {});
  static NotificationMessage fromError(const WireError& e);
  bool operator==(const NotificationMessage&) const = default;
};

struct RouteRefreshMessage {
  uint16_t afi = 1;
  uint8_t subtype = 0;  // RFC 7313: 0 normal, 1 BoRR, 2 EoRR
  uint8_t safi = 1;
  bool operator==(const RouteRefreshMessage&) const = default;
};

using Message = std::variant<OpenMessage, UpdateMessage, NotificationMessage, KeepaliveMessage,
                             RouteRefreshMessage>;

// What decodeMessage returns for an UPDATE: the RFC 7606 outcome travels with it.
struct DecodedMessage {
  Message message;
  std::optional<WireError> treatAsWithdraw;  // UPDATE only
  std::vector<WireError> discarded;          // UPDATE only
};

// Checks the header at the start of `stream` (RFC 4271 §4.1, §6.1): marker all ones, length in
// [19, maxMessageSize] and at least the type's minimum, known type. Returns the full message
// length when a whole message is there, 0 when more bytes are needed, or the header error.
Result<size_t, WireError> frameMessage(ByteSpan stream, const CodecOptions& options);

// Decodes one whole message (header included). Never reads beyond `message`.
Result<DecodedMessage, WireError> decodeMessage(ByteSpan message, const CodecOptions& options);

// Encodes a whole message with header. (UPDATEs larger than the maximum are the caller's to
// split: see packUpdates.)
Bytes encodeMessage(const Message& message, const CodecOptions& options);

const char* messageTypeName(MessageType t);
MessageType typeOf(const Message& message);
const char* roleName(Role r);
// RFC 9234 §4.2 table: the role a neighbour must have sent in its OPEN when ours is `local`
// (Provider-Customer, Peer-Peer, RS-RS-Client, either way round).
Role neighbourRole(Role local);
// RFC 9234 §4.2: whether a local and a remote role may form a session, i.e. the remote role is
// neighbourRole(local).
bool rolesPair(Role local, Role remote);

}  // namespace anycast::bgp
