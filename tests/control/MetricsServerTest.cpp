// MetricsServer on loopback: the server's event loop runs on the test's thread while a blocking
// client (plain sockets, every wait bounded) or curl runs on another. Nothing asserts on timing:
// waits end at kBound, generous for a loaded machine, and the outcome is what is checked.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <thread>

#include "control/MetricsServer.h"
#include "control/MetricsText.h"

namespace anycast::control {
namespace {

constexpr std::chrono::seconds kBound{10};
const std::string kExposition = "# HELP up Up.\n# TYPE up gauge\nup 1\n";

// A blocking TCP client whose every wait ends at kBound.
class TestClient {
 public:
  TestClient(const std::string& address, uint16_t port) {
    sockaddr_storage storage{};
    socklen_t length = 0;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
    if (::inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1) {
      v4->sin_family = AF_INET;
      v4->sin_port = htons(port);
      length = sizeof *v4;
    } else if (::inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1) {
      v6->sin6_family = AF_INET6;
      v6->sin6_port = htons(port);
      length = sizeof *v6;
    }
    fd_ = ::socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ >= 0 && ::connect(fd_, reinterpret_cast<sockaddr*>(&storage), length) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~TestClient() { close(); }
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  bool connected() const { return fd_ >= 0; }
  void shutdownSend() { ::shutdown(fd_, SHUT_WR); }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  bool send(const std::string& bytes) {
    size_t sent = 0;
    while (fd_ >= 0 && sent < bytes.size()) {
      ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
    }
    return sent == bytes.size();
  }

  // Everything the server sends until it closes; `closedByServer` says whether it did, with a
  // FIN or a reset, before kBound passed.
  std::string readToEnd() {
    std::string received;
    auto deadline = std::chrono::steady_clock::now() + kBound;
    while (fd_ >= 0 && std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buffer[4096];
      ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        closedByServer = true;
        break;
      }
      received.append(buffer, static_cast<size_t>(n));
    }
    return received;
  }

  bool closedByServer = false;

 private:
  int fd_ = -1;
};

struct Response {
  int status = 0;
  std::map<std::string, std::string> fields;
  std::string body;
};

// Status line, field lines and body of one HTTP/1.1 response; status 0 if it is not one.
Response parseResponse(const std::string& text) {
  Response r;
  size_t headEnd = text.find("\r\n\r\n");
  if (text.rfind("HTTP/1.1 ", 0) != 0 || headEnd == std::string::npos) return r;
  r.status = std::atoi(text.c_str() + 9);
  size_t line = text.find("\r\n") + 2;
  while (line < headEnd) {
    size_t end = text.find("\r\n", line);
    std::string field = text.substr(line, end - line);
    size_t colon = field.find(": ");
    r.fields[field.substr(0, colon)] = field.substr(colon + 2);
    line = end + 2;
  }
  r.body = text.substr(headEnd + 4);
  return r;
}

class MetricsServerTest : public ::testing::Test {
 protected:
  // Opens a server on `address` port 0 (the system picks the port).
  void open(MetricsServerLimits limits = {}, const std::string& address = "127.0.0.1") {
    address_ = address;
    server_ = std::make_unique<MetricsServer>(
        io_, *IpAddress::parse(address), 0,
        [this] {
          ++renders_;
          return kExposition;
        },
        limits);
    auto opened = server_->open();
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    ASSERT_NE(server_->port(), 0);
  }

  // Runs the server's loop while `client` runs on a thread of its own; returns its result.
  template <class Client>
  auto whileServing(Client client) {
    std::optional<decltype(client())> result;
    io_.restart();
    std::thread thread([&] {
      result.emplace(client());
      io_.stop();
    });
    io_.run_for(kBound);
    thread.join();
    return std::move(*result);
  }

  // One request on a fresh connection: the whole answer, read until the server closes.
  std::string exchange(const std::string& request) {
    return whileServing([&] {
      TestClient client(address_, server_->port());
      client.send(request);
      std::string answer = client.readToEnd();
      return client.closedByServer ? answer : "(not closed) " + answer;
    });
  }

  asio::io_context io_;
  std::string address_;
  std::unique_ptr<MetricsServer> server_;
  int renders_ = 0;
};

TEST_F(MetricsServerTest, GetMetricsAnswersTheExpositionAndCloses) {
  open();
  Response r = parseResponse(exchange("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.fields["Content-Type"], "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(r.fields["Content-Length"], std::to_string(kExposition.size()));
  EXPECT_EQ(r.fields["Connection"], "close");
  EXPECT_EQ(r.fields["Date"].size(), 29u) << r.fields["Date"];  // IMF-fixdate
  EXPECT_EQ(r.body, kExposition);
  EXPECT_EQ(renders_, 1);
}

TEST_F(MetricsServerTest, HeadHasTheHeadersOfGetAndNoBody) {
  open();
  std::string answer = exchange("HEAD /metrics HTTP/1.1\r\nHost: a\r\n\r\n");
  Response r = parseResponse(answer);
  EXPECT_EQ(r.status, 200) << answer;
  EXPECT_EQ(r.fields["Content-Type"], std::string(kMetricsContentType));
  EXPECT_EQ(r.fields["Content-Length"], std::to_string(kExposition.size()));
  EXPECT_EQ(r.body, "");
}

TEST_F(MetricsServerTest, AnswersEveryKindOfRequestWithItsStatus) {
  open();
  struct Case {
    std::string request;
    int status;
    std::string bodyHas;
  };
  const Case cases[] = {
      {"GET / HTTP/1.1\r\nHost: a\r\n\r\n", 200, "/metrics"},
      {"GET /metrics?name[]=up HTTP/1.0\r\n\r\n", 200, "up 1"},
      {"GET http://a/metrics HTTP/1.1\r\nHost: a\r\n\r\n", 200, "up 1"},
      {"GET /nope HTTP/1.1\r\nHost: a\r\n\r\n", 404, "not found"},
      {"POST /metrics HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc", 405, "GET and HEAD"},
      {"\x01\x02 hello\r\n\r\n", 400, "method SP target SP version"},
      {"GET /metrics HTTP/1.1\r\n\r\n", 400, "Host"},
      {"GET /metrics HTTP/2.0\r\nHost: a\r\n\r\n", 505, "major version"},
  };
  for (const Case& c : cases) {
    std::string answer = exchange(c.request);
    Response r = parseResponse(answer);
    EXPECT_EQ(r.status, c.status) << c.request << " -> " << answer;
    EXPECT_NE(r.body.find(c.bodyHas), std::string::npos) << c.request << " -> " << answer;
    EXPECT_EQ(r.fields["Allow"], c.status == 405 ? "GET, HEAD" : "") << c.request;
  }
  EXPECT_EQ(renders_, 2);
}

TEST_F(MetricsServerTest, AClientThatEndsInsideTheHeadGets400) {
  open();
  std::string answer = whileServing([&] {
    TestClient client(address_, server_->port());
    client.send("GET /metrics HTTP/1.1\r\nHost: a\r\n");
    client.shutdownSend();
    return client.readToEnd();
  });
  Response r = parseResponse(answer);
  EXPECT_EQ(r.status, 400) << answer;
  EXPECT_NE(r.body.find("ended inside the request head"), std::string::npos);
}

TEST_F(MetricsServerTest, AnOversizedHeadIsRefusedWith431) {
  MetricsServerLimits limits;
  limits.maxHeadBytes = 1024;
  open(limits);
  std::string request =
      "GET /metrics HTTP/1.1\r\nHost: a\r\nX-Long: " + std::string(4000, 'a') + "\r\n\r\n";
  std::string answer = exchange(request);
  Response r = parseResponse(answer);
  EXPECT_EQ(r.status, 431) << answer;
  EXPECT_NE(r.body.find("longer than 1024 bytes"), std::string::npos);
  EXPECT_EQ(renders_, 0);
  // The default limit, 8 KiB, takes a head a little under it.
  EXPECT_EQ(MetricsServerLimits{}.maxHeadBytes, 8192u);
}

TEST_F(MetricsServerTest, ASilentOrSlowClientIsClosedAtTheTimeout) {
  MetricsServerLimits limits;
  limits.timeout = std::chrono::milliseconds(100);
  open(limits);
  for (std::string sent : {"", "GET /metrics HTTP/1.1\r\n"}) {
    auto [answer, closed] = whileServing([&] {
      TestClient client(address_, server_->port());
      client.send(sent);
      std::string received = client.readToEnd();  // until the server closes, or kBound
      return std::make_pair(received, client.closedByServer);
    });
    EXPECT_TRUE(closed) << "sent: " << sent;
    EXPECT_EQ(answer, "") << "sent: " << sent;
  }
  EXPECT_EQ(renders_, 0);
}

TEST_F(MetricsServerTest, ConnectionsOverTheLimitAreClosedAtOnce) {
  MetricsServerLimits limits;
  limits.maxConnections = 2;
  open(limits);
  auto [refused, served] = whileServing([&] {
    TestClient first(address_, server_->port());
    TestClient second(address_, server_->port());
    TestClient third(address_, server_->port());  // accepted after the other two, and closed
    std::string refusedAnswer = third.readToEnd();
    bool thirdClosed = third.closedByServer;
    // Below the limit again, a new connection is served (once the server has seen the close:
    // a few attempts, each bounded).
    first.close();
    std::string answer;
    for (int attempt = 0; attempt < 20 && answer.empty(); ++attempt) {
      TestClient next(address_, server_->port());
      next.send("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n");
      answer = next.readToEnd();
      if (answer.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return std::make_pair(thirdClosed ? refusedAnswer : "(not closed)", answer);
  });
  EXPECT_EQ(refused, "");
  EXPECT_EQ(parseResponse(served).status, 200) << served;
}

TEST_F(MetricsServerTest, PortZeroGetsAPortAndABusyPortIsAnError) {
  open();
  MetricsServer second(io_, *IpAddress::parse("127.0.0.1"), server_->port(), [] { return ""; });
  auto opened = second.open();
  ASSERT_FALSE(opened.ok());
  const std::string& message = opened.error().message;
  EXPECT_NE(message.find("127.0.0.1 port " + std::to_string(server_->port())), std::string::npos)
      << message;
  EXPECT_NE(message.find("in use"), std::string::npos) << message;
  EXPECT_EQ(second.port(), 0);
}

TEST_F(MetricsServerTest, ServesOnIpv6Loopback) {
  {
    asio::ip::tcp::acceptor probe(io_);
    asio::error_code ec;
    probe.open(asio::ip::tcp::v6(), ec);
    if (!ec) probe.bind({asio::ip::make_address("::1"), 0}, ec);
    if (ec) GTEST_SKIP() << "no IPv6 loopback here: " << ec.message();
  }
  open({}, "::1");
  Response r = parseResponse(exchange("GET /metrics HTTP/1.1\r\nHost: [::1]\r\n\r\n"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, kExposition);
}

TEST_F(MetricsServerTest, DestroyedWithConnectionsOpenItClosesThemAndNeverRendersAgain) {
  open();
  TestClient client(address_, server_->port());
  ASSERT_TRUE(client.connected());
  // Let the server accept and start reading, then send a whole request it has not read yet.
  io_.run_for(std::chrono::milliseconds(50));
  client.send("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n");
  server_.reset();
  io_.restart();
  io_.run_for(std::chrono::milliseconds(200));  // the aborted handlers run
  EXPECT_EQ(renders_, 0);
  client.readToEnd();
  EXPECT_TRUE(client.closedByServer);
}

// A real HTTP client, if this machine has curl; --noproxy so that nothing leaves loopback.
TEST_F(MetricsServerTest, CurlFetchesTheMetrics) {
  if (std::system("command -v curl >/dev/null 2>&1") != 0) GTEST_SKIP() << "curl not installed";
  open();
  std::string command = "curl --silent --show-error --include --noproxy '*' --max-time 10 " +
                        std::string("http://127.0.0.1:") + std::to_string(server_->port()) +
                        "/metrics 2>&1";
  std::string output = whileServing([&] {
    std::string out;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
      char buffer[4096];
      while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
      ::pclose(pipe);
    }
    return out;
  });
  Response r = parseResponse(output);
  EXPECT_EQ(r.status, 200) << output;
  EXPECT_EQ(r.fields["Content-Type"], "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(r.body, kExposition);
}

TEST(AnswerHttpRequest, HeadAndGetDifferOnlyInTheBody) {
  int renders = 0;
  MetricsRender render = [&] {
    ++renders;
    return std::string("x 1\n");
  };
  std::string get = answerHttpRequest("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n", render);
  std::string head = answerHttpRequest("HEAD /metrics HTTP/1.1\r\nHost: a\r\n\r\n", render);
  EXPECT_EQ(renders, 2);
  ASSERT_GE(get.size(), 4u);
  EXPECT_EQ(get.substr(get.size() - 4), "x 1\n");
  // Equal but for the body (and the Date, which may have ticked between the two).
  Response g = parseResponse(get);
  Response h = parseResponse(head);
  g.fields.erase("Date");
  h.fields.erase("Date");
  EXPECT_EQ(g.fields, h.fields);
  EXPECT_EQ(h.body, "");

  Response missing =
      parseResponse(answerHttpRequest("HEAD /x HTTP/1.1\r\nHost: a\r\n\r\n", render));
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.fields["Content-Length"], "0");
  EXPECT_EQ(missing.body, "");
  EXPECT_EQ(renders, 2);
}

}  // namespace
}  // namespace anycast::control
