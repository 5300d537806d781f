// WireError: what a decoder found wrong and what the session must do about it.
// RFC 4271 §4.5 and §6 (NOTIFICATION codes and subcodes), RFC 7606 §2 (error handling actions),
// RFC 8203/9003 (shutdown communication is carried in Cease data), RFC 7313 (code 7).
#pragma once

#include <cstdint>
#include <string>

#include "base/Bytes.h"

namespace anycast::bgp {

// RFC 4271 §4.5 error codes.
enum class ErrorCode : uint8_t {
  kMessageHeader = 1,
  kOpenMessage = 2,
  kUpdateMessage = 3,
  kHoldTimerExpired = 4,
  kFsm = 5,
  kCease = 6,
  kRouteRefresh = 7,  // RFC 7313 §5
};

// Subcodes (RFC 4271 §6.1-§6.3, RFC 6608 for FSM, RFC 4486 / RFC 9003 for Cease, RFC 9234 for
// role mismatch).
namespace subcode {
// Message Header Error
constexpr uint8_t kConnectionNotSynchronized = 1;
constexpr uint8_t kBadMessageLength = 2;
constexpr uint8_t kBadMessageType = 3;
// OPEN Message Error
constexpr uint8_t kUnsupportedVersionNumber = 1;
constexpr uint8_t kBadPeerAs = 2;
constexpr uint8_t kBadBgpIdentifier = 3;
constexpr uint8_t kUnsupportedOptionalParameter = 4;
constexpr uint8_t kUnacceptableHoldTime = 6;
constexpr uint8_t kUnsupportedCapability = 7;
constexpr uint8_t kRoleMismatch = 11;  // RFC 9234 §4.2
// UPDATE Message Error
constexpr uint8_t kMalformedAttributeList = 1;
constexpr uint8_t kUnrecognizedWellKnownAttribute = 2;
constexpr uint8_t kMissingWellKnownAttribute = 3;
constexpr uint8_t kAttributeFlagsError = 4;
constexpr uint8_t kAttributeLengthError = 5;
constexpr uint8_t kInvalidOriginAttribute = 6;
constexpr uint8_t kInvalidNextHopAttribute = 8;
constexpr uint8_t kOptionalAttributeError = 9;
constexpr uint8_t kInvalidNetworkField = 10;
constexpr uint8_t kMalformedAsPath = 11;
// Finite State Machine Error (RFC 6608 §3)
constexpr uint8_t kUnexpectedInOpenSent = 1;
constexpr uint8_t kUnexpectedInOpenConfirm = 2;
constexpr uint8_t kUnexpectedInEstablished = 3;
// Cease (RFC 4486)
constexpr uint8_t kMaxPrefixesReached = 1;
constexpr uint8_t kAdministrativeShutdown = 2;
constexpr uint8_t kPeerDeconfigured = 3;
constexpr uint8_t kAdministrativeReset = 4;
constexpr uint8_t kConnectionRejected = 5;
constexpr uint8_t kOtherConfigurationChange = 6;
constexpr uint8_t kConnectionCollisionResolution = 7;
constexpr uint8_t kOutOfResources = 8;
// ROUTE-REFRESH Message Error (RFC 7313 §5)
constexpr uint8_t kInvalidRouteRefreshLength = 1;
}  // namespace subcode

// RFC 7606 §2: the least drastic action that handles the error. (RFC 7606's "AFI/SAFI disable"
// is not among them: where it would apply we reset the session, one session per peer.)
enum class ErrorAction : uint8_t {
  kSessionReset,     // send NOTIFICATION(code, subcode, data) and close
  kTreatAsWithdraw,  // the UPDATE's NLRI are handled as withdrawn, session stays up
  kAttributeDiscard  // the attribute is dropped, the rest of the UPDATE is used
};

struct WireError {
  ErrorCode code = ErrorCode::kMessageHeader;
  uint8_t subcode = 0;
  Bytes data;  // NOTIFICATION data field, as the RFC says for this error
  ErrorAction action = ErrorAction::kSessionReset;
  std::string reason;  // human-readable, for the log ("AS_PATH segment overruns attribute")
};

// An UPDATE Message Error (RFC 4271 §6.3) and what RFC 7606 says to do about it.
WireError updateError(uint8_t subcode, ByteSpan data, ErrorAction action, std::string reason);

const char* errorCodeName(ErrorCode code);
// "Cease/Administrative Shutdown", "UPDATE Message Error/Malformed AS_PATH", ...
std::string errorName(ErrorCode code, uint8_t subcode);
const char* errorActionName(ErrorAction action);

}  // namespace anycast::bgp
