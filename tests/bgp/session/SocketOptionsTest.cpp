// SocketOptions: the kernel accepts and reports back the GTSM and TCP-MD5 settings.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bgp/session/SocketOptions.h"

namespace anycast::bgp {
namespace {

int getInt(int fd, int level, int name) {
  int v = -1;
  socklen_t len = sizeof v;
  return getsockopt(fd, level, name, &v, &len) == 0 ? v : -1;
}

class Socket {
 public:
  explicit Socket(int family) : fd_(socket(family, SOCK_STREAM, 0)) {}
  ~Socket() { ::close(fd_); }
  int fd() const { return fd_; }

 private:
  int fd_;
};

TEST(SocketOptions, GtsmOnIpv4) {
  Socket s(AF_INET);
  ASSERT_TRUE(setGtsm(s.fd()).ok());
  EXPECT_EQ(getInt(s.fd(), IPPROTO_IP, IP_TTL), 255);
  EXPECT_EQ(getInt(s.fd(), IPPROTO_IP, IP_MINTTL), 255);
}

TEST(SocketOptions, GtsmOnIpv6CoversV4Mapped) {
  Socket s(AF_INET6);
  ASSERT_TRUE(setGtsm(s.fd()).ok());
  EXPECT_EQ(getInt(s.fd(), IPPROTO_IPV6, IPV6_UNICAST_HOPS), 255);
  EXPECT_EQ(getInt(s.fd(), IPPROTO_IPV6, IPV6_MINHOPCOUNT), 255);
  EXPECT_EQ(getInt(s.fd(), IPPROTO_IP, IP_TTL), 255);
  EXPECT_EQ(getInt(s.fd(), IPPROTO_IP, IP_MINTTL), 255);
}

TEST(SocketOptions, OutgoingAndMinimumAreSeparate) {
  Socket out(AF_INET6), min(AF_INET6);
  ASSERT_TRUE(setOutgoingTtl255(out.fd()).ok());
  ASSERT_TRUE(setMinimumTtl255(min.fd()).ok());
  EXPECT_EQ(getInt(out.fd(), IPPROTO_IPV6, IPV6_UNICAST_HOPS), 255);
  EXPECT_EQ(getInt(out.fd(), IPPROTO_IP, IP_TTL), 255);
  EXPECT_EQ(getInt(out.fd(), IPPROTO_IPV6, IPV6_MINHOPCOUNT), 0);
  EXPECT_EQ(getInt(out.fd(), IPPROTO_IP, IP_MINTTL), 0);
  EXPECT_NE(getInt(min.fd(), IPPROTO_IP, IP_TTL), 255);
  EXPECT_EQ(getInt(min.fd(), IPPROTO_IPV6, IPV6_MINHOPCOUNT), 255);
  EXPECT_EQ(getInt(min.fd(), IPPROTO_IP, IP_MINTTL), 255);
}

TEST(SocketOptions, TcpMd5KeysForBothFamilies) {
  Socket v4(AF_INET), v6(AF_INET6);
  IpAddress peer4 = *IpAddress::parse("192.0.2.1");
  IpAddress peer6 = *IpAddress::parse("2001:db8::1");
  EXPECT_TRUE(setTcpMd5(v4.fd(), peer4, "secret").ok());
  EXPECT_TRUE(setTcpMd5(v6.fd(), peer6, "secret").ok());
  EXPECT_TRUE(setTcpMd5(v6.fd(), peer4, "secret").ok());  // v4-mapped on a dual-stack socket
  EXPECT_FALSE(setTcpMd5(v4.fd(), peer6, "secret").ok());
  EXPECT_FALSE(setTcpMd5(v4.fd(), peer4, std::string(81, 'x')).ok());
}

}  // namespace
}  // namespace anycast::bgp
