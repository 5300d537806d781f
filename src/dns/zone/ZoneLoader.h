// ZoneLoader: reads RFC 1035 §5 master files — $ORIGIN, $TTL (RFC 2308 §4), $INCLUDE, relative
// names, every type libzscanner knows and RFC 3597 §5's generic "\# length hex" form — into a
// Zone. libzscanner (Knot DNS) does the text; the records go through ZoneBuilder's checks.
// The first error ends the load: "file:line: what is wrong", as a Result (the reload path
// keeps the old zone on error). A record without a TTL and no $TTL gets 3600, knotd's default.
#pragma once

#include <string>
#include <string_view>

#include "base/Result.h"
#include "dns/wire/Name.h"
#include "dns/zone/Zone.h"

namespace anycast::dns {

inline constexpr uint32_t kDefaultZoneTtl = 3600;

Result<Zone> loadZoneFile(const std::string& path, const Name& origin);
// Zone text in memory, `source` naming it in errors; $INCLUDE is refused (text from elsewhere
// must not open files: the fuzzer feeds this).
Result<Zone> loadZoneText(std::string_view text, const Name& origin,
                          std::string_view source = "<text>");

}  // namespace anycast::dns
