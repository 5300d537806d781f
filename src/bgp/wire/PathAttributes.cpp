#include "bgp/wire/PathAttributes.h"

#include <algorithm>

namespace anycast::bgp {

size_t AsPath::length() const {
  // RFC 4271 §9.1.2.2 a) and RFC 5065 §5.3: AS_SET counts 1, confederation segments 0.
  size_t n = 0;
  for (const auto& s : segments) {
    if (s.type == AsPathSegment::kSequence) n += s.asns.size();
    if (s.type == AsPathSegment::kSet) n += 1;
  }
  return n;
}

bool AsPath::contains(uint32_t asn) const {
  return std::any_of(segments.begin(), segments.end(), [asn](const AsPathSegment& s) {
    return std::find(s.asns.begin(), s.asns.end(), asn) != s.asns.end();
  });
}

uint32_t AsPath::originAs() const {
  // RFC 6811 §2: the right-most AS of the final segment if it is an AS_SEQUENCE; an
  // aggregate ending in an AS_SET has no single origin.
  if (segments.empty()) return 0;
  const auto& last = segments.back();
  return last.type == AsPathSegment::kSequence && !last.asns.empty() ? last.asns.back() : 0;
}

uint32_t AsPath::firstAs() const {
  // RFC 5065 §5.3: confederation segments are skipped when looking for the neighbour AS.
  for (const auto& s : segments) {
    if (s.isConfed()) continue;
    return s.type == AsPathSegment::kSequence && !s.asns.empty() ? s.asns.front() : 0;
  }
  return 0;
}

std::string AsPath::str() const {
  std::string out;
  for (const auto& s : segments) {
    const char* brackets = s.type == AsPathSegment::kSet              ? "{}"
                           : s.type == AsPathSegment::kConfedSequence ? "()"
                           : s.type == AsPathSegment::kConfedSet      ? "[]"
                                                                      : nullptr;
    if (!out.empty()) out += ' ';
    if (brackets) out += brackets[0];
    for (size_t i = 0; i < s.asns.size(); ++i) {
      if (i) out += ' ';
      out += std::to_string(s.asns[i]);
    }
    if (brackets) out += brackets[1];
  }
  return out;
}

const char* originName(Origin o) {
  switch (o) {
    case Origin::kIgp:
      return "igp";
    case Origin::kEgp:
      return "egp";
    case Origin::kIncomplete:
      return "incomplete";
  }
  return "?";
}

std::string communityStr(uint32_t c) {
  for (const auto& n : community::kNames) {
    if (n.value == c) return n.name;
  }
  return std::to_string(c >> 16) + ":" + std::to_string(c & 0xffff);
}

std::string largeCommunityStr(const LargeCommunity& c) {
  return std::to_string(c.globalAdmin) + ":" + std::to_string(c.localData1) + ":" +
         std::to_string(c.localData2);
}

}  // namespace anycast::bgp
