#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <thread>

#include "base/Bytes.h"
#include "base/NetnsScope.h"
#include "lab/Prober.h"
#include "lab/Process.h"

namespace anycast::lab {
namespace {

using namespace std::chrono_literals;

// A namespace of this test's own, with lo up, removed at the end.
class TestNamespace {
 public:
  TestNamespace() : name_("acl-test-prober-" + std::to_string(::getpid())) {
    ok_ = runIn("", {"ip", "netns", "add", name_}).ok() &&
          runIn(name_, {"ip", "link", "set", "lo", "up"}).ok();
  }
  ~TestNamespace() { (void)runIn("", {"ip", "netns", "delete", name_}); }
  bool ok() const { return ok_; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  bool ok_ = false;
};

// Answers every query on 127.0.0.1:53 in `netns` with NOERROR and NSID "s1", until `stop`;
// the first `silent` queries get no answer.
void respond(const std::string& netns, std::atomic<bool>& stop, std::atomic<bool>& ready,
             int silent) {
  NetnsScope scope;
  ASSERT_TRUE(scope.enter("/run/netns/" + netns).ok());
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(53);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  timeval tv{0, 50'000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ready = true;
  while (!stop) {
    uint8_t q[512];
    sockaddr_in from{};
    socklen_t len = sizeof from;
    ssize_t n = ::recvfrom(fd, q, sizeof q, 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (n < 12 || silent-- > 0) continue;
    // The query's header and question, QR|AA set, ARCOUNT 1, then an OPT with NSID "s1".
    size_t question = static_cast<size_t>(n) - 15;  // the query ends with its 15-octet OPT
    Bytes r(q, q + question);
    r[2] |= 0x84;
    r[10] = 0;
    r[11] = 1;
    Bytes opt = fromHex("00 0029 04d0 00000000 0006 0003 0002 7331");
    r.insert(r.end(), opt.begin(), opt.end());
    ::sendto(fd, r.data(), r.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
  }
  ::close(fd);
}

TEST(Prober, AttributesAnswersBySiteAndCountsTheLost) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root (a network namespace)";
  TestNamespace ns;
  ASSERT_TRUE(ns.ok());
  std::atomic<bool> stop{false}, ready{false};
  std::thread server(respond, ns.name(), std::ref(stop), std::ref(ready), 2);
  while (!ready) std::this_thread::sleep_for(1ms);
  auto prober = Prober::open({{"c1", ns.name()}},
                             {*IpAddress::parse("127.0.0.1"), "www.example.", 100, 200ms});
  ASSERT_TRUE(prober.ok()) << prober.error().message;
  std::vector<ProbeResult> results;
  prober->run(Prober::Clock::now() + 300ms, [&](const ProbeResult& r) { results.push_back(r); });
  stop = true;
  server.join();
  // 100/s for 0.3 s: about 30 probes, each reported once; the first two went unanswered.
  ASSERT_GE(results.size(), 10u);
  size_t lost = 0, answered = 0;
  for (const ProbeResult& r : results) {
    EXPECT_EQ(r.client, "c1");
    if (r.rcode < 0) {
      ++lost;
      EXPECT_EQ(r.site, "");
    } else {
      ++answered;
      EXPECT_EQ(r.site, "s1");
      EXPECT_EQ(r.rcode, 0);
    }
  }
  EXPECT_EQ(lost, 2u);
  EXPECT_EQ(answered, results.size() - 2);
}

TEST(Prober, AClientWithoutANamespaceIsAClearError) {
  auto prober = Prober::open({{"c9", "acl-no-such-namespace"}},
                             {*IpAddress::parse("192.0.2.53"), "www.example.", 10, 1s});
  ASSERT_FALSE(prober.ok());
  EXPECT_EQ(prober.error().message,
            "c9: open /run/netns/acl-no-such-namespace: No such file or directory");
}

}  // namespace
}  // namespace anycast::lab
