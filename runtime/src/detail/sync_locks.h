// Lock aliases of incan_rt (internal): every mutex and condition variable of the
// runtime is declared through this header, atomics through incan/rt/detail/sync.h,
// so an instrumented implementation can be swapped in at one place.
#pragma once

#include <condition_variable>
#include <mutex>

#include "incan/rt/detail/sync.h"

namespace incan::rt::detail {

using mutex = std::mutex;
using condition_variable = std::condition_variable;
template <class M>
using lock_guard = std::lock_guard<M>;
template <class M>
using unique_lock = std::unique_lock<M>;

}  // namespace incan::rt::detail
