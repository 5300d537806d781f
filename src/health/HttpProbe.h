// HttpProbe: GET a path over HTTP/1.1 (RFC 9112) with a Host header (RFC 9110 §7.2) and
// "Connection: close", read the response until the server closes (or kMaxHttpResponse
// bytes), then expect a status and optionally a body substring. No TLS.
#pragma once

#include <array>
#include <asio.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "health/CheckConfig.h"
#include "health/Probe.h"
#include "health/SocketAttempt.h"

namespace anycast::health {

constexpr size_t kMaxHttpResponse = 64 * 1024;

// The request bytes. `host` is the Host header's value.
std::string httpRequest(const HttpCheckConfig& config, const std::string& host);
// The Host header for a check: its configured host, else the address ("[2001:db8::1]"), with
// ":port" unless it is 80.
std::string httpHost(const CheckConfig& config);
// Whether a response passes: `raw` as read, `complete` false when the read cap cut it.
ProbeResult evaluateHttpResponse(std::string_view raw, bool complete,
                                 const HttpCheckConfig& config);

class HttpProbe : public Probe {
 public:
  HttpProbe(asio::io_context& io, asio::ip::tcp::endpoint target, HttpCheckConfig config,
            std::string host);
  ~HttpProbe() override { cancel(); }

  void start(Done done) override;
  void cancel() override;

 private:
  struct Attempt : SocketAttempt<asio::ip::tcp::socket> {
    using SocketAttempt::SocketAttempt;
    std::string response;
    std::array<char, 8192> chunk{};
  };
  void readMore(const std::shared_ptr<Attempt>& a);
  void finish(Attempt& a, bool complete);

  asio::io_context& io_;
  asio::ip::tcp::endpoint target_;
  HttpCheckConfig config_;
  std::string request_;
  std::shared_ptr<Attempt> attempt_;
};

}  // namespace anycast::health
