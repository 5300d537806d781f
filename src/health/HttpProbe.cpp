#include "health/HttpProbe.h"

#include "health/HttpResponse.h"
#include "health/TcpProbe.h"

namespace anycast::health {

std::string httpRequest(const HttpCheckConfig& config, const std::string& host) {
  return "GET " + config.path + " HTTP/1.1\r\nHost: " + host +
         "\r\nUser-Agent: anycastd-health\r\nAccept: */*\r\nConnection: close\r\n\r\n";
}

std::string httpHost(const CheckConfig& config) {
  if (!config.http.host.empty()) return config.http.host;
  std::string host =
      config.address.isV6() ? "[" + config.address.str() + "]" : config.address.str();
  return config.port == 80 ? host : host + ":" + std::to_string(config.port);
}

ProbeResult evaluateHttpResponse(std::string_view raw, bool complete,
                                 const HttpCheckConfig& config) {
  auto response = parseHttpResponse(raw, complete);
  if (!response) return {false, "malformed response: " + response.error().message};
  std::string status = "status " + std::to_string(response->status);
  if (response->status != config.status) {
    std::string reason = response->reason.empty() ? "" : " " + response->reason;
    return {false, status + reason + ", expected " + std::to_string(config.status)};
  }
  if (!config.body.empty() && response->body.find(config.body) == std::string::npos) {
    return {false,
            status + ", body does not contain \"" + config.body + "\"" +
                (complete ? ""
                          : " (in its first " + std::to_string(kMaxHttpResponse / 1024) + " KiB)")};
  }
  return {true, status};
}

HttpProbe::HttpProbe(asio::io_context& io, asio::ip::tcp::endpoint target, HttpCheckConfig config,
                     std::string host)
    : io_(io),
      target_(std::move(target)),
      config_(std::move(config)),
      request_(httpRequest(config_, host)) {}

void HttpProbe::start(Done done) {
  auto a = attempt_ = std::make_shared<Attempt>(io_, std::move(done));
  connectTo(a->socket, target_, [this, a](const std::string& error) {
    if (!a->completion.active()) return;  // cancelled: `this` may be gone
    if (!error.empty()) return a->completion.complete(false, error);
    asio::async_write(a->socket, asio::buffer(request_),
                      [this, a](const asio::error_code& ec, size_t) {
                        if (!a->completion.active()) return;
                        if (ec) return a->completion.complete(false, "send: " + ec.message());
                        readMore(a);
                      });
  });
}

void HttpProbe::readMore(const std::shared_ptr<Attempt>& a) {
  a->socket.async_read_some(
      asio::buffer(a->chunk), [this, a](const asio::error_code& ec, size_t n) {
        if (!a->completion.active()) return;
        if (ec == asio::error::eof) return finish(*a, true);
        if (ec) return a->completion.complete(false, "receive: " + ec.message());
        a->response.append(a->chunk.data(), std::min(n, kMaxHttpResponse - a->response.size()));
        if (a->response.size() >= kMaxHttpResponse) return finish(*a, false);
        readMore(a);
      });
}

void HttpProbe::finish(Attempt& a, bool complete) {
  ProbeResult result = evaluateHttpResponse(a.response, complete, config_);
  a.finish(result.ok, std::move(result.detail));
}

void HttpProbe::cancel() {
  if (attempt_) attempt_->abandon();
  attempt_.reset();
}

}  // namespace anycast::health
