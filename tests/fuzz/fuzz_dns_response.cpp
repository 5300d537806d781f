// libFuzzer target for the DNS health check's response codec (health/DnsMessage: RFC 1035
// §4.1 header, question and answer records, §4.1.4 name compression, §5.1 presentation).
// Each input is one UDP payload, as the probe receives it. Invariants, checked with abort():
// - decoding never reads out of bounds (ASan) nor loops (libFuzzer's -timeout): compression
//   pointers must go strictly backwards;
// - a parsed response says what its header says: id, AA, TC, rcode, a question exactly when
//   QDCOUNT is 1, and exactly ANCOUNT answers (never more);
// - every name — the question's, each owner, and those inside NS, CNAME, PTR, MX, SRV and SOA
//   data — is a well-formed presentation name ("a.b." or "."; octets other than letters,
//   digits and the like as \DDD) of at most 255 octets on the wire, no label over 63 octets
//   and none empty (RFC 1035 §2.3.4, §3.1);
// - A and AAAA data is an address in its canonical text; every record's data matches itself
//   (dataMatches), as the probe's "expect" would;
// - the response matches its own id and question (matchesQuery) and not another id; a question
//   name without escapes encodes (encodeQuery) to bytes that, as a response, decode to the
//   same question.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "base/Ip.h"
#include "base/Text.h"
#include "health/DnsMessage.h"

namespace {

using namespace anycast;
using namespace anycast::health;

void require(bool invariant) {
  if (!invariant) std::abort();
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// A name in DnsMessage's presentation form: labels each followed by '.', "." for the root;
// octets as themselves or as \DDD (DDD <= 255). Aborts on any other shape or on a name that
// breaks RFC 1035's limits; returns the octets it takes on the wire.
size_t checkName(std::string_view name) {
  require(!name.empty() && name.back() == '.');
  if (name == ".") return 1;
  size_t octets = 1;  // the root's zero length
  size_t label = 0;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '.') {
      require(label >= 1 && label <= 63);
      octets += 1 + label;
      label = 0;
      continue;
    }
    if (c == '\\') {
      require(i + 3 < name.size() && isDigit(name[i + 1]) && isDigit(name[i + 2]) &&
              isDigit(name[i + 3]));
      require((name[i + 1] - '0') * 100 + (name[i + 2] - '0') * 10 + (name[i + 3] - '0') <= 255);
      i += 3;
    } else {
      require(c > ' ' && c < 0x7f && c != '"');  // space, controls and '"' are escaped
    }
    ++label;
  }
  require(label == 0);  // ends with '.'
  require(octets <= 255);
  return octets;
}

bool isNumber(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!isDigit(c)) return false;
  }
  return true;
}

void checkRecord(const DnsRecord& rr) {
  checkName(rr.name);
  std::vector<std::string_view> f = strings::split(rr.data, ' ', false);
  switch (rr.type) {
    case kTypeA:
    case kTypeAaaa: {
      auto address = IpAddress::parse(rr.data);
      require(address && address->str() == rr.data);
      require(address->isV4() == (rr.type == kTypeA));
      break;
    }
    case kTypeNs:
    case kTypeCname:
    case kTypePtr:
      checkName(rr.data);
      break;
    case kTypeMx:  // preference exchange
      require(f.size() == 2 && isNumber(f[0]));
      checkName(f[1]);
      break;
    case kTypeSrv:  // priority weight port target
      require(f.size() == 4 && isNumber(f[0]) && isNumber(f[1]) && isNumber(f[2]));
      checkName(f[3]);
      break;
    case kTypeSoa:  // mname rname serial refresh retry expire minimum
      require(f.size() == 7);
      checkName(f[0]);
      checkName(f[1]);
      for (size_t i = 2; i < 7; ++i) require(isNumber(f[i]));
      break;
    case kTypeTxt:
      break;
    default:  // RFC 3597: "\# length [hex]"
      require(f.size() >= 2 && f[0] == "\\#" && isNumber(f[1]));
      require(f.size() - 2 == std::stoul(std::string(f[1])));  // one "hh" per octet
      for (size_t i = 2; i < f.size(); ++i) require(f[i].size() == 2);
      break;
  }
  require(dataMatches(rr, rr.data));
}

uint16_t u16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto response = parseResponse(ByteSpan(data, size));
  if (!response.ok()) return 0;

  require(size >= 12);
  const uint16_t id = u16(data), flags = u16(data + 2);
  const uint16_t qdcount = u16(data + 4), ancount = u16(data + 6);
  require(response->id == id && (flags & 0x8000));
  require(response->authoritative == bool(flags & 0x0400));
  require(response->truncated == bool(flags & 0x0200));
  require(response->rcode == (flags & 0x0f));
  require(response->question.has_value() == (qdcount == 1));
  require(response->answers.size() == ancount);
  for (const DnsRecord& rr : response->answers) checkRecord(rr);

  if (!response->question) {
    require(matchesQuery(*response, id, DnsQuestion{"."}).ok() == (response->rcode != 0));
    return 0;
  }
  const DnsQuestion& q = *response->question;
  checkName(q.name);
  require(matchesQuery(*response, id, q).ok());
  require(!matchesQuery(*response, static_cast<uint16_t>(id ^ 1), q).ok());
  if (q.name.find('\\') == std::string::npos) {
    auto query = encodeQuery(id, q, false);
    require(query.ok());
    (*query)[2] |= 0x80;  // QR: as if it came back
    auto again = parseResponse(*query);
    require(again.ok() && again->question && again->answers.empty());
    require(again->question->name == q.name && again->question->type == q.type &&
            again->question->klass == q.klass);
  }
  return 0;
}
