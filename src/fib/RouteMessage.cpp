#include "fib/RouteMessage.h"

#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cstring>

namespace anycast::fib {
namespace {

// ---- encoding --------------------------------------------------------------------------------

constexpr size_t align4(size_t n) { return (n + 3) & ~size_t{3}; }

template <class T>
void put(Bytes& out, const T& value) {
  const auto* p = reinterpret_cast<const uint8_t*>(&value);
  out.insert(out.end(), p, p + sizeof(T));
}

void padTo4(Bytes& out) { out.resize(align4(out.size()), 0); }

template <class T>
void patch(Bytes& out, size_t offset, T value) {
  std::memcpy(out.data() + offset, &value, sizeof(T));
}

// Starts an attribute (or an rtnexthop, whose length is also its first u16) and returns its
// offset; close() writes the length and pads.
size_t openAttr(Bytes& out, uint16_t type) {
  size_t at = out.size();
  put(out, rtattr{0, type});
  return at;
}
void close(Bytes& out, size_t at) {
  patch<uint16_t>(out, at, static_cast<uint16_t>(out.size() - at));
  padTo4(out);
}

void putAttr(Bytes& out, uint16_t type, const void* data, size_t size) {
  size_t at = openAttr(out, type);
  const auto* p = static_cast<const uint8_t*>(data);
  out.insert(out.end(), p, p + size);
  close(out, at);
}
void putU32Attr(Bytes& out, uint16_t type, uint32_t value) {
  putAttr(out, type, &value, sizeof value);
}

uint8_t addressFamily(Family f) { return f == Family::kV4 ? AF_INET : AF_INET6; }

// RTA_GATEWAY when the gateway has the route's family, else RTA_VIA (RFC 5549 style IPv4
// route via an IPv6 gateway); nothing for a directly attached next hop.
void putGateway(Bytes& out, Family routeFamily, const IpAddress& gateway) {
  if (gateway.isUnspecified()) return;
  if (gateway.family() == routeFamily) {
    putAttr(out, RTA_GATEWAY, gateway.data(), gateway.size());
    return;
  }
  size_t at = openAttr(out, RTA_VIA);
  put<uint16_t>(out, addressFamily(gateway.family()));
  out.insert(out.end(), gateway.data(), gateway.data() + gateway.size());
  close(out, at);
}

void putNextHops(Bytes& out, Family family, const std::vector<NextHop>& hops) {
  if (hops.size() == 1) {
    putGateway(out, family, hops[0].gateway);
    if (hops[0].ifindex != 0) putU32Attr(out, RTA_OIF, hops[0].ifindex);
    return;
  }
  if (hops.empty()) return;
  size_t multipath = openAttr(out, RTA_MULTIPATH);
  for (const NextHop& hop : hops) {
    size_t at = out.size();
    put(out, rtnexthop{0, 0, 0, static_cast<int>(hop.ifindex)});
    putGateway(out, family, hop.gateway);
    close(out, at);
  }
  close(out, multipath);
}

void putHeader(Bytes& out, const NetlinkHeader& h) {
  put(out, nlmsghdr{0, h.type, h.flags, h.seq, 0});
}
void finish(Bytes& out) { patch<uint32_t>(out, 0, static_cast<uint32_t>(out.size())); }

// ---- decoding --------------------------------------------------------------------------------

// Attribute walker over a span: each call yields the next attribute or reports malformation.
class AttrReader {
 public:
  explicit AttrReader(ByteSpan data) : data_(data) {}
  bool bad() const { return bad_; }
  bool next(uint16_t& type, ByteSpan& payload) {
    if (data_.size() < sizeof(rtattr)) {
      bad_ = !data_.empty();
      return false;
    }
    rtattr a;
    std::memcpy(&a, data_.data(), sizeof a);
    if (a.rta_len < sizeof a || a.rta_len > data_.size()) {
      bad_ = true;
      return false;
    }
    type = a.rta_type & NLA_TYPE_MASK;
    payload = data_.subspan(sizeof a, a.rta_len - sizeof a);
    data_ = data_.subspan(std::min(align4(a.rta_len), data_.size()));
    return true;
  }

 private:
  ByteSpan data_;
  bool bad_ = false;
};

template <class T>
bool read(ByteSpan data, T& out) {
  if (data.size() < sizeof(T)) return false;
  std::memcpy(&out, data.data(), sizeof(T));
  return true;
}

std::optional<IpAddress> addressOf(uint8_t family, ByteSpan b) {
  if (family == AF_INET && b.size() == 4) return IpAddress::v4Bytes(b.data());
  if (family == AF_INET6 && b.size() == 16) return IpAddress::v6Bytes(b.data());
  return std::nullopt;
}

std::optional<IpAddress> viaOf(ByteSpan b) {
  uint16_t family;
  if (!read(b, family)) return std::nullopt;
  return addressOf(static_cast<uint8_t>(family), b.subspan(sizeof family));
}

IpAddress unspecified(uint8_t family) {
  static const uint8_t kZero[16] = {};
  return family == AF_INET ? IpAddress() : IpAddress::v6Bytes(kZero);
}

// Reads RTA_GATEWAY / RTA_VIA from the attributes of one rtnexthop into `hop`.
bool decodeGateway(uint8_t family, uint16_t type, ByteSpan payload, NextHop& hop) {
  if (type != RTA_GATEWAY && type != RTA_VIA) return true;
  auto gw = type == RTA_GATEWAY ? addressOf(family, payload) : viaOf(payload);
  if (!gw) return false;
  if (!gw->isUnspecified()) hop.gateway = *gw;  // "no gateway" is always the route's family
  return true;
}

// A next hop with neither gateway nor interface says nothing, and is not kept.
bool saysSomething(const NextHop& hop) { return !hop.gateway.isUnspecified() || hop.ifindex != 0; }

bool decodeMultipath(uint8_t family, ByteSpan data, std::vector<NextHop>& hops) {
  while (!data.empty()) {
    rtnexthop nh;
    if (!read(data, nh) || nh.rtnh_len < sizeof nh || nh.rtnh_len > data.size()) return false;
    NextHop hop{unspecified(family), static_cast<uint32_t>(nh.rtnh_ifindex)};
    AttrReader attrs(data.subspan(sizeof nh, nh.rtnh_len - sizeof nh));
    uint16_t type;
    ByteSpan payload;
    while (attrs.next(type, payload)) {
      if (!decodeGateway(family, type, payload, hop)) return false;
    }
    if (attrs.bad()) return false;
    if (saysSomething(hop)) hops.push_back(hop);
    data = data.subspan(std::min(align4(nh.rtnh_len), data.size()));
  }
  return true;
}

Result<std::optional<RouteMessage>> decodeRoute(ByteSpan body) {
  rtmsg rtm;
  if (!read(body, rtm)) return failWith("route message shorter than rtmsg");
  if (rtm.rtm_family != AF_INET && rtm.rtm_family != AF_INET6) {
    return std::optional<RouteMessage>();
  }
  RouteMessage route;
  route.table = rtm.rtm_table;
  route.protocol = rtm.rtm_protocol;
  route.scope = rtm.rtm_scope;
  route.type = rtm.rtm_type;
  route.flags = rtm.rtm_flags;
  IpAddress dst = unspecified(rtm.rtm_family);
  NextHop single{dst, 0};                      // dst is still unspecified here
  AttrReader attrs(body.subspan(sizeof rtm));  // sizeof(rtmsg) is already 4-aligned
  uint16_t type;
  ByteSpan payload;
  while (attrs.next(type, payload)) {
    bool ok = true;
    uint32_t u32 = 0;
    switch (type) {
      case RTA_DST: {
        auto a = addressOf(rtm.rtm_family, payload);
        ok = a.has_value();
        if (ok) dst = *a;
        break;
      }
      case RTA_TABLE:
        ok = read(payload, route.table);
        break;
      case RTA_PRIORITY:
        ok = read(payload, u32);
        route.priority = u32;
        break;
      case RTA_OIF:
        ok = read(payload, single.ifindex);
        break;
      case RTA_GATEWAY:
      case RTA_VIA:
        ok = decodeGateway(rtm.rtm_family, type, payload, single);
        break;
      case RTA_MULTIPATH:
        ok = decodeMultipath(rtm.rtm_family, payload, route.nextHops);
        break;
      default:
        break;
    }
    if (!ok) return failWith("malformed route attribute " + std::to_string(type));
  }
  if (attrs.bad()) return failWith("malformed route attribute framing");
  if (rtm.rtm_dst_len > (rtm.rtm_family == AF_INET ? 32 : 128)) {
    return failWith("route prefix length out of range");
  }
  route.prefix = Prefix(dst, rtm.rtm_dst_len);
  if (saysSomething(single) && route.nextHops.empty()) route.nextHops.push_back(single);
  return std::optional<RouteMessage>(std::move(route));
}

// NLMSG_ERROR: a negative errno, the request's header (and body unless NLM_F_CAPPED), then
// extended-ACK attributes when NLM_F_ACK_TLVS is set.
bool decodeError(const nlmsghdr& h, ByteSpan body, NetlinkMessage& m) {
  nlmsgerr err;
  if (!read(body, err)) return false;
  m.error = -err.error;
  if (!(h.nlmsg_flags & NLM_F_ACK_TLVS)) return true;
  size_t skip = sizeof err;
  if (!(h.nlmsg_flags & NLM_F_CAPPED)) skip += align4(err.msg.nlmsg_len) - sizeof(nlmsghdr);
  if (skip > body.size()) return false;
  AttrReader attrs(body.subspan(skip));
  uint16_t type;
  ByteSpan payload;
  while (attrs.next(type, payload)) {
    if (type != NLMSGERR_ATTR_MSG) continue;
    m.errorText.assign(payload.begin(), payload.end());
    while (!m.errorText.empty() && m.errorText.back() == '\0') m.errorText.pop_back();
  }
  return !attrs.bad();
}

}  // namespace

Bytes encodeRoute(const NetlinkHeader& header, const RouteMessage& route) {
  Bytes out;
  putHeader(out, header);
  Family family = route.prefix.family();
  bool bigTable = route.table > 255;
  rtmsg rtm{};
  rtm.rtm_family = addressFamily(family);
  rtm.rtm_dst_len = route.prefix.length();
  rtm.rtm_table = bigTable ? uint8_t{RT_TABLE_UNSPEC} : static_cast<uint8_t>(route.table);
  rtm.rtm_protocol = route.protocol;
  rtm.rtm_scope = route.scope;
  rtm.rtm_type = route.type;
  rtm.rtm_flags = route.flags;
  put(out, rtm);
  // Attribute order as `ip route <cmd> table T PREFIX metric M via G dev D` sends it.
  if (bigTable) putU32Attr(out, RTA_TABLE, route.table);
  if (route.prefix.length() > 0) {
    putAttr(out, RTA_DST, route.prefix.address().data(), route.prefix.address().size());
  }
  if (route.priority) putU32Attr(out, RTA_PRIORITY, *route.priority);
  putNextHops(out, family, route.nextHops);
  finish(out);
  return out;
}

Bytes encodeRouteDump(Family family, uint32_t seq) {
  Bytes out;
  putHeader(out, {RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, seq});
  rtmsg rtm{};
  rtm.rtm_family = addressFamily(family);
  put(out, rtm);
  finish(out);
  return out;
}

Bytes encodeRouteLookup(const IpAddress& destination, uint32_t seq) {
  RouteMessage query;
  query.prefix = Prefix(destination, destination.isV4() ? 32 : 128);
  query.table = RT_TABLE_UNSPEC;  // every table the policy rules lead to, as forwarding does
  query.type = kTypeUnspec;
  query.flags = RTM_F_FIB_MATCH | RTM_F_LOOKUP_TABLE;  // as `ip route get fibmatch` asks
  return encodeRoute({RTM_GETROUTE, NLM_F_REQUEST, seq}, query);
}

Bytes encodeAddress(AddressOp op, uint32_t seq, uint32_t ifindex, const Prefix& address) {
  Bytes out;
  if (op == AddressOp::kAdd) {
    putHeader(out, {RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE, seq});
  } else {
    putHeader(out, {RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, seq});
  }
  ifaddrmsg ifa{};
  ifa.ifa_family = addressFamily(address.family());
  ifa.ifa_prefixlen = address.length();
  ifa.ifa_flags = address.family() == Family::kV6 ? IFA_F_NODAD : 0;
  ifa.ifa_scope = RT_SCOPE_UNIVERSE;
  ifa.ifa_index = ifindex;
  put(out, ifa);
  // As iproute2 sends them: the local address, then the (same) peer address.
  putAttr(out, IFA_LOCAL, address.address().data(), address.address().size());
  putAttr(out, IFA_ADDRESS, address.address().data(), address.address().size());
  finish(out);
  return out;
}

Result<std::vector<NetlinkMessage>> decodeMessages(ByteSpan buffer) {
  std::vector<NetlinkMessage> messages;
  while (!buffer.empty()) {
    nlmsghdr h;
    if (!read(buffer, h) || h.nlmsg_len < sizeof h || h.nlmsg_len > buffer.size()) {
      return failWith("truncated netlink message");
    }
    ByteSpan body = buffer.subspan(sizeof h, h.nlmsg_len - sizeof h);
    buffer = buffer.subspan(std::min(align4(h.nlmsg_len), buffer.size()));
    NetlinkMessage m{h.nlmsg_type, h.nlmsg_flags, h.nlmsg_seq};
    if (h.nlmsg_type == NLMSG_ERROR) {
      if (!decodeError(h, body, m)) return failWith("malformed NLMSG_ERROR");
    } else if (h.nlmsg_type == NLMSG_DONE) {
      int status = 0;
      if (read(body, status)) m.error = -status;  // a dump may end with a negative errno
    } else if (h.nlmsg_type == RTM_NEWROUTE || h.nlmsg_type == RTM_DELROUTE) {
      auto route = decodeRoute(body);
      if (!route) return fail(route.error());
      m.route = std::move(*route);
    }
    messages.push_back(std::move(m));
  }
  return messages;
}

}  // namespace anycast::fib
