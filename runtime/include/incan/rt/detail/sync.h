// Synchronisation aliases of incan_rt: every atomic in the runtime is declared through
// this header (mutexes and condition variables through src/detail/sync_locks.h), so
// an instrumented or model-checking implementation can be swapped in at one place.
#pragma once

#include <atomic>

namespace incan::rt::detail {

template <class T>
using atomic = std::atomic<T>;

using std::memory_order_acq_rel;
using std::memory_order_acquire;
using std::memory_order_relaxed;
using std::memory_order_release;
using std::memory_order_seq_cst;

}  // namespace incan::rt::detail
