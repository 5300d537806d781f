// WireError names, as IANA "BGP Error (Notification) Codes" / "BGP Error Subcodes" spell them.
// RFC 4271 §4.5, RFC 4486 + RFC 8538 + RFC 9384 (Cease), RFC 6608 (FSM), RFC 7313 (ROUTE-REFRESH),
// RFC 9234 (Role Mismatch).
#include "bgp/wire/WireError.h"

#include <algorithm>
#include <iterator>

namespace anycast::bgp {
namespace {

struct SubcodeName {
  ErrorCode code;
  uint8_t subcode;
  const char* name;
};

constexpr SubcodeName kSubcodeNames[] = {
    {ErrorCode::kMessageHeader, subcode::kConnectionNotSynchronized, "Connection Not Synchronized"},
    {ErrorCode::kMessageHeader, subcode::kBadMessageLength, "Bad Message Length"},
    {ErrorCode::kMessageHeader, subcode::kBadMessageType, "Bad Message Type"},
    {ErrorCode::kOpenMessage, subcode::kUnsupportedVersionNumber, "Unsupported Version Number"},
    {ErrorCode::kOpenMessage, subcode::kBadPeerAs, "Bad Peer AS"},
    {ErrorCode::kOpenMessage, subcode::kBadBgpIdentifier, "Bad BGP Identifier"},
    {ErrorCode::kOpenMessage, subcode::kUnsupportedOptionalParameter,
     "Unsupported Optional Parameter"},
    {ErrorCode::kOpenMessage, subcode::kUnacceptableHoldTime, "Unacceptable Hold Time"},
    {ErrorCode::kOpenMessage, subcode::kUnsupportedCapability, "Unsupported Capability"},
    {ErrorCode::kOpenMessage, subcode::kRoleMismatch, "Role Mismatch"},
    {ErrorCode::kUpdateMessage, subcode::kMalformedAttributeList, "Malformed Attribute List"},
    {ErrorCode::kUpdateMessage, subcode::kUnrecognizedWellKnownAttribute,
     "Unrecognized Well-known Attribute"},
    {ErrorCode::kUpdateMessage, subcode::kMissingWellKnownAttribute,
     "Missing Well-known Attribute"},
    {ErrorCode::kUpdateMessage, subcode::kAttributeFlagsError, "Attribute Flags Error"},
    {ErrorCode::kUpdateMessage, subcode::kAttributeLengthError, "Attribute Length Error"},
    {ErrorCode::kUpdateMessage, subcode::kInvalidOriginAttribute, "Invalid ORIGIN Attribute"},
    {ErrorCode::kUpdateMessage, subcode::kInvalidNextHopAttribute, "Invalid NEXT_HOP Attribute"},
    {ErrorCode::kUpdateMessage, subcode::kOptionalAttributeError, "Optional Attribute Error"},
    {ErrorCode::kUpdateMessage, subcode::kInvalidNetworkField, "Invalid Network Field"},
    {ErrorCode::kUpdateMessage, subcode::kMalformedAsPath, "Malformed AS_PATH"},
    {ErrorCode::kFsm, subcode::kUnexpectedInOpenSent,
     "Receive Unexpected Message in OpenSent State"},
    {ErrorCode::kFsm, subcode::kUnexpectedInOpenConfirm,
     "Receive Unexpected Message in OpenConfirm State"},
    {ErrorCode::kFsm, subcode::kUnexpectedInEstablished,
     "Receive Unexpected Message in Established State"},
    {ErrorCode::kCease, subcode::kMaxPrefixesReached, "Maximum Number of Prefixes Reached"},
    {ErrorCode::kCease, subcode::kAdministrativeShutdown, "Administrative Shutdown"},
    {ErrorCode::kCease, subcode::kPeerDeconfigured, "Peer De-configured"},
    {ErrorCode::kCease, subcode::kAdministrativeReset, "Administrative Reset"},
    {ErrorCode::kCease, subcode::kConnectionRejected, "Connection Rejected"},
    {ErrorCode::kCease, subcode::kOtherConfigurationChange, "Other Configuration Change"},
    {ErrorCode::kCease, subcode::kConnectionCollisionResolution, "Connection Collision Resolution"},
    {ErrorCode::kCease, subcode::kOutOfResources, "Out of Resources"},
    {ErrorCode::kCease, 9, "Hard Reset"},  // RFC 8538
    {ErrorCode::kCease, 10, "BFD Down"},   // RFC 9384
    {ErrorCode::kRouteRefresh, subcode::kInvalidRouteRefreshLength, "Invalid Message Length"},
};

constexpr const char* kUnknownCode = "Unknown Error Code";

}  // namespace

WireError updateError(uint8_t subcode, ByteSpan data, ErrorAction action, std::string reason) {
  return WireError{ErrorCode::kUpdateMessage, subcode, Bytes(data.begin(), data.end()), action,
                   std::move(reason)};
}

const char* errorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kMessageHeader:
      return "Message Header Error";
    case ErrorCode::kOpenMessage:
      return "OPEN Message Error";
    case ErrorCode::kUpdateMessage:
      return "UPDATE Message Error";
    case ErrorCode::kHoldTimerExpired:
      return "Hold Timer Expired";
    case ErrorCode::kFsm:
      return "Finite State Machine Error";
    case ErrorCode::kCease:
      return "Cease";
    case ErrorCode::kRouteRefresh:
      return "ROUTE-REFRESH Message Error";
  }
  return kUnknownCode;
}

// Subcode 0 is "Unspecific" for every code (RFC 4271 §4.5): the code's name alone says it.
std::string errorName(ErrorCode code, uint8_t subcode) {
  const char* codeName = errorCodeName(code);
  std::string name = codeName;
  if (codeName == kUnknownCode) name += " " + std::to_string(static_cast<int>(code));
  if (subcode == 0) return name;
  auto it =
      std::find_if(std::begin(kSubcodeNames), std::end(kSubcodeNames),
                   [&](const SubcodeName& s) { return s.code == code && s.subcode == subcode; });
  if (it == std::end(kSubcodeNames)) return name + "/subcode " + std::to_string(subcode);
  return name + "/" + it->name;
}

const char* errorActionName(ErrorAction action) {
  switch (action) {
    case ErrorAction::kSessionReset:
      return "session-reset";
    case ErrorAction::kTreatAsWithdraw:
      return "treat-as-withdraw";
    case ErrorAction::kAttributeDiscard:
      return "attribute-discard";
  }
  return "unknown";
}

}  // namespace anycast::bgp
