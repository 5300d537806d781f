#include "bgp/wire/UpdateMessage.h"

#include <algorithm>
#include <iterator>

#include "bgp/wire/AttributeCodec.h"
#include "bgp/wire/Header.h"

namespace anycast::bgp {

namespace {

size_t prefixSize(const Prefix& p) { return 1 + (p.length() + 7u) / 8u; }

// RFC 7606 §3 d: a missing well-known mandatory attribute => treat-as-withdraw; they are
// mandatory only when the UPDATE carries reachability (RFC 4760 §3: NEXT_HOP only with NLRI
// in the NLRI field). Returns the type code of the first one missing.
std::optional<uint8_t> missingMandatory(const UpdateMessage& u) {
  const PathAttributes& a = u.attributes;
  if (u.nlri.empty() && !a.mpReach) return std::nullopt;
  if (!a.origin) return attr::kOrigin;
  if (!a.asPath) return attr::kAsPath;
  if (!u.nlri.empty() && !a.nextHop) return attr::kNextHop;
  return std::nullopt;
}

// RFC 7606 §2 "treat-as-withdraw": every prefix the UPDATE announces is handled as withdrawn,
// IPv4 ones in the Withdrawn Routes field and IPv6 ones in an IPv6 MP_UNREACH_NLRI.
void withdrawAll(UpdateMessage& u) {
  PathAttributes& a = u.attributes;
  if (a.mpUnreach && a.mpUnreach->afi == kAfiIpv4) {
    u.withdrawn.insert(u.withdrawn.end(), a.mpUnreach->withdrawn.begin(),
                       a.mpUnreach->withdrawn.end());
    a.mpUnreach.reset();
  }
  u.withdrawn.insert(u.withdrawn.end(), u.nlri.begin(), u.nlri.end());
  u.nlri.clear();
  if (!a.mpReach) return;
  for (const auto& p : a.mpReach->nlri) {
    if (p.family() == Family::kV4) {
      u.withdrawn.push_back(p);
      continue;
    }
    if (!a.mpUnreach) a.mpUnreach = MpUnreach{kAfiIpv6, kSafiUnicast, {}};
    a.mpUnreach->withdrawn.push_back(p);
  }
  a.mpReach.reset();
}

// Builds UPDATE messages holding as many prefixes each as fit in the maximum message size.
class UpdatePacker {
 public:
  explicit UpdatePacker(const CodecOptions& options) : options_(options) {}

  // writeBody(w, run) writes a whole body around the prefixes of `run`. The room for prefixes
  // is what a body without any leaves, less one octet in case an attribute holding them needs
  // the two-octet Extended Length.
  template <class WriteBody>
  void pack(std::span<const Prefix> prefixes, WriteBody writeBody) {
    if (prefixes.empty()) return;
    body_.clear();
    ByteWriter w(body_);
    writeBody(w, std::span<const Prefix>());
    size_t fixed = kHeaderSize + body_.size() + 1;
    if (fixed >= options_.maxMessageSize()) return;  // attributes alone fill a message
    size_t room = options_.maxMessageSize() - fixed;
    size_t i = 0;
    while (i < prefixes.size()) {
      size_t j = i, used = 0;
      for (; j < prefixes.size() && used + prefixSize(prefixes[j]) <= room; ++j) {
        used += prefixSize(prefixes[j]);
      }
      body_.clear();
      writeBody(w, prefixes.subspan(i, j - i));
      messages_.push_back(withHeader(MessageType::kUpdate, body_));
      i = j;
    }
  }

  std::vector<Bytes> take() { return std::move(messages_); }

 private:
  const CodecOptions& options_;
  Bytes body_;  // reused for every message
  std::vector<Bytes> messages_;
};

void writePrefixes(ByteWriter& w, std::span<const Prefix> prefixes) {
  for (const auto& p : prefixes) encodePrefix(w, p);
}

// Writes a 2-octet length, then what `write` writes, then sets the length to the size of that:
// the Withdrawn Routes Length and Total Path Attribute Length fields (RFC 4271 §4.3).
template <class F>
void writeLengthPrefixed(ByteWriter& w, F write) {
  size_t at = w.reserveU16();
  write();
  w.patchU16(at, static_cast<uint16_t>(w.size() - at - 2));
}

}  // namespace

bool UpdateMessage::isEndOfRib() const {
  // RFC 4724 §2: IPv4 unicast EoR is an UPDATE with no withdrawn routes, no attributes and no
  // NLRI; other families' is an UPDATE whose only attribute is an empty MP_UNREACH_NLRI.
  if (!withdrawn.empty() || !nlri.empty()) return false;
  PathAttributes only;
  if (attributes.mpUnreach && attributes.mpUnreach->withdrawn.empty()) {
    only.mpUnreach = attributes.mpUnreach;
  }
  return attributes == only;
}

void encodePrefix(ByteWriter& w, const Prefix& p) {
  w.putU8(p.length());
  w.putBytes(ByteSpan(p.address().data(), (p.length() + 7u) / 8u));
}

Result<std::vector<Prefix>, WireError> decodePrefixes(ByteSpan data, Family family) {
  const uint8_t maxLength = family == Family::kV4 ? 32 : 128;
  std::vector<Prefix> out;
  ByteReader r(data);
  while (!r.empty()) {
    uint8_t length = 0;
    ByteSpan bits;
    r.readU8(length);
    // RFC 4271 §6.3 / RFC 7606 §5.3: a syntactically incorrect NLRI => session reset.
    if (length > maxLength) {
      return fail(updateError(
          subcode::kInvalidNetworkField, {}, ErrorAction::kSessionReset,
          "prefix length " + std::to_string(length) + " exceeds " + std::to_string(maxLength)));
    }
    if (!r.readSpan((length + 7u) / 8u, bits)) {
      return fail(updateError(subcode::kInvalidNetworkField, {}, ErrorAction::kSessionReset,
                              "prefix overruns its field"));
    }
    uint8_t address[16] = {};
    std::copy(bits.begin(), bits.end(), address);
    IpAddress a = family == Family::kV4 ? IpAddress::v4Bytes(address) : IpAddress::v6Bytes(address);
    out.emplace_back(a, length);
  }
  return out;
}

Result<DecodedUpdate, WireError> decodeUpdate(ByteSpan body, const CodecOptions& options) {
  ByteReader r(body);
  uint16_t withdrawnLength = 0, attributesLength = 0;
  ByteSpan withdrawnField, attributeField;
  // RFC 4271 §6.3: lengths exceeding the message => Malformed Attribute List. RFC 7606 §4: the
  // NLRI cannot then be located, so nothing short of a session reset is possible.
  if (!r.readU16(withdrawnLength) || !r.readSpan(withdrawnLength, withdrawnField) ||
      !r.readU16(attributesLength) || !r.readSpan(attributesLength, attributeField)) {
    return fail(updateError(subcode::kMalformedAttributeList, {}, ErrorAction::kSessionReset,
                            "Withdrawn Routes Length or Total Path Attribute Length exceeds "
                            "the message"));
  }
  DecodedUpdate out;
  auto withdrawn = decodePrefixes(withdrawnField, Family::kV4);
  if (!withdrawn) return fail(std::move(withdrawn.error()));
  auto nlri = decodePrefixes(r.rest(), Family::kV4);
  if (!nlri) return fail(std::move(nlri.error()));
  out.update.withdrawn = std::move(*withdrawn);
  out.update.nlri = std::move(*nlri);
  auto attributes = decodeAttributes(attributeField, options, out);
  if (!attributes) return fail(std::move(attributes.error()));
  if (auto type = missingMandatory(out.update); type && !out.treatAsWithdraw) {
    // RFC 4271 §6.3: the Data field holds the missing attribute's type code.
    out.treatAsWithdraw = updateError(
        subcode::kMissingWellKnownAttribute, Bytes{*type}, ErrorAction::kTreatAsWithdraw,
        std::string(findAttribute(*type)->name) + ": missing well-known mandatory attribute");
  }
  if (out.treatAsWithdraw) withdrawAll(out.update);
  return out;
}

Bytes encodeUpdateBody(const UpdateMessage& update, const CodecOptions& options) {
  ByteWriter w;
  writeLengthPrefixed(w, [&] { writePrefixes(w, update.withdrawn); });
  writeLengthPrefixed(w, [&] { encodeAttributes(update.attributes, options, w); });
  writePrefixes(w, update.nlri);
  return w.take();
}

std::vector<Bytes> packUpdates(const std::vector<Prefix>& withdrawn,
                               const PathAttributes& attributes,
                               const std::vector<Prefix>& announce, const CodecOptions& options) {
  auto byFamily = [](const std::vector<Prefix>& all) {
    std::pair<std::vector<Prefix>, std::vector<Prefix>> split;
    std::partition_copy(all.begin(), all.end(), std::back_inserter(split.first),
                        std::back_inserter(split.second),
                        [](const Prefix& p) { return p.family() == Family::kV4; });
    return split;
  };
  auto [withdraw4, withdraw6] = byFamily(withdrawn);
  auto [announce4, announce6] = byFamily(announce);
  UpdatePacker packer(options);

  packer.pack(withdraw4, [](ByteWriter& w, std::span<const Prefix> run) {
    writeLengthPrefixed(w, [&] { writePrefixes(w, run); });
    w.putU16(0);  // no attributes
  });
  packer.pack(withdraw6, [](ByteWriter& w, std::span<const Prefix> run) {
    w.putU16(0);  // no IPv4 withdrawn routes
    writeLengthPrefixed(w, [&] {
      size_t start = beginAttribute(w, attrflag::kOptional, attr::kMpUnreachNlri);
      writeMpUnreachValue(w, kAfiIpv6, kSafiUnicast, run);
      endAttribute(w, start);
    });
  });

  // The attributes are encoded once per family; only the prefixes differ between messages.
  PathAttributes shared = attributes;
  shared.mpReach.reset();
  shared.mpUnreach.reset();
  if (!announce4.empty()) {
    Bytes encoded;
    ByteWriter ew(encoded);
    encodeAttributes(shared, options, ew);
    packer.pack(announce4, [&](ByteWriter& w, std::span<const Prefix> run) {
      w.putU16(0);
      w.putU16(static_cast<uint16_t>(encoded.size()));
      w.putBytes(encoded);
      writePrefixes(w, run);
    });
  }
  if (!announce6.empty()) {
    // RFC 4760 §3: an UPDATE whose only NLRI is in MP_REACH_NLRI SHOULD NOT carry NEXT_HOP.
    shared.nextHop.reset();
    Bytes before, after;
    ByteWriter bw(before), aw(after);
    encodeAttributes(shared, options, bw, 0, attr::kMpReachNlri - 1);
    encodeAttributes(shared, options, aw, attr::kMpReachNlri + 1, 255);
    constexpr uint8_t kUnspecified[16] = {};
    MpReach reach{kAfiIpv6, kSafiUnicast, IpAddress::v6Bytes(kUnspecified), {}, {}};
    if (attributes.mpReach) {
      reach.nextHop = attributes.mpReach->nextHop;
      reach.linkLocalNextHop = attributes.mpReach->linkLocalNextHop;
    }
    packer.pack(announce6, [&](ByteWriter& w, std::span<const Prefix> run) {
      w.putU16(0);
      writeLengthPrefixed(w, [&] {
        w.putBytes(before);
        size_t start = beginAttribute(w, attrflag::kOptional, attr::kMpReachNlri);
        writeMpReachValue(w, reach, run);
        endAttribute(w, start);
        w.putBytes(after);
      });
    });
  }
  return packer.take();
}

}  // namespace anycast::bgp
