#include "health/HttpResponse.h"

#include <charconv>
#include <optional>

#include "base/Text.h"

namespace anycast::health {
namespace {

// RFC 9112 §7.1: chunk-size [ext] CRLF data CRLF ... 0 CRLF [trailers] CRLF.
Result<std::string> dechunk(std::string_view rest, bool complete) {
  std::string body;
  for (;;) {
    auto line = strings::takeLine(rest);
    if (!line) break;
    std::string_view size = line->substr(0, line->find(';'));
    size = strings::trim(size);
    size_t n = 0;
    auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), n, 16);
    if (size.empty() || ec != std::errc() || end != size.data() + size.size())
      return failWith("malformed chunk size \"" + std::string(size.substr(0, 16)) + "\"");
    if (n == 0) return body;
    if (rest.size() < n) {
      body.append(rest);
      rest = {};
      break;
    }
    body.append(rest.substr(0, n));
    rest.remove_prefix(n);
    if (!strings::takeLine(rest)) break;  // the CRLF after the data
  }
  if (complete) return failWith("chunked body ends before its last chunk");
  return body;
}

struct Head {
  int status = 0;
  std::string reason;
  bool transferEncoding = false;  // the field is present (chunked or not)
  bool chunked = false;
  std::optional<size_t> contentLength;
};

// The status line and header fields; `rest` is left at the body. A line ends in LF, one CR
// before it dropped: RFC 9112 §2.2 lets a recipient accept a bare LF.
Result<Head> parseHead(std::string_view& rest, bool complete) {
  auto statusLine = strings::takeLine(rest);
  auto cut = [&]() {
    return failWith(complete ? "response ends inside its header"
                             : "header longer than the read cap");
  };
  if (!statusLine) return cut();
  std::string_view s = *statusLine;
  // HTTP-version SP status-code SP [reason-phrase]
  if (s.size() < 12 || s.substr(0, 7) != "HTTP/1." || s[8] != ' ' ||
      (s.size() > 12 && s[12] != ' '))
    return failWith("not an HTTP/1.x status line: \"" + std::string(s.substr(0, 40)) + "\"");
  auto code = strings::parseNumber<int>(s.substr(9, 3));
  if (!code || *code < 100 || *code > 999)
    return failWith("bad status code \"" + std::string(s.substr(9, 3)) + "\"");
  Head head{*code, std::string(s.size() > 13 ? s.substr(13) : std::string_view())};
  for (;;) {
    auto line = strings::takeLine(rest);
    if (!line) return cut();
    if (line->empty()) return head;
    size_t colon = line->find(':');
    if (colon == std::string_view::npos || colon == 0)
      return failWith("malformed header field \"" + std::string(line->substr(0, 40)) + "\"");
    std::string name = strings::lowercase(line->substr(0, colon));
    std::string_view value = strings::trim(line->substr(colon + 1));
    if (name == "transfer-encoding") {
      head.transferEncoding = true;
      // §6.3 item 4: chunked only as the final coding of the list, all the fields' values
      // joined (RFC 9110 §5.3); empty list elements do not count (RFC 9110 §5.6.1).
      for (std::string_view coding : strings::split(value, ',', true)) {
        coding = strings::trim(coding.substr(0, coding.find(';')));
        if (!coding.empty()) head.chunked = strings::lowercase(coding) == "chunked";
      }
    } else if (name == "content-length") {
      auto length = strings::parseNumber<size_t>(value);
      if (!length) return failWith("bad Content-Length \"" + std::string(value) + "\"");
      // §6.3 item 5: fields that disagree leave the length unknown, an unrecoverable error.
      if (head.contentLength && *head.contentLength != *length)
        return failWith("conflicting Content-Length " + std::to_string(*head.contentLength) +
                        " and " + std::to_string(*length));
      head.contentLength = length;
    }
  }
}

}  // namespace

Result<HttpResponse> parseHttpResponse(std::string_view raw, bool complete) {
  std::string_view rest = raw;
  for (;;) {
    auto head = parseHead(rest, complete);
    if (!head) return failWith(head.error().message);
    if (head->status >= 200 || head->status == 101) {
      HttpResponse response{head->status, std::move(head->reason)};
      // §6.3 item 1: a 204 or 304 ends with its header, whatever the fields say.
      if (head->status == 204 || head->status == 304) return response;
      if (head->chunked) {
        auto body = dechunk(rest, complete);
        if (!body) return failWith(body.error().message);
        response.body = std::move(*body);
      } else if (head->contentLength && !head->transferEncoding) {  // §6.3 items 3, 6
        if (rest.size() < *head->contentLength && complete)
          return failWith("body ends after " + std::to_string(rest.size()) + " of its " +
                          std::to_string(*head->contentLength) + " bytes");
        response.body = std::string(rest.substr(0, *head->contentLength));
      } else {
        response.body = std::string(rest);  // §6.3 items 4, 8: until the connection closes
      }
      return response;
    }
    // 1xx interim: another response follows (RFC 9110 §15.2).
  }
}

}  // namespace anycast::health
