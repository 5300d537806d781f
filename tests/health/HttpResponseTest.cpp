#include <gtest/gtest.h>

#include "health/HttpProbe.h"
#include "health/HttpResponse.h"

namespace anycast::health {
namespace {

TEST(HttpRequest, IsAnHttp11GetWithHostAndClose) {
  HttpCheckConfig config;
  config.path = "/health?x=1";
  EXPECT_EQ(httpRequest(config, "dns.example:8080"),
            "GET /health?x=1 HTTP/1.1\r\nHost: dns.example:8080\r\nUser-Agent: anycastd-health\r\n"
            "Accept: */*\r\nConnection: close\r\n\r\n");
}

TEST(HttpRequest, HostDefaultsToTheAddress) {
  CheckConfig c = CheckConfig::forKind(CheckKind::kHttp);
  EXPECT_EQ(httpHost(c), "127.0.0.1");
  c.port = 8080;
  c.address = *IpAddress::parse("2001:db8::1");
  EXPECT_EQ(httpHost(c), "[2001:db8::1]:8080");
  c.http.host = "www.example";
  EXPECT_EQ(httpHost(c), "www.example");
}

TEST(HttpResponse, ParsesStatusAndBody) {
  auto r = parseHttpResponse("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall good", true);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->reason, "OK");
  EXPECT_EQ(r->body, "all good");
  auto noReason = parseHttpResponse("HTTP/1.0 204\n\n", true);  // bare LF, no reason phrase
  ASSERT_TRUE(noReason.ok()) << noReason.error().message;
  EXPECT_EQ(noReason->status, 204);
}

TEST(HttpResponse, ContentLengthAndChunked) {
  auto sized = parseHttpResponse("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbodyEXTRA", true);
  ASSERT_TRUE(sized.ok());
  EXPECT_EQ(sized->body, "body");
  auto chunked = parseHttpResponse(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n",
      true);
  ASSERT_TRUE(chunked.ok()) << chunked.error().message;
  EXPECT_EQ(chunked->body, "hello world");
  // Cut by the read cap: what came is kept.
  auto capped =
      parseHttpResponse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n01234", false);
  ASSERT_TRUE(capped.ok());
  EXPECT_EQ(capped->body, "01234");
}

TEST(HttpResponse, SkipsInterimResponses) {
  auto r = parseHttpResponse(
      "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 503 Busy\r\n\r\n", true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 503);
}

TEST(HttpResponse, MalformedIsAnError) {
  struct Case {
    const char* raw;
    bool complete;
    const char* error;
  };
  const Case cases[] = {
      {"", true, "ends inside its header"},
      {"HTTP/1.1 200 OK\r\nX: y\r\n", true, "ends inside its header"},
      {"HTTP/1.1 200 OK\r\nX: y\r\n", false, "longer than the read cap"},
      {"SSH-2.0-OpenSSH_9.2\r\n", true, "not an HTTP/1.x status line"},
      {"HTTP/1.1 2x0 OK\r\n\r\n", true, "bad status code"},
      {"HTTP/1.1 200 OK\r\nno colon\r\n\r\n", true, "malformed header field"},
      {"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", true, "bad Content-Length"},
      {"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", true, "body ends after 5 of its 10"},
      // Found by fuzz_http_response (regressions/.../crash-20ea3729...): RFC 9112 §6.3 item 5.
      {"HTTP/1.1 301 Moved\r\nContent-Length: 5\r\ncontent-length: 0\r\n\r\n", true,
       "conflicting Content-Length 5 and 0"},
      {"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\nhello", false,
       "conflicting Content-Length 0 and 5"},
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", true, "malformed chunk size"},
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", true,
       "before its last chunk"},
  };
  for (const Case& c : cases) {
    auto r = parseHttpResponse(c.raw, c.complete);
    ASSERT_FALSE(r.ok()) << c.raw;
    EXPECT_NE(r.error().message.find(c.error), std::string::npos)
        << c.raw << " -> " << r.error().message;
  }
}

// Found by fuzz_http_response (tests/fuzz/regressions/fuzz_http_response/crash-fdb534cf...):
// "Transfer-Encoding:\x17chunked" was read as chunked because the value ends in "chunked".
// RFC 9112 §6.3 item 4: the body is chunked only when chunked is the final transfer coding
// (the last element of the list, across all the fields; empty elements do not count).
TEST(HttpResponse, ChunkedOnlyAsTheFinalCoding) {
  const char* chunks = "5\r\nhello\r\n0\r\n\r\n";
  for (const char* te : {"xchunked", "\027chunked", "chunked, gzip", "chunked;x, gzip"}) {
    auto r = parseHttpResponse(
        std::string("HTTP/1.1 200 OK\r\nTransfer-Encoding: ") + te + "\r\n\r\n" + chunks, true);
    ASSERT_TRUE(r.ok()) << te << ": " << r.error().message;
    EXPECT_EQ(r->body, chunks) << te;  // not chunked: read until the close
  }
  for (const char* te : {"chunked", "gzip, CHUNKED", "gzip,chunked, ",
                         "chunked\r\nTransfer-Encoding: ", "gzip\r\nTransfer-Encoding: chunked"}) {
    auto r = parseHttpResponse(
        std::string("HTTP/1.1 200 OK\r\nTransfer-Encoding: ") + te + "\r\n\r\n" + chunks, true);
    ASSERT_TRUE(r.ok()) << te << ": " << r.error().message;
    EXPECT_EQ(r->body, "hello") << te;
  }
}

// Found by fuzz_http_response (regressions/fuzz_http_response/crash-a6e7a000...): a 204 was
// given what followed its header as a body. RFC 9112 §6.3 item 1: a 204 or 304 has none,
// whatever Content-Length or Transfer-Encoding say.
TEST(HttpResponse, NoBodyAfter204Or304) {
  for (const char* raw : {"HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
                          "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n",
                          "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\nzz"}) {
    auto r = parseHttpResponse(raw, true);
    ASSERT_TRUE(r.ok()) << raw << ": " << r.error().message;
    EXPECT_EQ(r->body, "") << raw;
  }
}

// Found by fuzz_http_response (regressions/fuzz_http_response/crash-ba4b8b4f...): with a
// Transfer-Encoding that does not end in chunked, Content-Length was used. RFC 9112 §6.3
// item 3: Transfer-Encoding overrides Content-Length; item 4: the body runs to the close.
TEST(HttpResponse, TransferEncodingOverridesContentLength) {
  auto r = parseHttpResponse(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\nabcdef", true);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->body, "abcdef");
  auto chunked = parseHttpResponse(
      "HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n0\r\n\r\n",
      true);
  ASSERT_TRUE(chunked.ok()) << chunked.error().message;
  EXPECT_EQ(chunked->body, "abc");
}

TEST(HttpEvaluate, StatusAndBody) {
  HttpCheckConfig config;
  EXPECT_EQ(evaluateHttpResponse("HTTP/1.1 200 OK\r\n\r\nx", true, config).detail, "status 200");
  ProbeResult down = evaluateHttpResponse("HTTP/1.1 503 Service Unavailable\r\n\r\n", true, config);
  EXPECT_FALSE(down.ok);
  EXPECT_EQ(down.detail, "status 503 Service Unavailable, expected 200");
  config.body = "healthy";
  EXPECT_TRUE(evaluateHttpResponse("HTTP/1.1 200 OK\r\n\r\nI am healthy.", true, config).ok);
  ProbeResult noBody = evaluateHttpResponse("HTTP/1.1 200 OK\r\n\r\nI am sick.", true, config);
  EXPECT_FALSE(noBody.ok);
  EXPECT_EQ(noBody.detail, "status 200, body does not contain \"healthy\"");
  EXPECT_FALSE(evaluateHttpResponse("garbage", true, config).ok);
}

}  // namespace
}  // namespace anycast::health
