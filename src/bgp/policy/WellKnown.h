// Well-known communities that restrict or change routing by themselves, applied whatever the
// operator's filters say. RFC 1997 §2 (NO_EXPORT, NO_ADVERTISE, NO_EXPORT_SUBCONFED), RFC 8326
// §4 (GRACEFUL_SHUTDOWN).
#pragma once

#include <cstdint>
#include <optional>

#include "bgp/policy/Action.h"
#include "bgp/policy/Filter.h"
#include "bgp/wire/PathAttributes.h"

namespace anycast::bgp::policy {

// RFC 1997 §2 on export. NO_ADVERTISE: to no peer. NO_EXPORT: to no eBGP peer. We run no
// confederations, so NO_EXPORT_SUBCONFED ("not advertised to external BGP peers", including
// confederation peers) is the same as NO_EXPORT. Only routes "received carrying" NO_EXPORT are
// held back: a route we originate with NO_EXPORT is meant for our eBGP neighbour, which must
// not pass it on.
Decision checkWellKnownExport(const PathAttributes& attributes, bool toEbgp, bool fromLocal);

// RFC 8326 §4.2: "a route policy is configured which matches the GRACEFUL_SHUTDOWN community
// and sets the LOCAL_PREF attribute of the path to a low value" — on eBGP sessions only: over
// iBGP the LOCAL_PREF our border router set is carried and must not be overwritten.
// `localPref` is that value (RFC 8326 suggests 0); unset turns the procedure off.
void applyGracefulShutdown(std::optional<uint32_t> localPref, bool fromEbgp, PolicyRoute& route);

}  // namespace anycast::bgp::policy
