#include "health/DnsMessage.h"

#include <array>
#include <cstdio>

#include "base/Ip.h"
#include "base/Text.h"

namespace anycast::health {
namespace {

constexpr size_t kHeaderSize = 12;
constexpr size_t kMaxNameOctets = 255;  // RFC 1035 §2.3.4, length octets included
constexpr size_t kMaxLabelOctets = 63;
constexpr uint16_t kFlagQr = 0x8000;
constexpr uint16_t kFlagAa = 0x0400;
constexpr uint16_t kFlagTc = 0x0200;
constexpr uint16_t kFlagRd = 0x0100;
constexpr uint16_t kTypeOpt = 41;        // RFC 6891 §6.1.1
constexpr uint16_t kEdnsPayload = 1232;  // the DNS flag day 2020 default
constexpr uint16_t kOptionNsid = 3;      // RFC 5001 §2.3

struct Mnemonic {
  uint16_t value;
  std::string_view text;
};
constexpr std::array kTypes{
    Mnemonic{kTypeA, "A"},     Mnemonic{kTypeNs, "NS"},     Mnemonic{kTypeCname, "CNAME"},
    Mnemonic{kTypeSoa, "SOA"}, Mnemonic{kTypePtr, "PTR"},   Mnemonic{kTypeMx, "MX"},
    Mnemonic{kTypeTxt, "TXT"}, Mnemonic{kTypeAaaa, "AAAA"}, Mnemonic{kTypeSrv, "SRV"}};
constexpr std::array kClasses{Mnemonic{kClassIn, "IN"}, Mnemonic{kClassCh, "CH"},
                              Mnemonic{4, "HS"}};
constexpr std::array kRcodes{
    Mnemonic{0, "NOERROR"},  Mnemonic{1, "FORMERR"}, Mnemonic{2, "SERVFAIL"},
    Mnemonic{3, "NXDOMAIN"}, Mnemonic{4, "NOTIMP"},  Mnemonic{5, "REFUSED"},
    Mnemonic{6, "YXDOMAIN"}, Mnemonic{7, "YXRRSET"}, Mnemonic{8, "NXRRSET"},
    Mnemonic{9, "NOTAUTH"},  Mnemonic{10, "NOTZONE"}};

// A mnemonic from `table`, or the RFC 3597 generic form `prefix` + number ("TYPE65").
template <class Table>
std::optional<uint16_t> fromText(const Table& table, std::string_view prefix,
                                 std::string_view text) {
  for (const Mnemonic& m : table) {
    if (strings::equalsIgnoreCase(m.text, text)) return m.value;
  }
  if (text.size() > prefix.size() &&
      strings::equalsIgnoreCase(text.substr(0, prefix.size()), prefix))
    return strings::parseNumber<uint16_t>(text.substr(prefix.size()));
  return std::nullopt;
}

template <class Table>
std::string toText(const Table& table, std::string_view prefix, uint16_t value) {
  for (const Mnemonic& m : table) {
    if (m.value == value) return std::string(m.text);
  }
  return std::string(prefix) + std::to_string(value);
}

std::string_view withoutTrailingDot(std::string_view name) {
  return name.size() > 1 && name.back() == '.' ? name.substr(0, name.size() - 1) : name;
}

// RFC 1035 §5.1: printable octets as they are, the rest as \DDD; in a name also the space, '.'
// and '"'; in text (TXT) spaces stay, so an expected "hello world" matches.
void appendEscaped(std::string& out, ByteSpan octets, bool text) {
  for (uint8_t c : octets) {
    bool plain = text ? c >= 0x20 && c < 0x7f && c != '\\'
                      : c > 0x20 && c < 0x7f && c != '.' && c != '\\' && c != '"';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\%03u", c);
      out += buf;
    }
  }
}

// Reads a possibly compressed name starting at `reader`'s position within `message`. RFC 1035
// §4.1.4 points to a "prior occurrence": every pointer must point before where the name, or
// the previous pointer's target, began — so each jump goes strictly backwards and no loop is
// possible.
Result<std::string> readName(ByteSpan message, ByteReader& reader) {
  std::string out;
  size_t octets = 1;  // the root's zero length
  size_t limit = message.size() - reader.remaining();
  ByteReader cursor = reader;
  bool jumped = false;
  for (;;) {
    uint8_t length = 0;
    if (!cursor.readU8(length)) return failWith("name runs past the end of the message");
    if ((length & 0xc0) == 0xc0) {
      uint8_t low = 0;
      if (!cursor.readU8(low)) return failWith("name pointer runs past the end of the message");
      size_t target = size_t(length & 0x3f) << 8 | low;
      if (target >= limit) return failWith("name pointer does not point backwards");
      if (!jumped) reader = cursor;
      jumped = true;
      limit = target;
      cursor = ByteReader(message);
      cursor.skip(target);
      continue;
    }
    if (length & 0xc0) return failWith("name label has reserved type bits");
    if (length == 0) break;
    ByteSpan label;
    if (!cursor.readSpan(length, label))
      return failWith("name label runs past the end of the message");
    octets += 1 + length;
    if (octets > kMaxNameOctets) return failWith("name longer than 255 octets");
    appendEscaped(out, label, false);
    out += '.';
  }
  if (!jumped) reader = cursor;
  return out.empty() ? std::string(".") : out;
}

// <character-string>s (RFC 1035 §3.3) of a TXT record, concatenated.
Result<std::string> readTxt(ByteSpan rdata) {
  std::string out;
  ByteReader r(rdata);
  while (!r.empty()) {
    uint8_t length = 0;
    ByteSpan text;
    if (!r.readU8(length) || !r.readSpan(length, text))
      return failWith("TXT string runs past its record");
    appendEscaped(out, text, true);
  }
  return out;
}

// The record's data in presentation form. `reader` is at the RDATA, which is `length` octets.
Result<std::string> readData(ByteSpan message, ByteReader& reader, uint16_t type, uint16_t length) {
  ByteSpan rdata;
  ByteReader start = reader;
  if (!reader.readSpan(length, rdata))
    return failWith("record data runs past the end of the message");
  auto address = [&](size_t size) -> Result<std::string> {
    if (rdata.size() != size)
      return failWith(typeText(type) + " record with " + std::to_string(length) + " octets");
    return size == 4 ? IpAddress::v4Bytes(rdata.data()).str()
                     : IpAddress::v6Bytes(rdata.data()).str();
  };
  // Types whose data holds names: parse with the whole message (pointers may go anywhere
  // before), then check the parts used exactly the record's length.
  ByteReader r = start;
  std::string text;
  auto name = [&]() -> bool {
    auto n = readName(message, r);
    if (!n) return false;
    text += *n;
    return true;
  };
  auto number = [&](auto value) { text += std::to_string(value) + " "; };
  bool parsed = true;
  switch (type) {
    case kTypeA:
      return address(4);
    case kTypeAaaa:
      return address(16);
    case kTypeTxt:
      return readTxt(rdata);
    case kTypeNs:
    case kTypeCname:
    case kTypePtr:
      parsed = name();
      break;
    case kTypeMx: {
      uint16_t preference = 0;
      parsed = r.readU16(preference);
      if (parsed) number(preference);
      parsed = parsed && name();
      break;
    }
    case kTypeSrv: {
      uint16_t priority = 0, weight = 0, port = 0;
      parsed = r.readU16(priority) && r.readU16(weight) && r.readU16(port);
      if (parsed) {
        number(priority);
        number(weight);
        number(port);
      }
      parsed = parsed && name();
      break;
    }
    case kTypeSoa: {
      parsed = name();
      text += ' ';
      parsed = parsed && name();
      for (int i = 0; parsed && i < 5; ++i) {
        uint32_t value = 0;
        parsed = r.readU32(value);
        text += ' ' + std::to_string(value);
      }
      break;
    }
    default:
      return "\\# " + std::to_string(length) + (length ? " " + toHex(rdata, rdata.size()) : "");
  }
  if (!parsed || r.position() - start.position() != length)
    return failWith("malformed " + typeText(type) + " record data");
  return text;
}

Result<DnsQuestion> readQuestion(ByteSpan message, ByteReader& reader) {
  auto name = readName(message, reader);
  if (!name) return failWith("question: " + name.error().message);
  DnsQuestion q{*name};
  if (!reader.readU16(q.type) || !reader.readU16(q.klass))
    return failWith("question runs past the end of the message");
  return q;
}

Result<DnsRecord> readRecord(ByteSpan message, ByteReader& reader) {
  auto name = readName(message, reader);
  if (!name) return failWith(name.error().message);
  DnsRecord rr{*name};
  uint16_t length = 0;
  if (!reader.readU16(rr.type) || !reader.readU16(rr.klass) || !reader.readU32(rr.ttl) ||
      !reader.readU16(length))
    return failWith("record header runs past the end of the message");
  auto data = readData(message, reader, rr.type, length);
  if (!data) return failWith(data.error().message);
  rr.data = std::move(*data);
  return rr;
}

// One record of the additional section: the OPT record's NSID option goes into `response`
// (RFC 6891 §6.1.2 options: code, length, data); any other record is read and dropped.
Result<Ok> readAdditional(ByteSpan message, ByteReader& reader, DnsResponse& response) {
  auto name = readName(message, reader);
  if (!name) return failWith(name.error().message);
  uint16_t type = 0, klass = 0, length = 0;
  uint32_t ttl = 0;
  if (!reader.readU16(type) || !reader.readU16(klass) || !reader.readU32(ttl) ||
      !reader.readU16(length))
    return failWith("record header runs past the end of the message");
  if (type != kTypeOpt) {
    auto data = readData(message, reader, type, length);
    if (!data) return failWith(data.error().message);
    return Ok{};
  }
  ByteSpan rdata;
  if (!reader.readSpan(length, rdata)) return failWith("OPT data runs past the end of the message");
  ByteReader options(rdata);
  while (options.remaining() > 0) {
    uint16_t code = 0, size = 0;
    ByteSpan value;
    if (!options.readU16(code) || !options.readU16(size) || !options.readSpan(size, value))
      return failWith("OPT option runs past the end of its record");
    if (code == kOptionNsid)
      response.nsid = std::string(reinterpret_cast<const char*>(value.data()), value.size());
  }
  return Ok{};
}

}  // namespace

Result<Ok> validateName(std::string_view name) {
  if (name.empty()) return failWith("empty name");
  if (name == ".") return Ok{};
  std::string_view body = withoutTrailingDot(name);
  size_t octets = 1;
  for (std::string_view label : strings::split(body, '.', false)) {
    if (label.empty()) return failWith("empty label in name \"" + std::string(name) + "\"");
    if (label.size() > kMaxLabelOctets)
      return failWith("label \"" + std::string(label) + "\" longer than 63 octets");
    if (label.find('\\') != std::string_view::npos)
      return failWith("escapes in names are not supported: \"" + std::string(name) + "\"");
    octets += 1 + label.size();
  }
  if (octets > kMaxNameOctets) return failWith("name longer than 255 octets");
  return Ok{};
}

Result<Bytes> encodeQuery(uint16_t id, const DnsQuestion& question, bool recursionDesired,
                          bool requestNsid) {
  if (auto valid = validateName(question.name); !valid) return failWith(valid.error().message);
  ByteWriter w;
  w.putU16(id);
  w.putU16(recursionDesired ? kFlagRd : 0);  // QR=0 query, opcode 0 QUERY
  w.putU16(1);                               // QDCOUNT
  w.putU16(0);                               // ANCOUNT
  w.putU16(0);                               // NSCOUNT
  w.putU16(requestNsid ? 1 : 0);             // ARCOUNT
  if (question.name != ".") {
    for (std::string_view label : strings::split(withoutTrailingDot(question.name), '.', false)) {
      w.putU8(static_cast<uint8_t>(label.size()));
      w.putString(std::string(label));
    }
  }
  w.putU8(0);
  w.putU16(question.type);
  w.putU16(question.klass);
  if (requestNsid) {
    w.putU8(0);  // OPT: root owner (RFC 6891 §6.1.2)
    w.putU16(kTypeOpt);
    w.putU16(kEdnsPayload);  // CLASS: the UDP payload size
    w.putU32(0);             // TTL: extended rcode 0, version 0, no flags
    w.putU16(4);             // RDLENGTH: one option, empty
    w.putU16(kOptionNsid);   // RFC 5001 §2.1: an empty NSID option asks for it
    w.putU16(0);
  }
  return w.take();
}

Result<DnsResponse> parseResponse(ByteSpan wire) {
  ByteReader r(wire);
  DnsResponse response;
  uint16_t flags = 0, qdcount = 0, ancount = 0, nscount = 0, arcount = 0;
  if (!r.readU16(response.id) || !r.readU16(flags) || !r.readU16(qdcount) || !r.readU16(ancount) ||
      !r.readU16(nscount) || !r.readU16(arcount))
    return failWith("message shorter than the " + std::to_string(kHeaderSize) + "-octet header (" +
                    std::to_string(wire.size()) + " octets)");
  if (!(flags & kFlagQr)) return failWith("message is a query, not a response (QR=0)");
  response.authoritative = flags & kFlagAa;
  response.truncated = flags & kFlagTc;
  response.rcode = flags & 0x0f;
  if (qdcount > 1) return failWith("response has " + std::to_string(qdcount) + " questions");
  if (qdcount == 1) {
    auto q = readQuestion(wire, r);
    if (!q) return failWith(q.error().message);
    response.question = std::move(*q);
  }
  for (uint16_t i = 0; i < ancount; ++i) {
    auto rr = readRecord(wire, r);
    if (!rr) {
      return failWith("answer " + std::to_string(i + 1) + " of " + std::to_string(ancount) + ": " +
                      rr.error().message);
    }
    response.answers.push_back(std::move(*rr));
  }
  // The rest only offers the NSID: a response whose authority or additional section cannot be
  // read is still the answer it is (as before this codec read them), without an NSID.
  for (uint16_t i = 0; i < nscount; ++i)
    if (!readRecord(wire, r)) return response;
  for (uint16_t i = 0; i < arcount; ++i)
    if (!readAdditional(wire, r, response)) {
      response.nsid.reset();
      return response;
    }
  return response;
}

Result<Ok> matchesQuery(const DnsResponse& response, uint16_t id, const DnsQuestion& question) {
  char ids[48];
  std::snprintf(ids, sizeof ids, "response id 0x%04x, query id 0x%04x", response.id, id);
  if (response.id != id) return failWith(ids);
  if (!response.question) {
    if (response.rcode != kRcodeNoError) return Ok{};
    return failWith("response has no question section");
  }
  const DnsQuestion& q = *response.question;
  if (!strings::equalsIgnoreCase(withoutTrailingDot(q.name), withoutTrailingDot(question.name)) ||
      q.type != question.type || q.klass != question.klass) {
    return failWith("response is for " + q.name + " " + classText(q.klass) + " " +
                    typeText(q.type) + ", not the question asked");
  }
  return Ok{};
}

bool dataMatches(const DnsRecord& record, std::string_view expected) {
  switch (record.type) {
    case kTypeA:
    case kTypeAaaa: {
      auto want = IpAddress::parse(expected);
      auto got = IpAddress::parse(record.data);
      return want && got && *want == *got;
    }
    case kTypeNs:
    case kTypeCname:
    case kTypePtr:
      return strings::equalsIgnoreCase(withoutTrailingDot(record.data),
                                       withoutTrailingDot(expected));
    default:
      return record.data == expected;
  }
}

std::optional<uint16_t> typeFromText(std::string_view text) {
  return fromText(kTypes, "TYPE", text);
}
std::string typeText(uint16_t type) { return toText(kTypes, "TYPE", type); }
std::optional<uint16_t> classFromText(std::string_view text) {
  return fromText(kClasses, "CLASS", text);
}
std::string classText(uint16_t klass) { return toText(kClasses, "CLASS", klass); }

std::optional<uint8_t> rcodeFromText(std::string_view text) {
  auto code = fromText(kRcodes, "RCODE", text);
  if (!code || *code > 15) return std::nullopt;  // the header's 4 bits
  return static_cast<uint8_t>(*code);
}
std::string rcodeText(uint8_t rcode) { return toText(kRcodes, "RCODE", rcode); }

}  // namespace anycast::health
