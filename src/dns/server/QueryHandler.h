// QueryHandler: the seam between the transports (UdpWorker, TcpWorker) and the query processor.
// The server only frames, batches, rate-limits and counts; what to answer is the handler's.
// A handler is called from every worker thread at once, so handle() and truncatedReply() must
// be safe to call concurrently (the zone store is immutable and swapped whole, per DESIGN.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "base/Bytes.h"
#include "base/Ip.h"
#include "dns/Transport.h"
#include "dns/rrl/ResponseClass.h"

namespace anycast::dns::server {

// An address and port: where a query came from, or where the server listens.
struct Endpoint {
  IpAddress address;
  uint16_t port = 0;
};

// A response written by the handler, with what RRL needs to account it.
struct HandledQuery {
  size_t length = 0;  // bytes written at the start of `out`
  rrl::ResponseClass kind = rrl::ResponseClass::kAnswer;
  uint64_t nameHash = 0;  // rrl::hashName of the name RRL accounts this kind to
};

class QueryHandler {
 public:
  virtual ~QueryHandler() = default;
  // Writes the response to `query` from `source` into `out` (never more than out.size(), nor
  // than the client allows); nullopt: send nothing (e.g. a header too short to answer).
  virtual std::optional<HandledQuery> handle(ByteSpan query, const Endpoint& source,
                                             Transport transport, std::span<uint8_t> out) = 0;
  // RRL's slip: the header and question of the response to `query` with TC=1 and no
  // records, so the client retries over TCP; nullopt: drop instead.
  virtual std::optional<size_t> truncatedReply(ByteSpan query, std::span<uint8_t> out) = 0;
};

}  // namespace anycast::dns::server
