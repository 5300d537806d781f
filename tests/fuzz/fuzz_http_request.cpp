// libFuzzer target for the HTTP/1.1 request head parser (control/HttpRequest: RFC 9112 §2-§5),
// which reads whatever a client of the metrics listener sends. Each input is what a client sent
// on one connection. Invariants, checked with abort():
// - neither function reads out of bounds (ASan) nor crashes;
// - requestHeadEnd finds the same end in one call as in two (the first over a prefix, the
//   second told how far the first searched), as the server calls it while bytes arrive;
// - a parsed request has a method and a target, and a path that is empty or starts with '/';
// - what follows the head does not change how the head parses.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "control/HttpRequest.h"

namespace {

using namespace anycast::control;

void require(bool invariant) {
  if (!invariant) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view received(reinterpret_cast<const char*>(data), size);
  auto end = requestHeadEnd(received);
  require(!end || *end <= size);

  size_t split = size == 0 ? 0 : data[0] % size;  // the first read's size
  auto early = requestHeadEnd(received.substr(0, split));
  require(early ? early == end : requestHeadEnd(received, split) == end);

  auto request = parseRequestHead(received);
  if (request.ok()) {
    require(!request->method.empty() && !request->target.empty());
    require(request->path.empty() || request->path.front() == '/');
  } else {
    require(request.error().status == 400 || request.error().status == 505);
  }
  if (end) {
    auto head = parseRequestHead(received.substr(0, *end));
    require(head.ok() == request.ok());
    require(!head.ok() || (head->method == request->method && head->target == request->target));
  }
  return 0;
}
