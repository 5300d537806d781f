// TcpWorker: accepting DNS-over-TCP connections under the cap, and the worker's thread.
#include "dns/server/TcpWorker.h"

#include <sys/socket.h>

#include "base/Log.h"
#include "bgp/session/AsioAddress.h"

namespace anycast::dns::server {

TcpWorker::TcpWorker(std::vector<UniqueFd> listeners, QueryHandler& handler,
                     const TcpOptions& options)
    : shared_(handler, options), listeners_(std::move(listeners)) {}

TcpWorker::~TcpWorker() { stop(); }

Result<Ok> TcpWorker::start() {
  for (UniqueFd& fd : listeners_) {
    sockaddr_storage sa;
    socklen_t len = sizeof(sa);
    ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&sa), &len);
    auto protocol = sa.ss_family == AF_INET ? asio::ip::tcp::v4() : asio::ip::tcp::v6();
    auto acceptor = std::make_unique<asio::ip::tcp::acceptor>(io_);
    asio::error_code ec;
    acceptor->assign(protocol, fd.get(), ec);
    if (ec) return failWith("tcp listener: " + ec.message());
    fd.release();  // the acceptor owns it now
    accept(*acceptor);
    acceptors_.push_back(std::move(acceptor));
  }
  listeners_.clear();
  thread_ = std::thread([this] { io_.run(); });
  return Ok{};
}

void TcpWorker::stop() {
  if (!thread_.joinable()) return;
  // Once the listeners and connections are closed no work is left and run() returns.
  asio::post(io_, [this] {
    for (auto& a : acceptors_) a->close();
    std::vector<std::shared_ptr<TcpConnection>> open;
    for (auto& [raw, connection] : shared_.open) open.push_back(connection);
    for (auto& c : open) c->close(TcpConnection::CloseReason::kStop);
  });
  thread_.join();
}

void TcpWorker::accept(asio::ip::tcp::acceptor& acceptor) {
  acceptor.async_accept(
      [this, &acceptor](const asio::error_code& ec, asio::ip::tcp::socket socket) {
        if (ec == asio::error::operation_aborted) return;  // stopping
        if (!ec) {
          asio::error_code peerError;
          auto peer = socket.remote_endpoint(peerError);
          if (peerError || shared_.open.size() >= shared_.options.maxConnections) {
            addRelaxed(shared_.rejected);  // the socket closes here
          } else {
            addRelaxed(shared_.accepted);
            Endpoint source{bgp::fromAsio(peer.address()), peer.port()};
            auto c = std::make_shared<TcpConnection>(std::move(socket), source, shared_);
            shared_.open.emplace(c.get(), c);
            c->start();
          }
          accept(acceptor);
          return;
        }
        // EMFILE and the like: log, and try again shortly rather than spin on the error.
        LOG_WARN("dns.tcp.accept_failed", LogFields().kv("error", ec.message()));
        auto pause = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(100));
        pause->async_wait([this, &acceptor, pause](const asio::error_code& waitError) {
          if (!waitError) accept(acceptor);
        });
      });
}

}  // namespace anycast::dns::server
