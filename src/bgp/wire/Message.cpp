// BGP message framing and dispatch. RFC 4271 §4.1 (header) and §6.1 (Message Header Error
// handling), RFC 8654 §4 (extended messages), RFC 2918 + RFC 7313 (ROUTE-REFRESH). The bodies
// are in OpenMessage.cpp, Capabilities.cpp, Notification.cpp and UpdateMessage.cpp.
#include "bgp/wire/Message.h"

#include <algorithm>
#include <iterator>
#include <type_traits>

#include "bgp/wire/Header.h"
#include "bgp/wire/MessageBodies.h"

namespace anycast::bgp {
namespace {

constexpr size_t kMarkerSize = 16;
constexpr size_t kLengthOffset = 16;
constexpr size_t kTypeOffset = 18;
constexpr size_t kRouteRefreshSize = kHeaderSize + 4;  // RFC 2918 §3

// maxLength value: the session's maximum message size (4096, or 65535 with RFC 8654).
constexpr size_t kNegotiatedMax = 0;

struct TypeLimits {
  MessageType type;
  size_t minLength;
  size_t maxLength;  // or kNegotiatedMax
};

// RFC 4271 §6.1: "if the Length field of an OPEN message is less than the minimum length of the
// OPEN message, or if the Length field of an UPDATE message is less than the minimum length of
// the UPDATE message, or if the Length field of a KEEPALIVE message is not equal to 19, or if the
// Length field of a NOTIFICATION message is less than the minimum length of the NOTIFICATION
// message" -> Bad Message Length. A KEEPALIVE has no body: its maximum is its minimum.
// RFC 8654 §4: "The Extended Message Capability applies to all messages except for the OPEN
// and KEEPALIVE messages."
constexpr TypeLimits kTypeLimits[] = {
    {MessageType::kOpen, 29, kMaxMessageSize},
    {MessageType::kUpdate, 23, kNegotiatedMax},
    {MessageType::kNotification, 21, kNegotiatedMax},
    {MessageType::kKeepalive, kHeaderSize, kHeaderSize},
    {MessageType::kRouteRefresh, kRouteRefreshSize, kNegotiatedMax},
};

const TypeLimits* findLimits(uint8_t type) {
  auto it = std::find_if(std::begin(kTypeLimits), std::end(kTypeLimits),
                         [&](const TypeLimits& l) { return static_cast<uint8_t>(l.type) == type; });
  return it == std::end(kTypeLimits) ? nullptr : it;
}

WireError headerError(uint8_t subcode, Bytes data, std::string reason) {
  return WireError{ErrorCode::kMessageHeader, subcode, std::move(data), ErrorAction::kSessionReset,
                   std::move(reason)};
}

// §6.1: "The Data field MUST contain the erroneous Length field."
WireError badLength(size_t length, std::string reason) {
  return headerError(subcode::kBadMessageLength,
                     {static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length)},
                     "bad message length " + std::to_string(length) + ": " + std::move(reason));
}

// Cut so that a NOTIFICATION carrying it still fits in a non-extended message.
constexpr size_t kMaxNotificationData = kMaxMessageSize - kHeaderSize - 2;

Bytes encodeBody(const Message& message, const CodecOptions& options) {
  return std::visit(
      [&](const auto& m) -> Bytes {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, OpenMessage>) return encodeOpenBody(m);
        if constexpr (std::is_same_v<T, UpdateMessage>) return encodeUpdateBody(m, options);
        if constexpr (std::is_same_v<T, NotificationMessage>) return encodeNotificationBody(m);
        if constexpr (std::is_same_v<T, KeepaliveMessage>) return {};
        if constexpr (std::is_same_v<T, RouteRefreshMessage>) return encodeRouteRefreshBody(m);
      },
      message);
}

}  // namespace

MessageType typeOf(const Message& message) {
  return std::visit(
      [](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, OpenMessage>) return MessageType::kOpen;
        if constexpr (std::is_same_v<T, UpdateMessage>) return MessageType::kUpdate;
        if constexpr (std::is_same_v<T, NotificationMessage>) return MessageType::kNotification;
        if constexpr (std::is_same_v<T, KeepaliveMessage>) return MessageType::kKeepalive;
        if constexpr (std::is_same_v<T, RouteRefreshMessage>) return MessageType::kRouteRefresh;
      },
      message);
}

// RFC 4271 §6.1, in its order: marker, then length, then type.
Result<size_t, WireError> frameMessage(ByteSpan stream, const CodecOptions& options) {
  if (stream.size() < kHeaderSize) return size_t{0};
  if (!std::all_of(stream.begin(), stream.begin() + kMarkerSize,
                   [](uint8_t b) { return b == 0xff; })) {
    // "If the Marker field of the message header is not as expected, then a synchronization
    // error has occurred and the Error Subcode MUST be set to Connection Not Synchronized."
    return fail(headerError(subcode::kConnectionNotSynchronized, {}, "marker is not all ones"));
  }
  size_t length = (size_t{stream[kLengthOffset]} << 8) | stream[kLengthOffset + 1];
  uint8_t type = stream[kTypeOffset];
  if (length < kHeaderSize || length > options.maxMessageSize()) {
    return fail(
        badLength(length, "outside [19, " + std::to_string(options.maxMessageSize()) + "]"));
  }
  const TypeLimits* limits = findLimits(type);
  if (!limits) {
    // "If the Type field of the message header is not recognized, then the Error Subcode MUST
    // be set to Bad Message Type. The Data field MUST contain the erroneous Type field."
    return fail(headerError(subcode::kBadMessageType, {type},
                            "unknown message type " + std::to_string(type)));
  }
  if (length < limits->minLength) {
    return fail(badLength(length, std::string("too short for ") + messageTypeName(limits->type)));
  }
  size_t maxLength =
      limits->maxLength == kNegotiatedMax ? options.maxMessageSize() : limits->maxLength;
  if (length > maxLength) {
    return fail(badLength(length, std::string("too long for ") + messageTypeName(limits->type)));
  }
  return stream.size() < length ? size_t{0} : length;
}

Result<DecodedMessage, WireError> decodeMessage(ByteSpan message, const CodecOptions& options) {
  auto framed = frameMessage(message, options);
  if (!framed) return fail(std::move(framed.error()));
  if (*framed != message.size()) {
    size_t length = message.size() < kHeaderSize
                        ? message.size()
                        : (size_t{message[kLengthOffset]} << 8) | message[kLengthOffset + 1];
    return fail(badLength(length, "length field does not match the " +
                                      std::to_string(message.size()) + " octets received"));
  }
  ByteSpan body = message.subspan(kHeaderSize);
  switch (static_cast<MessageType>(message[kTypeOffset])) {
    case MessageType::kOpen: {
      auto open = decodeOpenBody(body);
      if (!open) return fail(std::move(open.error()));
      return DecodedMessage{std::move(*open), std::nullopt, {}};
    }
    case MessageType::kUpdate: {
      auto update = decodeUpdate(body, options);
      if (!update) return fail(std::move(update.error()));
      return DecodedMessage{std::move(update->update), std::move(update->treatAsWithdraw),
                            std::move(update->discarded)};
    }
    case MessageType::kNotification:
      return DecodedMessage{decodeNotificationBody(body), std::nullopt, {}};
    case MessageType::kKeepalive:
      return DecodedMessage{KeepaliveMessage{}, std::nullopt, {}};
    case MessageType::kRouteRefresh: {
      auto refresh = decodeRouteRefresh(message);
      if (!refresh) return fail(std::move(refresh.error()));
      return DecodedMessage{*refresh, std::nullopt, {}};
    }
  }
  return fail(headerError(subcode::kBadMessageType, {message[kTypeOffset]}, "unreachable"));
}

Bytes encodeMessage(const Message& message, const CodecOptions& options) {
  return withHeader(typeOf(message), encodeBody(message, options));
}

// RFC 7313 §5: "If the length ... of the received ROUTE-REFRESH message ... is not 4, then the
// BGP speaker MUST send a NOTIFICATION message with the Error Code of 'ROUTE-REFRESH Message
// Error' and the subcode of 'Invalid Message Length'. The Data field of the NOTIFICATION message
// MUST contain the complete ROUTE-REFRESH message." RFC 7313 says so for subtypes 1 and 2; we do
// not negotiate ORF (RFC 5291), so a longer subtype-0 message is just as invalid.
//
// RFC 2918 §3: AFI (2), Reserved (1; RFC 7313 §3.2 makes it the Message Subtype), SAFI (1).
// RFC 7313 §5: a subtype other than 0, 1, 2 "MUST" be ignored: it is decoded as is, and the
// session ignores it.
Result<RouteRefreshMessage, WireError> decodeRouteRefresh(ByteSpan message) {
  if (message.size() != kRouteRefreshSize) {
    Bytes data(message.begin(), message.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                      message.size(), kMaxNotificationData)));
    return fail(WireError{ErrorCode::kRouteRefresh, subcode::kInvalidRouteRefreshLength,
                          std::move(data), ErrorAction::kSessionReset,
                          "ROUTE-REFRESH of " + std::to_string(message.size()) + " octets"});
  }
  ByteReader r(message.subspan(kHeaderSize));
  RouteRefreshMessage refresh;
  r.readU16(refresh.afi);
  r.readU8(refresh.subtype);
  r.readU8(refresh.safi);
  return refresh;
}

Bytes encodeRouteRefreshBody(const RouteRefreshMessage& refresh) {
  ByteWriter w;
  w.putU16(refresh.afi);
  w.putU8(refresh.subtype);
  w.putU8(refresh.safi);
  return w.take();
}

const char* messageTypeName(MessageType t) {
  switch (t) {
    case MessageType::kOpen:
      return "OPEN";
    case MessageType::kUpdate:
      return "UPDATE";
    case MessageType::kNotification:
      return "NOTIFICATION";
    case MessageType::kKeepalive:
      return "KEEPALIVE";
    case MessageType::kRouteRefresh:
      return "ROUTE-REFRESH";
  }
  return "unknown";
}

// RFC 9234 §4.1 names.
const char* roleName(Role r) {
  switch (r) {
    case Role::kProvider:
      return "Provider";
    case Role::kRs:
      return "RS";
    case Role::kRsClient:
      return "RS-Client";
    case Role::kCustomer:
      return "Customer";
    case Role::kPeer:
      return "Peer";
  }
  return "unknown";
}

Role neighbourRole(Role local) {
  switch (local) {
    case Role::kProvider:
      return Role::kCustomer;
    case Role::kCustomer:
      return Role::kProvider;
    case Role::kRs:
      return Role::kRsClient;
    case Role::kRsClient:
      return Role::kRs;
    case Role::kPeer:
      return Role::kPeer;
  }
  return Role::kPeer;  // not reached: a local role comes from the config, always an enumerator
}

bool rolesPair(Role local, Role remote) { return neighbourRole(local) == remote; }

}  // namespace anycast::bgp
