// libFuzzer target for the HTTP health check's response parser (health/HttpResponse: RFC 9112
// §4 status line, §5 header fields, §6.3 message body length, §7.1 chunked; RFC 9110 §15.2
// interim responses). Each input is what was read from the connection; it is parsed twice, as
// a response the server closed after (complete) and as one cut by the read cap (not complete).
// Invariants, checked with abort():
// - parsing never reads out of bounds (ASan) nor crashes;
// - the response is a final one (status 101 or 200..999), and its body is never longer than
//   the input;
// - a response that parses complete parses the same when cut by the cap;
// - the body is as long as RFC 9112 §6.3 says, read from the final response's header fields:
//   none after 204 or 304 (item 1); a Transfer-Encoding overrides Content-Length (item 3),
//   and one whose final coding is not chunked reads until the close (item 4); differing
//   Content-Length values are an error (item 5); otherwise Content-Length is the body's
//   length (item 6) — cut short only when the read was — and without either the body is what
//   follows the header (item 8). For a chunked body, the chunks are not re-checked here.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/Text.h"
#include "health/HttpResponse.h"

namespace {

using namespace anycast;
using namespace anycast::health;

void require(bool invariant) {
  if (!invariant) std::abort();
}

// Lines, OWS and case as the parser takes them (base/Text.h): a line ends in LF with one CR
// before it dropped; OWS is SP and HTAB.
using strings::lowercase;
using strings::takeLine;
using strings::trim;

// What RFC 9112 §6.3 needs from the final response's head (interim 1xx heads skipped).
struct FinalHead {
  int status = 0;
  std::string transferEncoding;  // the field values joined with ',' (RFC 9110 §5.3)
  bool hasTransferEncoding = false;
  std::vector<std::string_view> contentLengths;
  std::string_view body;  // what follows the head
};

// Only called on input the parser accepted, so every head is whole and well-formed.
FinalHead finalHead(std::string_view raw) {
  std::string_view rest = raw;
  for (;;) {
    FinalHead head;
    auto statusLine = takeLine(rest);
    require(statusLine && statusLine->size() >= 12);
    head.status =
        ((*statusLine)[9] - '0') * 100 + ((*statusLine)[10] - '0') * 10 + ((*statusLine)[11] - '0');
    for (;;) {
      auto line = takeLine(rest);
      require(line.has_value());
      if (line->empty()) break;
      size_t colon = line->find(':');
      require(colon != std::string_view::npos);
      std::string name = lowercase(line->substr(0, colon));
      std::string_view value = trim(line->substr(colon + 1));
      if (name == "transfer-encoding") {
        if (head.hasTransferEncoding) head.transferEncoding += ',';
        head.transferEncoding += value;
        head.hasTransferEncoding = true;
      } else if (name == "content-length") {
        head.contentLengths.push_back(value);
      }
    }
    if (head.status >= 200 || head.status == 101) {
      head.body = rest;
      return head;
    }
  }
}

// The last transfer coding in the list, without its parameters, lowercase; empty list
// elements do not count (RFC 9110 §5.6.1).
std::string finalCoding(std::string_view list) {
  std::string last;
  for (std::string_view element : strings::split(list, ',', true)) {
    element = trim(element.substr(0, element.find(';')));
    if (!element.empty()) last = lowercase(element);
  }
  return last;
}

// The body length §6.3 gives the final response, or nullopt when its framing is invalid
// (item 5); `chunked` is set when the body is chunked (item 4) and its length is not checked.
struct Expected {
  bool invalid = false;
  bool chunked = false;
  size_t length = 0;
};

Expected expectedBody(const FinalHead& head) {
  Expected e;
  if (head.status == 204 || head.status == 304) return e;  // item 1
  if (head.hasTransferEncoding) {                          // items 3 and 4
    e.chunked = finalCoding(head.transferEncoding) == "chunked";
    e.length = head.body.size();
    return e;
  }
  if (!head.contentLengths.empty()) {  // items 5 and 6; Content-Length = 1*DIGIT (RFC 9110 §8.6)
    std::optional<size_t> first = strings::parseNumber<size_t>(head.contentLengths.front());
    for (std::string_view v : head.contentLengths) {
      std::optional<size_t> n = strings::parseNumber<size_t>(v);
      if (!n || n != first) e.invalid = true;
    }
    e.length = first.value_or(0);
    return e;
  }
  e.length = head.body.size();  // item 8: until the connection closes
  return e;
}

void check(std::string_view raw, const HttpResponse& r, bool complete) {
  require((r.status >= 200 && r.status <= 999) || r.status == 101);
  require(r.body.size() <= raw.size());
  require(r.reason.find('\n') == std::string::npos);
  if (r.status == 101) return;  // what follows is another protocol's
  FinalHead head = finalHead(raw);
  require(head.status == r.status);
  Expected e = expectedBody(head);
  require(!e.invalid);
  if (e.chunked) {
    require(r.body.size() <= head.body.size());
    return;
  }
  if (complete) {
    require(r.body.size() == e.length);
  } else {
    require(r.body.size() == std::min(e.length, head.body.size()));
  }
  require(head.body.substr(0, r.body.size()) == r.body);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  auto complete = parseHttpResponse(raw, true);
  auto capped = parseHttpResponse(raw, false);
  if (complete.ok()) {
    check(raw, *complete, true);
    require(capped.ok() && capped->status == complete->status &&
            capped->reason == complete->reason && capped->body == complete->body);
  }
  if (capped.ok()) check(raw, *capped, false);
  return 0;
}
