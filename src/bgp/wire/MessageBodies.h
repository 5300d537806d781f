// MessageBodies: codecs for the bodies (the octets after the 19-octet header) of the messages
// other than UPDATE. Internal to bgp/wire: Message.cpp frames and dispatches to these.
// RFC 4271 §4.2 (OPEN), §4.5 (NOTIFICATION), RFC 5492 (capabilities), RFC 9072 (extended
// optional parameters length), RFC 2918 + RFC 7313 (ROUTE-REFRESH).
#pragma once

#include "base/Bytes.h"
#include "base/Result.h"
#include "bgp/wire/Message.h"
#include "bgp/wire/WireError.h"

namespace anycast::bgp {

Result<OpenMessage, WireError> decodeOpenBody(ByteSpan body);
Bytes encodeOpenBody(const OpenMessage& open);

// Decodes the capability TLVs of one Capabilities optional parameter (RFC 5492 §4) into `caps`,
// adding to what earlier parameters of the same OPEN gave.
Result<Ok, WireError> decodeCapabilities(ByteSpan value, Capabilities& caps);
// One TLV per capability, in capability-code order, unknown capabilities last.
Bytes encodeCapabilities(const Capabilities& caps);

// `body` has at least the 2 octets frameMessage guarantees (code, subcode).
NotificationMessage decodeNotificationBody(ByteSpan body);
Bytes encodeNotificationBody(const NotificationMessage& notification);

// `message` is the whole message: RFC 7313 §5 puts all of it in the error's data.
Result<RouteRefreshMessage, WireError> decodeRouteRefresh(ByteSpan message);
Bytes encodeRouteRefreshBody(const RouteRefreshMessage& refresh);

}  // namespace anycast::bgp
