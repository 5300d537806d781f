#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "control/HttpRequest.h"

namespace anycast::control {
namespace {

using namespace std::string_literals;

TEST(RequestHeadEnd, FindsTheEmptyLineAfterTheRequest) {
  struct Case {
    std::string received;
    std::optional<size_t> end;
  };
  const Case cases[] = {
      {"", std::nullopt},
      {"GET / HTTP/1.1\r\n", std::nullopt},
      {"GET / HTTP/1.1\r\nHost: a\r\n\r", std::nullopt},
      {"GET / HTTP/1.1\r\nHost: a\r\n\r\n", 27},
      {"GET / HTTP/1.1\r\nHost: a\r\n\r\nbody", 27},  // what follows is not part of it
      {"GET / HTTP/1.0\n\n", 16},                     // bare LF terminators (RFC 9112 §2.2)
      {"GET / HTTP/1.0\r\n\n", 17},
      {"GET / HTTP/1.0\n\r\n", 17},
      {"\r\n\r\n\n", std::nullopt},  // empty lines before the request line
      {"\r\n\r\nGET / HTTP/1.0\r\n\r\n", 22},
      {"x\r\r\n\r\n", 6},  // a line with a bare CR ends too (and is refused by the parser)
  };
  for (const Case& c : cases) EXPECT_EQ(requestHeadEnd(c.received), c.end) << c.received;
}

TEST(RequestHeadEnd, ByteByByteWithSearchedFindsTheSameEnd) {
  for (std::string whole : {"GET / HTTP/1.1\r\nHost: a\r\n\r\nrest", "\r\nGET / HTTP/1.0\n\nrest",
                            "GET / HTTP/1.0\r\nA: b\n\r\nrest"}) {
    std::optional<size_t> expected = requestHeadEnd(whole);
    ASSERT_TRUE(expected.has_value()) << whole;
    std::string received;
    std::optional<size_t> found;
    for (char c : whole) {
      size_t searched = received.size();
      received += c;
      found = requestHeadEnd(received, searched);
      if (found) break;
    }
    EXPECT_EQ(found, expected) << whole;
  }
}

TEST(ParseRequestHead, AcceptsWhatRfc9112Allows) {
  struct Case {
    std::string head;
    std::string method, target, path;
  };
  const Case cases[] = {
      {"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:9100\r\n\r\n", "GET", "/metrics", "/metrics"},
      {"HEAD /metrics?x=1&y HTTP/1.1\r\nhost: a\r\nAccept: */*\r\n\r\n", "HEAD", "/metrics?x=1&y",
       "/metrics"},
      {"GET http://a:9100/metrics?q HTTP/1.1\r\nHost: a\r\n\r\n", "GET", "http://a:9100/metrics?q",
       "/metrics"},  // absolute-form (§3.2.2)
      {"GET HTTP://a HTTP/1.1\r\nHost: a\r\n\r\n", "GET", "HTTP://a", "/"},
      {"GET http://a?q HTTP/1.1\r\nHost: a\r\n\r\n", "GET", "http://a?q", "/"},
      {"GET / HTTP/1.0\n\n", "GET", "/", "/"},            // HTTP/1.0: no Host needed
      {"\r\n\nGET / HTTP/1.0\r\n\r\n", "GET", "/", "/"},  // empty lines before it (§2.2)
      {"OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", "OPTIONS", "*", ""},
      {"CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n", "CONNECT", "a:443", ""},
      {"PURGE / HTTP/1.1\r\nHost: a\r\nX:\t v \xff\t\r\nEmpty:\r\n\r\nignored", "PURGE", "/", "/"},
  };
  for (const Case& c : cases) {
    auto request = parseRequestHead(c.head);
    ASSERT_TRUE(request.ok()) << c.head << ": " << request.error().reason;
    EXPECT_EQ(request->method, c.method);
    EXPECT_EQ(request->target, c.target);
    EXPECT_EQ(request->path, c.path) << c.head;
  }
}

TEST(ParseRequestHead, RefusesWhatRfc9112Forbids) {
  struct Case {
    std::string head;
    int status;
    std::string reason;
  };
  const Case cases[] = {
      {"", 400, "does not end with an empty line"},
      {"GET / HTTP/1.1\r\nHost: a\r\n", 400, "does not end with an empty line"},
      {"\r\n\r\n", 400, "does not end with an empty line"},
      {"GET / HTTP/1.1\r\n\r\n", 400, "exactly one Host"},
      {"GET / HTTP/1.0\r\nHost: a\r\nHOST: b\r\n\r\n", 400, "exactly one Host"},
      {"GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n", 400, "obsolete line folding"},
      {"GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400, "name \":\" value"},
      {"GET / HTTP/1.1\r\nno colon\r\n\r\n", 400, "name \":\" value"},
      {"GET / HTTP/1.1\r\n: a\r\n\r\n", 400, "name \":\" value"},
      {"GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", 400, "bare CR"},
      {"GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n"s, 400, "control character"},
      {"GET / HTTP/1.1\r\nHost: a\x7f\r\n\r\n", 400, "control character"},
      {"GET /  HTTP/1.1\r\nHost: a\r\n\r\n", 400, "not an HTTP version"},
      {"GET / http/1.1\r\nHost: a\r\n\r\n", 400, "not an HTTP version"},
      {"GET / HTTP/1.10\r\nHost: a\r\n\r\n", 400, "not an HTTP version"},
      {"GET /\r\n\r\n", 400, "method SP target SP version"},
      {"GET\r\n\r\n", 400, "method SP target SP version"},
      {"G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "method is not a token"},
      {" / HTTP/1.1\r\nHost: a\r\n\r\n", 400, "method is not a token"},
      {"GET  HTTP/1.1\r\nHost: a\r\n\r\n", 400, "empty request target"},
      {"GET /\xc3\xa9 HTTP/1.1\r\nHost: a\r\n\r\n", 400, "not visible ASCII"},
      {"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"s, 400, "method SP target"},  // TLS
      {"GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505, "major version 2"},
      {"GET / HTTP/0.9\r\n\r\n", 505, "major version 0"},
  };
  for (const Case& c : cases) {
    auto request = parseRequestHead(c.head);
    ASSERT_FALSE(request.ok()) << c.head;
    EXPECT_EQ(request.error().status, c.status) << c.head;
    EXPECT_NE(request.error().reason.find(c.reason), std::string::npos)
        << c.head << " -> " << request.error().reason;
  }
}

// A small in-test fuzz: every prefix of a valid head and every byte of it replaced by each of
// a few troublemakers parses to a request or an error, never reads outside (ASan build).
TEST(ParseRequestHead, TruncatedAndMutatedHeadsNeverCrash) {
  const std::string head = "GET http://a:1/m?q HTTP/1.1\r\nHost: a\r\nX: y\r\n\r\n";
  for (size_t n = 0; n <= head.size(); ++n) {
    auto request = parseRequestHead(head.substr(0, n));
    EXPECT_EQ(request.ok(), n == head.size()) << n;
  }
  for (size_t i = 0; i < head.size(); ++i) {
    for (char c : {'\0', '\r', '\n', ' ', ':', '/', '?', '\xff'}) {
      std::string mutated = head;
      mutated[i] = c;
      auto request = parseRequestHead(mutated);
      EXPECT_TRUE(!request.ok() || request->path.empty() || request->path[0] == '/') << mutated;
    }
  }
}

}  // namespace
}  // namespace anycast::control
