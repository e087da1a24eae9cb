// incan_rt, the async runtime of Incan programs: the one runtime header generated code
// includes. Thin by design (standard headers and std/core only); the scheduler, the
// timer driver and everything else with weight lives in the incan_runtime library.
#pragma once

#include "incan/rt/atomic.h"
#include "incan/rt/barrier.h"
#include "incan/rt/channel.h"
#include "incan/rt/join_handle.h"
#include "incan/rt/mutex.h"
#include "incan/rt/oneshot.h"
#include "incan/rt/runtime.h"
#include "incan/rt/rwlock.h"
#include "incan/rt/semaphore.h"
#include "incan/rt/spawn.h"
#include "incan/rt/spawn_blocking.h"
#include "incan/rt/task.h"
#include "incan/rt/task_join_error.h"
#include "incan/rt/time.h"
#include "incan/rt/timeout.h"
#include "incan/rt/wait_group.h"
#include "incan/rt/yield_now.h"
