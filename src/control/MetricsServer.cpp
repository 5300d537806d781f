#include "control/MetricsServer.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <unordered_set>

#include "base/Log.h"
#include "control/HttpRequest.h"
#include "control/MetricsText.h"

namespace anycast::control {
namespace {

using asio::ip::tcp;

constexpr std::string_view kTextType = "text/plain; charset=utf-8";
constexpr std::string_view kIndexPage = "anycastd: Prometheus metrics are at /metrics\n";
// After an accept error (out of descriptors), wait before accepting again instead of spinning.
constexpr std::chrono::milliseconds kAcceptRetry{100};
// What a client may still send after the answer before the connection is closed anyway.
constexpr size_t kMaxDrainBytes = 64 * 1024;

const char* reasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 431:
      return "Request Header Fields Too Large";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Error";
  }
}

// IMF-fixdate (RFC 9110 §5.6.7), without the locale: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string httpDate(std::time_t now) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::tm t{};
  ::gmtime_r(&now, &t);
  char text[32];
  std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[t.tm_wday],
                t.tm_mday, kMonths[t.tm_mon], t.tm_year + 1900, t.tm_hour, t.tm_min, t.tm_sec);
  return text;
}

// A whole response. Content-Length is the body's also when the body is left out (HEAD,
// RFC 9110 §9.3.2); Date is required of an origin server with a clock (RFC 9110 §6.6.1).
std::string httpResponse(int status, std::string_view contentType, std::string_view body,
                         bool withBody, std::string_view extraFields = {}) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reasonPhrase(status) + "\r\n";
  out += "Date: " + httpDate(std::time(nullptr)) + "\r\n";
  out += "Content-Type: ";
  out += contentType;
  out += "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  out += extraFields;
  out += "Connection: close\r\n\r\n";
  if (withBody) out += body;
  return out;
}

std::string errorResponse(int status, const std::string& reason, bool withBody = true) {
  return httpResponse(status, kTextType, reason + "\n", withBody);
}

}  // namespace

std::string answerHttpRequest(std::string_view head, const MetricsRender& render) {
  auto request = parseRequestHead(head);
  if (!request.ok()) return errorResponse(request.error().status, request.error().reason);
  const std::string& method = request->method;
  const std::string& path = request->path;
  if (method != "GET" && method != "HEAD") {
    return httpResponse(405, kTextType, "only GET and HEAD\n", true, "Allow: GET, HEAD\r\n");
  }
  bool withBody = method == "GET";
  if (path.empty()) return errorResponse(400, "the request target has no path", withBody);
  if (path == "/metrics") return httpResponse(200, kMetricsContentType, render(), withBody);
  if (path == "/") return httpResponse(200, kTextType, kIndexPage, withBody);
  return errorResponse(404, "not found: the metrics are at /metrics", withBody);
}

// The listener and its connections, shared with every pending handler: the handlers check that
// their socket is still open before they do anything, so none acts after ~MetricsServer.
struct MetricsServer::State : std::enable_shared_from_this<State> {
  class Connection;

  State(asio::io_context& io, tcp::endpoint at, MetricsRender renderer, MetricsServerLimits limit)
      : endpoint(std::move(at)),
        acceptor(io),
        retryTimer(io),
        render(std::move(renderer)),
        limits(limit) {}

  void acceptNext();
  void accepted(tcp::socket socket);
  void close();

  tcp::endpoint endpoint;
  tcp::acceptor acceptor;
  asio::steady_timer retryTimer;
  MetricsRender render;
  MetricsServerLimits limits;
  std::unordered_set<Connection*> connections;
  bool refusing = false;  // over the connection limit since the last accepted connection
};

// One request: the head is read (bounded in size and time), answered, and the connection
// closed the way RFC 9112 §9.6 describes: our side shut down first, then what the client still
// sends read and dropped until it closes, so that our close does not reset the connection
// before the client has read the answer.
class MetricsServer::State::Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, std::shared_ptr<State> state)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), state_(std::move(state)) {
    state_->connections.insert(this);
  }
  ~Connection() { state_->connections.erase(this); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void start() {
    armTimer();
    readHead();
  }

  void close() {
    asio::error_code ignored;
    socket_.close(ignored);
    timer_.cancel();
  }

 private:
  // (Re)starts the deadline; a wait that ended before it was re-armed sees the later expiry.
  void armTimer() {
    timer_.expires_after(state_->limits.timeout);
    timer_.async_wait([self = shared_from_this()](asio::error_code ec) {
      if (!ec && self->timer_.expiry() <= std::chrono::steady_clock::now()) self->close();
    });
  }

  void readHead() {
    size_t room = std::min(chunk_.size(), state_->limits.maxHeadBytes - head_.size());
    socket_.async_read_some(
        asio::buffer(chunk_.data(), room),
        [self = shared_from_this()](asio::error_code ec, size_t n) { self->onHeadData(ec, n); });
  }

  void onHeadData(asio::error_code ec, size_t n) {
    if (!socket_.is_open()) return;  // closed by the deadline or by ~MetricsServer
    if (ec) {
      // A client that shut down its side in the middle of a head still gets an answer.
      if (ec == asio::error::eof && !head_.empty()) {
        answer(errorResponse(400, "the connection ended inside the request head"));
      } else {
        close();
      }
      return;
    }
    size_t searched = head_.size();
    head_.append(chunk_.data(), n);
    if (auto end = requestHeadEnd(head_, searched)) {
      answer(answerHttpRequest(std::string_view(head_).substr(0, *end), state_->render));
    } else if (head_.size() >= state_->limits.maxHeadBytes) {
      answer(errorResponse(431, "the request head is longer than " +
                                    std::to_string(state_->limits.maxHeadBytes) + " bytes"));
    } else {
      readHead();
    }
  }

  void answer(std::string response) {
    response_ = std::move(response);
    armTimer();
    asio::async_write(socket_, asio::buffer(response_),
                      [self = shared_from_this()](asio::error_code ec, size_t) {
                        if (ec || !self->socket_.is_open()) return self->close();
                        asio::error_code ignored;
                        self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
                        self->drain();
                      });
  }

  void drain() {
    socket_.async_read_some(
        asio::buffer(chunk_), [self = shared_from_this()](asio::error_code ec, size_t n) {
          self->drained_ += n;
          if (ec || !self->socket_.is_open() || self->drained_ > kMaxDrainBytes) {
            return self->close();
          }
          self->drain();
        });
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  std::shared_ptr<State> state_;
  std::array<char, 4096> chunk_;
  std::string head_;
  std::string response_;
  size_t drained_ = 0;
};

void MetricsServer::State::acceptNext() {
  acceptor.async_accept([self = shared_from_this()](asio::error_code ec, tcp::socket socket) {
    if (!self->acceptor.is_open()) return;
    if (!ec) {
      self->accepted(std::move(socket));
      self->acceptNext();
      return;
    }
    LOG_WARN("metrics.accept_error", LogFields().kv("reason", ec.message()));
    self->retryTimer.expires_after(kAcceptRetry);
    self->retryTimer.async_wait([self](asio::error_code wec) {
      if (!wec && self->acceptor.is_open()) self->acceptNext();
    });
  });
}

void MetricsServer::State::accepted(tcp::socket socket) {
  if (connections.size() >= limits.maxConnections) {
    if (!refusing) {  // once per episode, not once per connection
      LOG_WARN("metrics.connection_limit", LogFields().kv("open", connections.size()));
    }
    refusing = true;
    return;  // the socket closes as it goes out of scope
  }
  refusing = false;
  std::make_shared<Connection>(std::move(socket), shared_from_this())->start();
}

void MetricsServer::State::close() {
  asio::error_code ignored;
  acceptor.close(ignored);
  retryTimer.cancel();
  for (Connection* connection : connections) connection->close();
}

MetricsServer::MetricsServer(asio::io_context& io, const IpAddress& address, uint16_t port,
                             MetricsRender render, MetricsServerLimits limits)
    : state_(std::make_shared<State>(io, tcp::endpoint(asio::ip::make_address(address.str()), port),
                                     std::move(render), limits)) {}

MetricsServer::~MetricsServer() { state_->close(); }

Result<Ok> MetricsServer::open() {
  tcp::acceptor& acceptor = state_->acceptor;
  const tcp::endpoint& endpoint = state_->endpoint;
  asio::error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    asio::error_code ignored;
    acceptor.close(ignored);
    return failWith("metrics listener on " + endpoint.address().to_string() + " port " +
                    std::to_string(endpoint.port()) + ": " + ec.message());
  }
  LOG_INFO("metrics.listening",
           LogFields().kv("address", endpoint.address().to_string()).kv("port", port()));
  state_->acceptNext();
  return Ok{};
}

uint16_t MetricsServer::port() const {
  asio::error_code ec;
  return state_->acceptor.local_endpoint(ec).port();
}

}  // namespace anycast::control
