// libFuzzer target for BGP message framing and decoding (RFC 4271 §4, §6.1, §6.2, and the
// capability, NOTIFICATION and ROUTE-REFRESH codecs). Each input is tried as a byte stream under
// 2-octet-AS, 4-octet-AS and extended-message options. Invariants, checked with abort():
// - a framed length lies in [19, options.maxMessageSize()] and within the input;
// - every decoded message re-encodes to bytes that decode, without error, to the same message;
//   for an UPDATE "the same" allows for what RFC 4271 §5 says passing an UPDATE on does to the
//   attributes we do not interpret (see passedOn).
#include <algorithm>
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

// The UPDATE the encoder is expected to write for `u`, as the decoder will read it back. RFC 4271
// §5: unrecognized optional transitive attributes are passed on with the Partial bit set, other
// unrecognized ones are not passed on; the encoder writes them in type-code order, and the
// Extended Length bit is its own choice, by the value's size.
UpdateMessage passedOn(UpdateMessage u) {
  constexpr uint8_t kPassOn = attrflag::kOptional | attrflag::kTransitive;
  auto& unknown = u.attributes.unknown;
  std::erase_if(unknown, [&](const RawAttribute& a) { return (a.flags & kPassOn) != kPassOn; });
  for (RawAttribute& a : unknown) {
    a.flags |= attrflag::kPartial;
    a.flags &= static_cast<uint8_t>(~attrflag::kExtendedLength);
    if (a.value.size() > 255) a.flags |= attrflag::kExtendedLength;
  }
  std::stable_sort(unknown.begin(), unknown.end(),
                   [](const RawAttribute& x, const RawAttribute& y) { return x.type < y.type; });
  return u;
}

// RFC 6793 sends a path holding 4-octet ASes to a 2-octet peer as AS_PATH (AS_TRANS in their
// place) plus AS4_PATH, which carries no confederation segments (§3); the receiver rebuilds the
// path by counting ASes (§4.2.3), which puts confederation segments back only where they lead
// the path, as RFC 5065 §5 places them. A path with one after another segment cannot make the
// trip: its confederation segment may come back elsewhere, or not at all.
bool survivesAs4Trip(const AsPath& path, const CodecOptions& o) {
  bool fourOctetAsn = false, other = false, confedAfterOther = false;
  for (const AsPathSegment& s : path.segments) {
    fourOctetAsn |=
        std::any_of(s.asns.begin(), s.asns.end(), [](uint32_t a) { return a > 0xffff; });
    confedAfterOther |= s.isConfed() && other;
    other |= !s.isConfed();
  }
  return o.fourOctetAs || !fourOctetAsn || !confedAfterOther;
}

// Round-trip stability: what was decoded, encoded again, decodes to the same.
void reencode(const DecodedMessage& decoded, const CodecOptions& o) {
  auto again = decodeMessage(encodeMessage(decoded.message, o), o);
  require(again.ok() && !again->treatAsWithdraw && again->discarded.empty());
  if (const auto* update = std::get_if<UpdateMessage>(&decoded.message)) {
    const UpdateMessage& result = std::get<UpdateMessage>(again->message);
    UpdateMessage expected = passedOn(*update);
    const auto& path = expected.attributes.asPath;
    if (path && !survivesAs4Trip(*path, o)) expected.attributes.asPath = result.attributes.asPath;
    require(result == expected);
  } else {
    require(again->message == decoded.message);
  }
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
