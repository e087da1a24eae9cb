// sleep / sleep_ms and the glue from the sleep awaiter to the timer driver of the
// sleeping task's runtime. Part of incan_rt (time layer).
#include <cmath>
#include <cstdint>
#include <limits>

#include "incan/rt/time.h"
#include "scheduler/scheduler.h"
#include "time/timer_driver.h"

namespace incan::rt {

namespace detail {

std::int64_t seconds_to_ns(double seconds) noexcept {
  // Negative, NaN and infinite durations mean 0, as in Incan.
  if (!(seconds > 0.0) || std::isinf(seconds)) return 0;
  const double ns = seconds * 1e9;
  constexpr double max_ns = 9.2e18;  // just below INT64_MAX: saturate, do not overflow
  return ns >= max_ns ? static_cast<std::int64_t>(max_ns) : static_cast<std::int64_t>(ns);
}

std::int64_t millis_to_ns(std::int64_t milliseconds) noexcept {
  if (milliseconds <= 0) return 0;
  constexpr std::int64_t max_ms = std::numeric_limits<std::int64_t>::max() / 1'000'000;
  return milliseconds >= max_ms ? max_ms * 1'000'000 : milliseconds * 1'000'000;
}

}  // namespace detail

sleep_awaiter sleep(double seconds) noexcept { return sleep_awaiter(detail::seconds_to_ns(seconds)); }

sleep_awaiter sleep_ms(std::int64_t milliseconds) noexcept { return sleep_awaiter(detail::millis_to_ns(milliseconds)); }

namespace detail {

bool timer_register(timer_entry& e, task_header* t, std::int64_t duration_ns) noexcept {
  if (duration_ns <= 0) return false;
  t->scheduler_->timers().add(e, t, duration_ns);
  return true;
}

void timer_deregister(timer_entry& e) noexcept { e.driver->remove(e); }

task<void> sleep_task(std::int64_t duration_ns) { co_await sleep_awaiter(duration_ns); }

}  // namespace detail
}  // namespace incan::rt
