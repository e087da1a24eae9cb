// yield_now as a task<void>, for where an Incan `Awaitable[None]` value is needed.
// Part of incan_rt (task layer).
#include "incan/rt/yield_now.h"

namespace incan::rt::detail {

task<void> yield_task() { co_await yield_now(); }

}  // namespace incan::rt::detail
