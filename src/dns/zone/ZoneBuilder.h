// ZoneBuilder: collects a zone's records and builds the immutable Zone, checking what a zone
// must be (RFC 1035 §5.2 and RFC 2181): every record inside the origin, class IN, exactly one
// SOA and it at the apex, NS at the apex, a CNAME alone at its name (RFC 2181 §10.1; RRSIG and
// NSEC may accompany it, RFC 4035 §2.5), one CNAME and one DNAME per name (RFC 6672 §2.4),
// RDATA of types with domain names well formed. Duplicate records are dropped (RFC 2181 §5); an
// RRset keeps the TTL of its first record in file order (§5.2 makes mixed TTLs an error;
// knotd, too, keeps one and loads).
// Errors say "file:line: what is wrong", as a Result — this is the reload path.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/Bytes.h"
#include "base/Result.h"
#include "dns/wire/Name.h"
#include "dns/zone/Zone.h"

namespace anycast::dns {

// Where a record came from, for error messages.
struct SourcePosition {
  std::string_view file;
  uint64_t line = 0;
};

class ZoneBuilder {
 public:
  // `source` names the zone in errors that are about no one record (a missing SOA).
  explicit ZoneBuilder(const Name& origin, std::string_view source = "<zone>");

  Result<Ok> add(ByteSpan owner, uint16_t type, uint16_t klass, uint32_t ttl, ByteSpan rdata,
                 SourcePosition where);
  // Consumes the builder's records.
  Result<Zone> build();

 private:
  struct Record {
    uint32_t owner;  // offset in names_
    uint32_t rdata;  // offset in rdata_
    uint32_t ttl;
    uint32_t line;
    uint16_t rdataSize;
    uint16_t type;
    uint16_t file;  // index in files_
    uint8_t ownerSize;
  };
  ByteSpan ownerOf(const Record& r) const { return {names_.data() + r.owner, r.ownerSize}; }
  ByteSpan rdataOf(const Record& r) const { return {rdata_.data() + r.rdata, r.rdataSize}; }
  Unexpected<Error> failAt(const Record& r, const std::string& what) const;
  Unexpected<Error> failAt(SourcePosition where, const std::string& what) const;
  Result<Ok> checkNode(const Zone& zone, const Node& node,
                       const std::vector<const Record*>& firstOfSet) const;

  Name origin_;
  std::vector<std::string> files_;
  std::vector<Record> records_;
  Bytes names_;
  Bytes rdata_;
};

}  // namespace anycast::dns
