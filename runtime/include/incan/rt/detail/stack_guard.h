// Stack overflow reporting. Part of incan_rt (not included by incan/rt.hpp; generated
// code reaches it through run_main and run_async_main).
//
// Rust reports a stack overflow instead of dying silently, and so do we: a thread
// that runs Incan code (the main thread, each runtime worker, each spawn_blocking
// thread) holds a stack_overflow_guard. When such a thread runs off the end of its
// stack, the process writes
//
//   \nthread '<name>' has overflowed its stack\nfatal runtime error: stack overflow\n
//
// to stderr and exits with code 134 (the status a shell shows for Rust's abort). Lines
// already printed are not lost: println writes each line straight to file descriptor 1.
// Any other segmentation fault still kills the process with SIGSEGV (or SIGBUS).
// The main thread is guarded by incan::rt::run_main (a synchronous `main`) and
// run_async_main; the workers and blocking-pool threads guard themselves.
//
// Under AddressSanitizer or ThreadSanitizer the guard does nothing: the sanitizer owns
// SIGSEGV and reports stack overflows itself.
#pragma once

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define INCAN_STACK_GUARD_DISABLED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define INCAN_STACK_GUARD_DISABLED 1
#endif

namespace incan::rt::detail {

// The exit code after a reported stack overflow.
inline constexpr int stack_overflow_exit_code = 134;

// False in AddressSanitizer and ThreadSanitizer builds, where the guard does nothing.
#ifdef INCAN_STACK_GUARD_DISABLED
inline constexpr bool stack_overflow_guard_enabled = false;
#else
inline constexpr bool stack_overflow_guard_enabled = true;
#endif

class stack_overflow_guard {
 public:
  // Records the calling thread's stack bounds and `thread_name` (copied; at most 63
  // bytes are kept), gives the thread an alternate signal stack and installs the
  // process-wide SIGSEGV/SIGBUS handler unless the program already has one.
  explicit stack_overflow_guard(const char* thread_name) noexcept;
  // Removes and frees the thread's alternate signal stack.
  ~stack_overflow_guard();
  stack_overflow_guard(const stack_overflow_guard&) = delete;
  stack_overflow_guard& operator=(const stack_overflow_guard&) = delete;

 private:
  void* alt_stack_ = nullptr;
  unsigned long alt_stack_size_ = 0;
};

}  // namespace incan::rt::detail
