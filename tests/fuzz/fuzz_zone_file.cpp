// libFuzzer target for the zone loader: each input is master-file text (RFC 1035 §5) loaded as
// example.com. through libzscanner and ZoneBuilder ($INCLUDE is refused for text). Invariants,
// checked with abort():
// - loading never reads out of bounds (ASan), loops or throws; an error is "file:line: ...";
// - a loaded zone has its apex first with SOA and NS, every node in canonical order
//   (RFC 4034 §6.1), each node found by its own name and its parent one label up, every
//   RRset's records exactly filling its octets;
// - every name of the zone gets an answer for A and ANY that fits 512 octets over UDP.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <vector>

#include "dns/query/Answer.h"
#include "dns/zone/ZoneLoader.h"

namespace {

using namespace anycast;
using namespace anycast::dns;

void require(bool invariant) {
  if (!invariant) std::abort();
}

void checkZone(const Zone& zone) {
  auto nodes = zone.nodes();
  require(!nodes.empty() && (nodes[0].flags & kNodeApex));
  require(zone.rrset(nodes[0], kTypeSoa) && zone.rrset(nodes[0], kTypeNs));
  for (size_t i = 0; i < nodes.size(); ++i) {
    const Node& node = nodes[i];
    require(zone.find(zone.name(node)) == &node);
    if (i > 0) {
      require(compareCanonical(zone.name(nodes[i - 1]), zone.name(node)) < 0);
      ByteSpan name = zone.name(node);
      require(zone.name(zone.parent(node)).size() == name.size() - 1 - name[0]);
    }
    for (const RRset& set : zone.rrsets(node)) {
      size_t records = 0, octets = 0;
      zone.forEachRdata(set, [&](ByteSpan rdata) {
        ++records;
        octets += 2 + rdata.size();
      });
      require(records == set.count && octets == set.size);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto zone = loadZoneText(text, *Name::fromText("example.com."), "fuzz");
  if (!zone.ok()) {
    require(zone.error().message.rfind("fuzz", 0) == 0);
    return 0;
  }
  checkZone(*zone);
  ZoneSet zones({std::make_shared<const Zone>(std::move(zone.value()))});
  const Zone& loaded = *zones.zones()[0];
  const Identity identity;
  std::vector<uint8_t> query, out(512);
  size_t asked = 0;
  for (const Node& node : loaded.nodes()) {
    if (++asked > 64) break;  // bounded work per input
    for (uint16_t type : {kTypeA, kTypeAny}) {
      ByteSpan name = loaded.name(node);
      query.assign({0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0});
      query.insert(query.end(), name.begin(), name.end());
      query.insert(query.end(), {uint8_t(type >> 8), uint8_t(type), 0, 1});
      auto answered = answerQuery(query, Transport::kUdp, zones, identity, out);
      require(answered && answered->length <= 512);
    }
  }
  return 0;
}
