// AsioTimerFactory: the production TimerFactory, asio::steady_timer on the owner's io_context.
// Callbacks run on that io_context's thread. A timer may be cancelled, restarted or destroyed
// from inside its own callback.
#pragma once

#include <asio.hpp>
#include <cstdint>
#include <functional>
#include <memory>

#include "base/Clock.h"

namespace anycast::bgp {

class AsioTimerFactory : public TimerFactory {
 public:
  explicit AsioTimerFactory(asio::io_context& io) : io_(io) {}

  std::unique_ptr<Timer> create(std::function<void()> onExpiry) override {
    return std::make_unique<AsioTimer>(io_, std::move(onExpiry));
  }

 private:
  class AsioTimer : public Timer {
   public:
    AsioTimer(asio::io_context& io, std::function<void()> cb)
        : shared_(std::make_shared<Shared>(io, std::move(cb))) {}
    ~AsioTimer() override { cancel(); }

    void start(Duration after) override {
      Shared& s = *shared_;
      uint64_t generation = ++s.generation;  // a wait from an earlier start() is now stale
      s.running = true;
      s.timer.expires_after(after);
      s.timer.async_wait([weak = std::weak_ptr<Shared>(shared_), generation](asio::error_code ec) {
        auto s = weak.lock();
        if (ec || !s || s->generation != generation) return;
        s->running = false;
        s->onExpiry();  // `s` keeps the state alive if the callback destroys the AsioTimer
      });
    }
    void cancel() override {
      ++shared_->generation;
      shared_->running = false;
      shared_->timer.cancel();
    }
    bool running() const override { return shared_->running; }

   private:
    struct Shared {
      Shared(asio::io_context& io, std::function<void()> cb) : timer(io), onExpiry(std::move(cb)) {}
      asio::steady_timer timer;
      std::function<void()> onExpiry;
      uint64_t generation = 0;
      bool running = false;
    };
    std::shared_ptr<Shared> shared_;
  };

  asio::io_context& io_;
};

}  // namespace anycast::bgp
