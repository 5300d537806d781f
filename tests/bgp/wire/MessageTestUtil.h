// Helpers shared by the message codec tests.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "base/Bytes.h"
#include "base/Result.h"
#include "bgp/wire/WireError.h"

namespace anycast::bgp::wiretest {

inline Bytes hex(const std::string& s) { return fromHex(s); }

// A whole message: the all-ones marker, then length, type and body given in hex.
inline Bytes wire(const std::string& lengthTypeBody) {
  return fromHex("ffffffffffffffffffffffffffffffff" + lengthTypeBody);
}

template <class T>
std::optional<WireError> errorOf(const Result<T, WireError>& r) {
  return r.ok() ? std::nullopt : std::optional<WireError>(r.error());
}

// Names a parameterized case by its `name` member ("open-28" -> "open_28").
template <class P>
std::string caseName(const ::testing::TestParamInfo<P>& info) {
  std::string n = info.param.name;
  for (char& c : n) c = (c == '-') ? '_' : c;
  return n;
}

}  // namespace anycast::bgp::wiretest
