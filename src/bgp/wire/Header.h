// Header: the 19-octet BGP message header. RFC 4271 §4.1 (marker, length, type).
#pragma once

#include "base/Bytes.h"
#include "bgp/wire/Message.h"

namespace anycast::bgp {

// Returns marker (16 x 0xff) + length + type + body. The caller keeps the body within the
// negotiated maximum message size (RFC 4271 §4, RFC 8654).
Bytes withHeader(MessageType type, ByteSpan body);

}  // namespace anycast::bgp
