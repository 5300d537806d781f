// Connection's write side over real TCP on loopback: what the kernel does not take at once is
// queued, reaches the peer intact and in order, and onDrained tells when the queue is empty.
// Every wait is bounded only to avoid hanging; nothing asserts on timing.
#include <gtest/gtest.h>

#include <functional>

#include "bgp/session/AsioTimers.h"
#include "bgp/session/Connection.h"
#include "bgp/wire/CodecOptions.h"

namespace anycast::bgp {
namespace {

bool runUntil(asio::io_context& io, const std::function<bool()>& done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    io.restart();
    io.run_for(std::chrono::milliseconds(10));
  }
  return done();
}

// A KEEPALIVE-sized frame whose marker bytes carry a sequence number, so order can be checked
// on the far side without a BGP decoder.
Bytes numberedFrame(uint32_t n) {
  Bytes frame(kHeaderSize, 0xff);
  frame[0] = static_cast<uint8_t>(n >> 24);
  frame[1] = static_cast<uint8_t>(n >> 16);
  frame[2] = static_cast<uint8_t>(n >> 8);
  frame[3] = static_cast<uint8_t>(n);
  return frame;
}

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    asio::ip::tcp::acceptor acceptor(io_, {asio::ip::make_address("127.0.0.1"), 0});
    asio::ip::tcp::socket ours(io_);
    ours.connect(acceptor.local_endpoint());
    far_ = std::make_unique<asio::ip::tcp::socket>(acceptor.accept());
    // Small buffers (the kernel doubles these) so that a few hundred KiB fill them.
    far_->set_option(asio::socket_base::receive_buffer_size(65536));
    ours.set_option(asio::socket_base::send_buffer_size(65536));
    conn_ = std::make_shared<Connection>(std::move(ours), true, timers_);
    conn_->start({.onMessage = [](ByteSpan) {},
                  .onFramingError = [](const WireError&, ByteSpan) {},
                  .onClosed = [this](const std::string& reason) { closedWith_ = reason; },
                  .onDrained = [this] {
                    EXPECT_FALSE(inSend_) << "onDrained called from within send()";
                    ++drained_;
                  }});
  }

  void send(Bytes message) {
    inSend_ = true;
    conn_->send(std::move(message));
    inSend_ = false;
  }

  // Reads from the far end until `bytes` arrived, EOF, or the hang guard; the connection's
  // loop runs whenever nothing is there to read, so it can refill the kernel.
  Bytes readFar(size_t bytes) {
    Bytes got;
    far_->non_blocking(true);
    uint8_t chunk[65536];
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (got.size() < bytes && std::chrono::steady_clock::now() < deadline) {
      asio::error_code ec;
      size_t n = far_->read_some(asio::buffer(chunk), ec);
      got.insert(got.end(), chunk, chunk + n);
      if (ec && ec != asio::error::would_block) break;  // EOF or reset
      if (ec) {
        io_.restart();
        io_.run_for(std::chrono::milliseconds(1));
      }
    }
    return got;
  }

  asio::io_context io_;
  AsioTimerFactory timers_{io_};
  std::unique_ptr<asio::ip::tcp::socket> far_;
  std::shared_ptr<Connection> conn_;
  int drained_ = 0;
  bool inSend_ = false;
  std::string closedWith_;
};

TEST_F(ConnectionTest, WhatTheKernelCannotTakeWaitsAndArrivesInOrder) {
  constexpr uint32_t kFrames = 40000;  // 760 KB, far more than both small buffers hold
  for (uint32_t n = 0; n < kFrames; ++n) send(numberedFrame(n));
  EXPECT_GT(conn_->queuedBytes(), 0u);
  EXPECT_EQ(drained_, 0);

  Bytes got = readFar(size_t{kFrames} * kHeaderSize);
  ASSERT_EQ(got.size(), size_t{kFrames} * kHeaderSize);
  for (uint32_t n = 0; n < kFrames; ++n) {
    ByteSpan frame(got.data() + size_t{n} * kHeaderSize, kHeaderSize);
    ASSERT_TRUE(std::equal(frame.begin(), frame.end(), numberedFrame(n).begin())) << "frame " << n;
  }
  ASSERT_TRUE(runUntil(io_, [&] { return drained_ > 0; }));
  EXPECT_EQ(drained_, 1);
  EXPECT_EQ(conn_->queuedBytes(), 0u);
  EXPECT_EQ(closedWith_, "");
}

TEST_F(ConnectionTest, SendsThatFitAreWrittenAtOnceWithoutADrainEvent) {
  send(numberedFrame(7));
  EXPECT_EQ(conn_->queuedBytes(), 0u);
  EXPECT_EQ(readFar(kHeaderSize), numberedFrame(7));
  io_.restart();
  io_.poll();
  EXPECT_EQ(drained_, 0);  // nothing ever waited
}

TEST_F(ConnectionTest, CloseFlushesTheQueueThenHalfCloses) {
  constexpr uint32_t kFrames = 20000;
  for (uint32_t n = 0; n < kFrames; ++n) send(numberedFrame(n));
  ASSERT_GT(conn_->queuedBytes(), 0u);
  conn_->close();
  send(numberedFrame(kFrames));  // after close(): dropped
  Bytes got = readFar(SIZE_MAX);  // until EOF
  EXPECT_EQ(got.size(), size_t{kFrames} * kHeaderSize);
  EXPECT_EQ(drained_, 0);  // no handler calls after close()
}

TEST_F(ConnectionTest, APeerThatGoesAwayWhileWeWaitIsReportedOnce) {
  for (uint32_t n = 0; n < 40000; ++n) send(numberedFrame(n));
  ASSERT_GT(conn_->queuedBytes(), 0u);
  far_->set_option(asio::socket_base::linger(true, 0));  // close with RST
  far_->close();
  ASSERT_TRUE(runUntil(io_, [&] { return !closedWith_.empty(); }));
  EXPECT_EQ(drained_, 0);
}

}  // namespace
}  // namespace anycast::bgp
