#include "control/HttpRequest.h"

#include "base/Text.h"

namespace anycast::control {
namespace {

Unexpected<HttpRequestError> invalid(std::string reason, int status = 400) {
  return fail(HttpRequestError{status, std::move(reason)});
}

// tchar (RFC 9110 §5.6.2).
bool isTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isToken(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!isTokenChar(c)) return false;
  }
  return true;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// The next line of the head, its terminator removed (§2.2: CRLF, or a bare LF); an error for a
// head without its empty line, or a bare CR in a line.
Result<std::string_view, HttpRequestError> nextLine(std::string_view& rest) {
  auto line = strings::takeLine(rest);
  if (!line) return invalid("the head does not end with an empty line");
  if (line->find('\r') != std::string_view::npos) return invalid("bare CR in a line");
  return *line;
}

// The path of an origin-form or absolute-form target (§3.2.1, §3.2.2) without its query.
std::string_view targetPath(std::string_view target) {
  std::string_view path;
  if (target.front() == '/') {
    path = target;
  } else {
    size_t schemeEnd = target.find("://");
    std::string_view scheme = target.substr(0, schemeEnd);
    if (schemeEnd == std::string_view::npos ||
        !(strings::equalsIgnoreCase(scheme, "http") || strings::equalsIgnoreCase(scheme, "https"))) {
      return {};  // the asterisk-form, the authority-form, or no form at all
    }
    size_t pathStart = target.find_first_of("/?", schemeEnd + 3);
    if (pathStart == std::string_view::npos || target[pathStart] == '?') return "/";
    path = target.substr(pathStart);
  }
  return path.substr(0, path.find('?'));
}

}  // namespace

std::optional<size_t> requestHeadEnd(std::string_view received, size_t searched) {
  // The end is the terminator of a non-empty line, then an empty line. A match looks at most
  // 2 bytes before its first LF and ends at most 3 after it, so one that was not complete at
  // `searched` bytes has that LF at searched - 2 or later. Empty lines before the request line
  // never match.
  for (size_t lf = received.find('\n', searched > 2 ? searched - 2 : 0);
       lf != std::string_view::npos; lf = received.find('\n', lf + 1)) {
    size_t last = (lf >= 1 && received[lf - 1] == '\r') ? lf - 1 : lf;  // the line's end
    if (last == 0 || received[last - 1] == '\n') continue;              // an empty line
    if (lf + 1 < received.size() && received[lf + 1] == '\n') return lf + 2;
    if (lf + 2 < received.size() && received[lf + 1] == '\r' && received[lf + 2] == '\n') {
      return lf + 3;
    }
  }
  return std::nullopt;
}

Result<HttpRequest, HttpRequestError> parseRequestHead(std::string_view head) {
  std::string_view rest = head;
  auto line = nextLine(rest);
  while (line.ok() && line->empty()) line = nextLine(rest);  // §2.2: empty lines before it
  if (!line.ok()) return fail(line.error());

  // request-line = method SP request-target SP HTTP-version (§3)
  std::string_view requestLine = *line;
  size_t firstSpace = requestLine.find(' ');
  size_t secondSpace = requestLine.find(' ', firstSpace + 1);
  if (firstSpace == std::string_view::npos || secondSpace == std::string_view::npos) {
    return invalid("the request line is not: method SP target SP version");
  }
  std::string_view method = requestLine.substr(0, firstSpace);
  std::string_view target = requestLine.substr(firstSpace + 1, secondSpace - firstSpace - 1);
  std::string_view version = requestLine.substr(secondSpace + 1);
  if (!isToken(method)) return invalid("the method is not a token");
  if (target.empty()) return invalid("empty request target");
  for (unsigned char c : target) {
    if (c <= ' ' || c >= 0x7f)
      return invalid("a request target character that is not visible ASCII");
  }
  // HTTP-version = "HTTP" "/" DIGIT "." DIGIT (§2.3)
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || !isDigit(version[5]) ||
      version[6] != '.' || !isDigit(version[7])) {
    return invalid("not an HTTP version: the request line is not: method SP target SP version");
  }
  if (version[5] != '1') return invalid("HTTP major version " + std::string(1, version[5]), 505);

  size_t hostLines = 0;
  for (line = nextLine(rest); line.ok() && !line->empty(); line = nextLine(rest)) {
    std::string_view field = *line;
    // §5.2: obs-fold (a line starting with whitespace) is rejected.
    if (field.front() == ' ' || field.front() == '\t') return invalid("obsolete line folding");
    size_t colon = field.find(':');
    // §5.1: no whitespace between the field name and the colon.
    if (colon == std::string_view::npos || !isToken(field.substr(0, colon))) {
      return invalid("a field line is not: name \":\" value");
    }
    for (unsigned char c : field.substr(colon + 1)) {  // RFC 9110 §5.5: no CTL but HTAB
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return invalid("a control character in a field value");
      }
    }
    if (strings::equalsIgnoreCase(field.substr(0, colon), "host")) ++hostLines;
  }
  if (!line.ok()) return fail(line.error());
  // §3.2: 400 for an HTTP/1.1 request without Host, and for any with more than one.
  if (hostLines > 1 || (hostLines == 0 && version[7] != '0')) {
    return invalid("an HTTP/1.1 request has exactly one Host field line");
  }
  return HttpRequest{std::string(method), std::string(target), std::string(targetPath(target))};
}

}  // namespace anycast::control
