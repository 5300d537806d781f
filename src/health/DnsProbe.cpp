#include "health/DnsProbe.h"

#include "base/Text.h"
#include "health/DnsMessage.h"

namespace anycast::health {

ProbeResult evaluateDnsResponse(ByteSpan wire, uint16_t id, const DnsCheckConfig& config) {
  auto response = parseResponse(wire);
  if (!response) return {false, "malformed response: " + response.error().message};
  DnsQuestion question{config.name, config.type, config.klass};
  if (auto match = matchesQuery(*response, id, question); !match)
    return {false, match.error().message};
  std::string rcode = rcodeText(response->rcode);
  if (response->rcode != config.rcode)
    return {false, "rcode " + rcode + ", expected " + rcodeText(config.rcode)};
  if (config.expect.empty()) {
    size_t n = response->answers.size();
    return {true, rcode + ", " + std::to_string(n) + (n == 1 ? " answer" : " answers")};
  }
  std::vector<std::string> seen;
  for (const DnsRecord& rr : response->answers) {
    if (rr.type != config.type) continue;
    if (dataMatches(rr, config.expect)) return {true, rcode + ", answer " + rr.data};
    seen.push_back(rr.data);
  }
  std::string type = typeText(config.type);
  if (seen.empty()) {
    return {false, rcode + ", no " + type + " answer" +
                       (response->truncated ? " (truncated, TC)" : "") + ", expected " +
                       config.expect};
  }
  return {false, rcode + ", " + type + " answers " + strings::joinedList(seen) + ", expected " +
                     config.expect};
}

DnsProbe::DnsProbe(asio::io_context& io, asio::ip::udp::endpoint target, DnsCheckConfig config)
    : io_(io),
      target_(std::move(target)),
      config_(std::move(config)),
      random_(std::random_device{}()) {}

void DnsProbe::start(Done done) {
  auto a = attempt_ = std::make_shared<Attempt>(io_, std::move(done));
  a->id = static_cast<uint16_t>(random_());
  auto query = encodeQuery(a->id, DnsQuestion{config_.name, config_.type, config_.klass},
                           config_.recursionDesired);
  if (!query) return fail(a, "query: " + query.error().message);
  a->query = std::move(*query);
  asio::error_code ec;
  a->socket.open(target_.protocol(), ec);
  if (!ec) a->socket.connect(target_, ec);  // UDP: no packet, just the peer and a source port
  if (ec) return fail(a, "socket: " + ec.message());
  a->socket.async_send(asio::buffer(a->query), [this, a](const asio::error_code& ec, size_t) {
    if (!a->completion.active()) return;  // cancelled: `this` may be gone
    if (ec) return a->completion.complete(false, "send: " + ec.message());
    a->socket.async_receive(
        asio::buffer(a->buffer), [this, a](const asio::error_code& ec, size_t n) {
          if (!a->completion.active()) return;
          if (ec) return a->finish(false, "receive: " + ec.message());
          ProbeResult result = evaluateDnsResponse(ByteSpan(a->buffer.data(), n), a->id, config_);
          a->finish(result.ok, std::move(result.detail));
        });
  });
}

void DnsProbe::fail(const std::shared_ptr<Attempt>& a, std::string detail) {
  asio::post(io_, [a, detail = std::move(detail)] { a->completion.complete(false, detail); });
}

void DnsProbe::cancel() {
  if (attempt_) attempt_->abandon();
  attempt_.reset();
}

}  // namespace anycast::health
