// NOTIFICATION message. RFC 4271 §4.5 (Error code, Error subcode, Data), RFC 8203 + RFC 9003
// (shutdown communication in Cease/Administrative Shutdown and Cease/Administrative Reset).
#include <algorithm>
#include <string>

#include "bgp/wire/MessageBodies.h"

namespace anycast::bgp {
namespace {

// RFC 9003 §2: the Length octet "can hold values from 0 to 255".
constexpr size_t kMaxShutdownCommunication = 255;

bool carriesShutdownCommunication(ErrorCode code, uint8_t subcode) {
  return code == ErrorCode::kCease &&
         (subcode == subcode::kAdministrativeShutdown || subcode == subcode::kAdministrativeReset);
}

bool isUtf8Continuation(char c) { return (static_cast<uint8_t>(c) & 0xc0) == 0x80; }

}  // namespace

// RFC 9003 §2: Length (1) then that many octets of UTF-8. A length that overruns the data is
// malformed; §4 says to treat the NOTIFICATION as if it carried no communication.
std::string NotificationMessage::shutdownCommunication() const {
  if (!carriesShutdownCommunication(code, subcode) || data.empty()) return {};
  size_t length = data[0];
  if (length > data.size() - 1) return {};
  return std::string(data.begin() + 1, data.begin() + 1 + static_cast<std::ptrdiff_t>(length));
}

// The message is attached only to the two subcodes that define it, and only when non-empty.
// RFC 9003 §2: "the message ... MUST NOT be truncated in the middle of a UTF-8 character":
// a cut that would land inside a character moves back to that character's first octet.
NotificationMessage NotificationMessage::cease(uint8_t subcode,
                                               const std::string& shutdownMessage) {
  NotificationMessage n;
  n.code = ErrorCode::kCease;
  n.subcode = subcode;
  if (!carriesShutdownCommunication(n.code, subcode) || shutdownMessage.empty()) return n;
  size_t length = std::min(shutdownMessage.size(), kMaxShutdownCommunication);
  while (length > 0 && length < shutdownMessage.size() &&
         isUtf8Continuation(shutdownMessage[length])) {
    --length;
  }
  n.data.resize(length + 1);
  n.data[0] = static_cast<uint8_t>(length);
  std::copy_n(shutdownMessage.begin(), length, n.data.begin() + 1);
  return n;
}

NotificationMessage NotificationMessage::fromError(const WireError& e) {
  NotificationMessage n;
  n.code = e.code;
  n.subcode = e.subcode;
  n.data = e.data;
  return n;
}

// Codes and subcodes we do not know are kept as received: a NOTIFICATION closes the session
// whatever it says (RFC 4271 §6.4), the names are only for the log.
NotificationMessage decodeNotificationBody(ByteSpan body) {
  NotificationMessage n;
  n.code = static_cast<ErrorCode>(body[0]);
  n.subcode = body[1];
  n.data.assign(body.begin() + 2, body.end());
  return n;
}

Bytes encodeNotificationBody(const NotificationMessage& notification) {
  ByteWriter w;
  w.putU8(static_cast<uint8_t>(notification.code));
  w.putU8(notification.subcode);
  w.putBytes(notification.data);
  return w.take();
}

}  // namespace anycast::bgp
