// makeCheck: a CheckRunner for a CheckConfig, with the probe of its kind on the daemon's
// event loop. The daemon passes its loop, its TimerFactory and clock; tests pass fakes to
// CheckRunner directly.
#pragma once

#include <asio.hpp>
#include <memory>

#include "base/Clock.h"
#include "health/CheckConfig.h"
#include "health/CheckRunner.h"

namespace anycast::health {

std::unique_ptr<CheckRunner> makeCheck(const CheckConfig& config, asio::io_context& io,
                                       TimerFactory& timers, const Clock& clock);

}  // namespace anycast::health
