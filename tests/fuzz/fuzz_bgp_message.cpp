// libFuzzer target for BGP message framing and decoding (RFC 4271 §4, §6.1, §6.2, and the
// capability, NOTIFICATION and ROUTE-REFRESH codecs). Each input is tried as a byte stream under
// 2-octet-AS, 4-octet-AS and extended-message options. Invariants, checked with abort():
// - a framed length lies in [19, options.maxMessageSize()] and within the input;
// - every decoded message except UPDATE re-encodes to bytes that decode to the same message;
// - a decoded UPDATE re-encodes and decodes again without crashing (its own invariants are the
//   UPDATE codec's to state).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <variant>

#include "bgp/wire/Message.h"

namespace {

using namespace anycast;
using namespace anycast::bgp;

void require(bool invariant) {
  if (!invariant) std::abort();
}

CodecOptions options(bool fourOctetAs, bool extendedMessage) {
  CodecOptions o;
  o.fourOctetAs = fourOctetAs;
  o.extendedMessage = extendedMessage;
  return o;
}

const CodecOptions kOptions[] = {options(false, false), options(true, false), options(true, true)};

void reencode(const DecodedMessage& decoded, const CodecOptions& o) {
  auto again = decodeMessage(encodeMessage(decoded.message, o), o);
  if (std::holds_alternative<UpdateMessage>(decoded.message)) return;
  require(again.ok() && again->message == decoded.message);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteSpan input(data, size);
  for (const CodecOptions& o : kOptions) {
    auto framed = frameMessage(input, o);
    if (!framed.ok() || *framed == 0) continue;
    require(*framed >= kHeaderSize && *framed <= size && *framed <= o.maxMessageSize());
    auto decoded = decodeMessage(input.first(*framed), o);
    if (decoded.ok()) reencode(*decoded, o);
    // The whole input too: a length field that does not match the span must be rejected.
    require(*framed == size || !decodeMessage(input, o).ok());
  }
  return 0;
}
