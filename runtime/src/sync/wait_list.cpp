// Out-of-line pieces of the sync building blocks (include/incan/rt/detail/wait_list.h).
// Part of incan_rt (sync layer).
#include <sched.h>

#include "incan/rt/detail/wait_list.h"

namespace incan::rt::detail {

void spin_yield() noexcept { sched_yield(); }

}  // namespace incan::rt::detail
