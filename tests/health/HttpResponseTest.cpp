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
