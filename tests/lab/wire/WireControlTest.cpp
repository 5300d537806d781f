// WireControl + WireLoop: the control commands and the real epoll loop, with each "TAP" a
// SOCK_SEQPACKET socketpair (one frame per message, like a TAP's read/write), so the data plane
// runs end to end without root. Asserts on counts, never on timing.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <map>
#include <thread>

#include "lab/wire/WireControl.h"

namespace anycast::lab::wire {
namespace {

class WireControlTest : public ::testing::Test {
 protected:
  explicit WireControlTest(uint32_t poolFrames = 256)
      : engine(poolFrames, 1),
        loop(engine),
        control(engine, loop, [this](const TapSpec& s) { return openFake(s); }) {
    thread = std::thread([this] { loop.run(); });
    auto started = loop.waitStarted();
    EXPECT_TRUE(started.ok()) << started.error().message;
  }
  ~WireControlTest() override {
    loop.stop();
    thread.join();
  }

  // The wire gets one end; the test keeps the other, named "netns/ifname".
  Result<UniqueFd> openFake(const TapSpec& spec) {
    if (spec.netns == "missing") return failWith("netns missing: no such namespace");
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0) {
      return failWith("socketpair");
    }
    peers[spec.netns + "/" + spec.ifname] = UniqueFd(fds[1]);
    return UniqueFd(fds[0]);
  }

  Json ok(const Json& request) {
    auto reply = control.handle(request);
    EXPECT_TRUE(reply.ok()) << request.dump() << ": " << reply.error().message;
    return reply.ok() ? *reply : Json();
  }
  std::string error(const Json& request) {
    auto reply = control.handle(request);
    EXPECT_FALSE(reply.ok()) << request.dump();
    return reply.ok() ? "" : reply.error().message;
  }
  Json linkJson(const std::string& name, double delayMs = 0) {
    return Json{{"name", name},
                {"a", {{"netns", "n1"}, {"ifname", name}}},
                {"b", {{"netns", "n2"}, {"ifname", name}}},
                {"delay-ms", delayMs}};
  }
  Json direction(const std::string& link, const std::string& dir) {
    Json reply = ok({{"command", "links"}});
    for (const Json& l : reply["links"]) {
      if (l["name"] == link) return l[dir];
    }
    return Json();
  }
  void sendFrame(const std::string& peer, size_t size) {
    std::string frame(size, 'f');
    ASSERT_EQ(::send(peers.at(peer).get(), frame.data(), size, 0), ssize_t(size));
  }
  // Waits (bounded) for one frame on `peer`; returns its size, or -1.
  ssize_t receiveFrame(const std::string& peer) {
    pollfd p{peers.at(peer).get(), POLLIN, 0};
    if (::poll(&p, 1, 5000) != 1) return -1;
    char buf[4096];
    return ::recv(p.fd, buf, sizeof buf, 0);
  }

  Engine engine;
  WireLoop loop;
  WireControl control;
  std::thread thread;
  bool running = false;
  std::map<std::string, UniqueFd> peers;
};

TEST_F(WireControlTest, ForwardsFramesBothWaysAndCountsThem) {
  ok({{"command", "add"}, {"link", linkJson("l1", 1)}});
  for (int i = 0; i < 20; ++i) sendFrame("n1/l1", 100);
  for (int i = 0; i < 20; ++i) ASSERT_EQ(receiveFrame("n2/l1"), 100);
  sendFrame("n2/l1", 60);
  ASSERT_EQ(receiveFrame("n1/l1"), 60);
  Json ab = direction("l1", "a-to-b");
  EXPECT_EQ(ab["counters"]["rx-packets"], 20);
  EXPECT_EQ(ab["counters"]["tx-packets"], 20);
  EXPECT_EQ(ab["counters"]["tx-bytes"], 2000);
  EXPECT_EQ(direction("l1", "b-to-a")["counters"]["tx-bytes"], 60);
  EXPECT_EQ(ab["delay-ms"], 1.0);
}

TEST_F(WireControlTest, SetCutRestore) {
  ok({{"command", "add"}, {"link", linkJson("l1", 0)}});
  ok({{"command", "set"}, {"link", "l1"}, {"direction", "b-to-a"}, {"delay-ms", 7}});
  EXPECT_EQ(direction("l1", "a-to-b")["delay-ms"], 0.0);
  EXPECT_EQ(direction("l1", "b-to-a")["delay-ms"], 7.0);
  ok({{"command", "cut"}, {"link", "l1"}});
  for (int i = 0; i < 5; ++i) sendFrame("n1/l1", 80);
  // A frame through a second link marks the point where the loop has read the first five.
  ok({{"command", "add"}, {"link", linkJson("l2", 0)}});
  sendFrame("n1/l2", 10);
  ASSERT_EQ(receiveFrame("n2/l2"), 10);
  for (int i = 0; i < 100 && direction("l1", "a-to-b")["counters"]["drop-cut"] != 5; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(direction("l1", "a-to-b")["counters"]["drop-cut"], 5);
  EXPECT_EQ(direction("l1", "a-to-b")["counters"]["tx-packets"], 0);
  ok({{"command", "restore"}, {"link", "l1"}});
  sendFrame("n1/l1", 80);
  EXPECT_EQ(receiveFrame("n2/l1"), 80);
}

class SmallPoolTest : public WireControlTest {
 protected:
  SmallPoolTest() : WireControlTest(64) {}
};

TEST_F(SmallPoolTest, FramesBeyondThePoolAreCountedAsQueueDrops) {
  ok({{"command", "add"}, {"link", linkJson("l1", 60000)}});  // a minute: all stay queued
  for (int i = 0; i < 100; ++i) sendFrame("n1/l1", 100);
  for (int i = 0; i < 500 && direction("l1", "a-to-b")["counters"]["rx-packets"] != 100; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  Json ab = direction("l1", "a-to-b");
  EXPECT_EQ(ab["counters"]["rx-packets"], 100);
  EXPECT_EQ(ab["queued"], 64);
  EXPECT_EQ(ab["counters"]["drop-queue"], 36);
}

TEST_F(WireControlTest, RemoveClosesTheTaps) {
  ok({{"command", "add"}, {"link", linkJson("l1")}});
  ok({{"command", "remove"}, {"link", "l1"}});
  // The wire's end is closed: the peer sees end of file.
  char c;
  pollfd p{peers.at("n1/l1").get(), POLLIN, 0};
  ASSERT_EQ(::poll(&p, 1, 5000), 1);
  EXPECT_EQ(::recv(p.fd, &c, 1, 0), 0);
  EXPECT_TRUE(ok({{"command", "links"}})["links"].empty());
}

TEST_F(WireControlTest, ErrorsNameWhatIsWrong) {
  ok({{"command", "add"}, {"link", linkJson("l1")}});
  EXPECT_EQ(error({{"command", "add"}, {"link", linkJson("l1")}}), "link \"l1\" exists already");
  Json bad = linkJson("l2");
  bad["a"]["netns"] = "missing";
  EXPECT_EQ(error({{"command", "add"}, {"link", bad}}),
            "link l2: netns missing: no such namespace");
  EXPECT_EQ(error({{"command", "set"}, {"link", "zz"}, {"delay-ms", 1}}), "no link \"zz\"");
  EXPECT_EQ(error({{"command", "set"}, {"link", "l1"}, {"loss", 3}}),
            "loss: must be a number in [0, 1]");
  EXPECT_EQ(error({{"command", "set"}, {"link", "l1"}, {"direction", "up"}}),
            "direction: must be \"a-to-b\" or \"b-to-a\"");
  EXPECT_EQ(error({{"command", "cut"}}), "\"link\": missing, or not a link name");
  EXPECT_EQ(error({{"command", "remove"}, {"link", "zz"}}), "no link \"zz\"");
  EXPECT_EQ(error({{"command", "explode"}}).rfind("unknown command \"explode\"", 0), 0u);
  EXPECT_EQ(ok({{"command", "links"}})["links"].size(), 1u);
}

}  // namespace
}  // namespace anycast::lab::wire
