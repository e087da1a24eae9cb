// INCAN_CHECK / INCAN_DCHECK: invariant checks that abort with an internal-error
// message. A failed check is always a compiler bug, never a user error.
#pragma once

namespace incan {
[[noreturn]] void check_failed(const char* condition, const char* file, int line, const char* message);
}  // namespace incan

#define INCAN_CHECK(cond, ...) \
  ((cond) ? (void)0 : ::incan::check_failed(#cond, __FILE__, __LINE__, "" __VA_ARGS__))

#ifdef NDEBUG
#define INCAN_DCHECK(cond, ...) ((void)0)
#else
#define INCAN_DCHECK(cond, ...) INCAN_CHECK(cond, __VA_ARGS__)
#endif
