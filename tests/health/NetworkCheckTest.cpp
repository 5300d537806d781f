// TCP, HTTP and DNS checks against real servers on loopback: sockets and an HTTP server the
// test runs in-process, python3's http.server and Knot DNS (knotd) when installed.
#include <gtest/gtest.h>

#include "HealthTestUtil.h"
#include "bgp/session/AsioAddress.h"

namespace anycast::health {
namespace {

using namespace testutil;

const IpAddress kLoopback = *IpAddress::parse("127.0.0.1");

CheckConfig target(CheckKind kind, uint16_t port) {
  CheckConfig c = testConfig(kind);
  c.address = kLoopback;
  c.port = port;
  return c;
}

TEST(TcpCheck, UpAgainstAListenerDownAgainstAClosedPort) {
  asio::io_context listenerIo;
  asio::ip::tcp::acceptor listener(listenerIo, asio::ip::tcp::endpoint(bgp::toAsio(kLoopback), 0));
  CheckHarness up(target(CheckKind::kTcp, listener.local_endpoint().port()));
  ASSERT_TRUE(up.runUntilState(CheckState::kUp)) << up.detail();
  EXPECT_EQ(up.detail(), "connected");

  CheckHarness closed(target(CheckKind::kTcp, freePort(false)));
  ASSERT_TRUE(closed.runUntilState(CheckState::kDown)) << closed.detail();
  EXPECT_EQ(closed.detail(), "connect: Connection refused");
}

TEST(TcpCheck, OverIpv6Loopback) {
  asio::io_context listenerIo;
  asio::ip::tcp::acceptor listener(listenerIo);
  asio::error_code ec;
  listener.open(asio::ip::tcp::v6(), ec);
  if (!ec) listener.bind(asio::ip::tcp::endpoint(asio::ip::address_v6::loopback(), 0), ec);
  if (!ec) listener.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) GTEST_SKIP() << "no IPv6 loopback here: " << ec.message();
  CheckConfig c = target(CheckKind::kTcp, listener.local_endpoint().port());
  c.address = *IpAddress::parse("::1");
  CheckHarness h(c);
  ASSERT_TRUE(h.runUntilState(CheckState::kUp)) << h.detail();
}

// Answers every request with one fixed response, then closes; remembers the last request.
class TinyHttpServer {
 public:
  TinyHttpServer(asio::io_context& io, std::string response)
      : acceptor_(io, asio::ip::tcp::endpoint(bgp::toAsio(kLoopback), 0)),
        response_(std::move(response)) {
    accept();
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::string lastRequest;

 private:
  struct Connection {
    explicit Connection(asio::ip::tcp::socket s) : socket(std::move(s)) {}
    asio::ip::tcp::socket socket;
    std::string in;
  };
  void accept() {
    acceptor_.async_accept([this](const asio::error_code& ec, asio::ip::tcp::socket socket) {
      if (ec) return;
      auto c = std::make_shared<Connection>(std::move(socket));
      asio::async_read_until(
          c->socket, asio::dynamic_buffer(c->in), "\r\n\r\n",
          [this, c](const asio::error_code& ec, size_t) {
            if (ec) return;
            lastRequest = c->in;
            asio::async_write(c->socket, asio::buffer(response_),
                              [c](const asio::error_code&, size_t) {
                                asio::error_code ignored;
                                c->socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
                                c->socket.close(ignored);
                              });
          });
      accept();
    });
  }
  asio::ip::tcp::acceptor acceptor_;
  std::string response_;
};

TEST(HttpCheck, InProcessServer) {
  struct Case {
    const char* response;
    const char* body;  // expected substring, "" for none
    bool up;
    const char* detail;
  };
  const Case cases[] = {
      {"HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nhealthy", "healthy", true, "status 200"},
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nheal\r\n3\r\nthy\r\n0\r\n\r\n",
       "healthy", true, "status 200"},
      {"HTTP/1.1 200 OK\r\n\r\nsick", "healthy", false,
       "status 200, body does not contain \"healthy\""},
      {"HTTP/1.1 503 Service Unavailable\r\n\r\n", "", false,
       "status 503 Service Unavailable, expected 200"},
  };
  for (const Case& c : cases) {
    CheckConfig config = target(CheckKind::kHttp, 0);
    config.http.path = "/health";
    config.http.body = c.body;
    CheckHarness h;
    TinyHttpServer server(h.io, c.response);
    config.port = server.port();
    h.start(config);
    CheckState want = c.up ? CheckState::kUp : CheckState::kDown;
    ASSERT_TRUE(h.runUntilState(want)) << c.response << " -> " << h.detail();
    EXPECT_EQ(h.detail(), c.detail);
    EXPECT_NE(server.lastRequest.find("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" +
                                      std::to_string(server.port())),
              std::string::npos)
        << server.lastRequest;
  }
}

TEST(HttpCheck, PythonHttpServer) {
  auto python = findProgram("python3");
  if (!python) GTEST_SKIP() << "python3 not installed";
  TempDir dir;
  dir.file("health.html", "<p>anycast-ok</p>\n");
  uint16_t port = freePort(false);
  TestProcess server({*python, "-m", "http.server", std::to_string(port), "--bind", "127.0.0.1",
                      "--directory", dir.path()});
  ASSERT_GT(server.pid(), 0);

  CheckConfig ok = target(CheckKind::kHttp, port);
  ok.http.path = "/health.html";
  ok.http.body = "anycast-ok";
  CheckHarness h(ok);  // refused until python listens, then up
  ASSERT_TRUE(h.runUntilState(CheckState::kUp)) << h.detail();
  EXPECT_EQ(h.detail(), "status 200");

  CheckConfig missing = ok;
  missing.http.path = "/missing.html";
  missing.http.body.clear();
  CheckHarness m(missing);
  ASSERT_TRUE(m.runUntilDetail("status 404")) << m.detail();
  EXPECT_EQ(m.check->state(), CheckState::kDown);
  EXPECT_NE(m.detail().find(", expected 200"), std::string::npos);
}

// knotd on 127.0.0.1 at a free high port, serving example.test from a temp dir.
class KnotServer {
 public:
  explicit KnotServer(const std::string& knotd) : port_(freePort(true)) {
    std::string zone =
        dir_.file("example.test.zone",
                  "$ORIGIN example.test.\n$TTL 60\n"
                  "@ SOA ns admin 1 3600 600 86400 60\n@ NS ns\nns A 127.0.0.1\n"
                  "www A 192.0.2.10\nwww AAAA 2001:db8::10\nsite TXT \"site one\"\n");
    std::string conf = dir_.file(
        "knot.conf",
        "server:\n  rundir: " + dir_.path() + "\n  listen: 127.0.0.1@" + std::to_string(port_) +
            "\ndatabase:\n  storage: " + dir_.path() + "\nlog:\n  - target: " + dir_.path() +
            "/knot.log\n    any: info\nzone:\n  - domain: example.test\n    file: " + zone +
            "\n    storage: " + dir_.path() + "\n");
    process_ = std::make_unique<TestProcess>(std::vector<std::string>{knotd, "-c", conf});
  }
  uint16_t port() const { return port_; }
  pid_t pid() const { return process_->pid(); }
  void stop() { process_->stop(); }

 private:
  TempDir dir_;
  uint16_t port_;
  std::unique_ptr<TestProcess> process_;  // ended before dir_ is removed
};

CheckConfig dnsCheck(uint16_t port, std::string name, uint16_t type) {
  CheckConfig c = target(CheckKind::kDns, port);
  c.dns.name = std::move(name);
  c.dns.type = type;
  return c;
}

TEST(DnsCheck, AgainstKnot) {
  auto knotd = findProgram("knotd");
  if (!knotd) GTEST_SKIP() << "knotd not installed (scripts/install-deps.sh installs knot)";
  KnotServer knot(*knotd);
  ASSERT_GT(knot.pid(), 0);

  CheckConfig a = dnsCheck(knot.port(), "www.example.test", kTypeA);
  a.dns.expect = "192.0.2.10";
  CheckHarness ha(a);  // refused until knotd listens, then up
  ASSERT_TRUE(ha.runUntilState(CheckState::kUp)) << ha.detail();
  EXPECT_EQ(ha.detail(), "NOERROR, answer 192.0.2.10");

  struct Case {
    CheckConfig config;
    CheckState state;
    const char* detail;
  };
  CheckConfig aaaa = dnsCheck(knot.port(), "WWW.example.test.", kTypeAaaa);
  aaaa.dns.expect = "2001:db8:0::10";
  CheckConfig txt = dnsCheck(knot.port(), "site.example.test", kTypeTxt);
  txt.dns.expect = "site one";
  CheckConfig nxdomain = dnsCheck(knot.port(), "nope.example.test", kTypeA);
  nxdomain.dns.rcode = *rcodeFromText("NXDOMAIN");
  CheckConfig wrong = a;
  wrong.dns.expect = "192.0.2.99";
  CheckConfig refused = dnsCheck(knot.port(), "www.other.test", kTypeA);
  CheckConfig noAnswer = dnsCheck(knot.port(), "ns.example.test", kTypeAaaa);
  noAnswer.dns.expect = "::1";
  const Case cases[] = {
      {aaaa, CheckState::kUp, "NOERROR, answer 2001:db8::10"},
      {txt, CheckState::kUp, "NOERROR, answer site one"},
      {nxdomain, CheckState::kUp, "NXDOMAIN, 0 answers"},
      {wrong, CheckState::kDown, "NOERROR, A answers 192.0.2.10, expected 192.0.2.99"},
      {refused, CheckState::kDown, "rcode REFUSED, expected NOERROR"},
      {noAnswer, CheckState::kDown, "NOERROR, no AAAA answer, expected ::1"},
  };
  for (const Case& c : cases) {
    CheckHarness h(c.config);
    ASSERT_TRUE(h.runUntilDetail(c.detail)) << c.detail << " -> " << h.detail();
    EXPECT_EQ(h.check->state(), c.state) << c.detail;
  }
}

TEST(DnsCheck, GoesDownWhenKnotIsKilled) {
  auto knotd = findProgram("knotd");
  if (!knotd) GTEST_SKIP() << "knotd not installed (scripts/install-deps.sh installs knot)";
  KnotServer knot(*knotd);
  CheckHarness h(dnsCheck(knot.port(), "example.test", kTypeSoa));
  ASSERT_TRUE(h.runUntilState(CheckState::kUp)) << h.detail();
  knot.stop();
  ASSERT_TRUE(h.runUntilState(CheckState::kDown)) << h.detail();
  // The connected UDP socket gets the ICMP port unreachable: refused, not a timeout. (A query
  // knotd took in just before it died times out instead: the next one is refused.)
  EXPECT_TRUE(h.runUntilDetail("receive: Connection refused")) << h.detail();
}

}  // namespace
}  // namespace anycast::health
