// DnsMessage: the small codec of DNS probes — the health checks' and the lab's: one query
// out, one response in. RFC 1035 §4.1 (header, question, resource records), §4.1.4 (name
// compression), §5.1 (presentation of names and text: \DDD escapes); RFC 3596 (AAAA); RFC 3597
// §5 (unknown RR types shown as "\# length hex"); RFC 6891 (an OPT record in the query) and
// RFC 5001 (NSID: which server of an anycast set answered). Pure: no I/O, no clock. Every
// read is bounds-checked: a malformed response is an error saying what is wrong, never a
// crash. (src/dns is the server's full codec; this one only needs what a probe looks at.)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/Bytes.h"
#include "base/Result.h"

namespace anycast::health {

constexpr uint16_t kTypeA = 1;
constexpr uint16_t kTypeNs = 2;
constexpr uint16_t kTypeCname = 5;
constexpr uint16_t kTypeSoa = 6;
constexpr uint16_t kTypePtr = 12;
constexpr uint16_t kTypeMx = 15;
constexpr uint16_t kTypeTxt = 16;
constexpr uint16_t kTypeAaaa = 28;
constexpr uint16_t kTypeSrv = 33;
constexpr uint16_t kClassIn = 1;
constexpr uint16_t kClassCh = 3;  // CHAOS: "hostname.bind CH TXT" names the anycast instance
constexpr uint8_t kRcodeNoError = 0;

struct DnsQuestion {
  std::string name;  // "www.example.org" or "www.example.org."; "." is the root
  uint16_t type = kTypeA;
  uint16_t klass = kClassIn;
};

struct DnsRecord {
  std::string name;  // presentation form, with the trailing dot
  uint16_t type = 0;
  uint16_t klass = 0;
  uint32_t ttl = 0;
  // Presentation form: "192.0.2.1", "2001:db8::1", "ns.example.org.", "10 mx.example.org.";
  // TXT: its character-strings concatenated (as RFC 7208 §3.3 reads them); other types
  // RFC 3597's "\# 4 0a0b0c0d".
  std::string data;
};

struct DnsResponse {
  uint16_t id = 0;
  bool authoritative = false;  // AA
  bool truncated = false;      // TC
  uint8_t rcode = 0;           // the header's 4 bits (we send no EDNS, so no extended rcode)
  std::optional<DnsQuestion> question;  // absent when QDCOUNT is 0
  std::vector<DnsRecord> answers;
  std::optional<std::string> nsid;  // the NSID option of the response's OPT record, as sent
};

// A standard query (opcode QUERY, one question); with `requestNsid`, an OPT record (RFC 6891,
// 1232-octet payload) asking for the server's NSID (RFC 5001 §2.1). Fails on a name that
// cannot be encoded: an empty or over-63-octet label, over 255 octets in all, or a '\' escape
// (not supported).
Result<Bytes> encodeQuery(uint16_t id, const DnsQuestion& question, bool recursionDesired,
                          bool requestNsid = false);
// The header, the question, the answer section, and the NSID from the additional section's
// OPT record; the authority section is skipped.
Result<DnsResponse> parseResponse(ByteSpan wire);
// Whether `response` answers query `id` for `question` (names compared case-insensitively,
// RFC 4343). A response without a question section is accepted only with a non-zero rcode
// (some servers send FORMERR or REFUSED without one).
Result<Ok> matchesQuery(const DnsResponse& response, uint16_t id, const DnsQuestion& question);
// Whether a record's data is `expected`: addresses compared as addresses ("2001:db8::1" matches
// "2001:0db8:0::1"), domain names case-insensitively with or without the trailing dot, other
// data as text.
bool dataMatches(const DnsRecord& record, std::string_view expected);
// The name's shape (what encodeQuery accepts), for config validation.
Result<Ok> validateName(std::string_view name);

// Mnemonics (case-insensitive) and numbers: "AAAA" <-> 28, "TYPE65" <-> 65 (RFC 3597 §5),
// "CH" <-> 3, "SERVFAIL" <-> 2 (RFC 1035 §4.1.1, RFC 2136 §2.2 for 6..10).
std::optional<uint16_t> typeFromText(std::string_view text);
std::string typeText(uint16_t type);
std::optional<uint16_t> classFromText(std::string_view text);
std::string classText(uint16_t klass);
std::optional<uint8_t> rcodeFromText(std::string_view text);
std::string rcodeText(uint8_t rcode);

}  // namespace anycast::health
