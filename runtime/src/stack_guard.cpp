// Stack overflow detection: an alternate signal stack per thread and one SIGSEGV /
// SIGBUS handler; and run_main, the entry of a synchronous program. Part of incan_rt
// (it needs POSIX signals and threads, which std/core may not use).
//
// Design. A thread that overflows its stack faults on the guard area below it; the
// handler cannot run on that stack, so each guarded thread gets its own alternate
// signal stack (sigaltstack, SA_ONSTACK). The thread's stack bounds and name are
// recorded at guard construction in plain thread-local variables (constant-initialised
// POD, so reading them needs no lazy initialisation and no lock).
//
// Async-signal safety. The handler only reads those thread-locals and si_addr,
// compares addresses, and calls write(2), sigaction(2), raise(3) and _exit(2), all
// async-signal-safe. It does not flush stdio or take any lock: the fault may have hit
// inside malloc, stdio or println while a lock was held. Little is lost by that:
// println flushes every line (std/core/src/io.cpp), so at most the line being printed
// at the moment of the fault is missing, and panic text goes to stderr, unbuffered.
//
// A fault outside the guarded range is not ours: the handler restores the default
// action and returns, the faulting instruction runs again and the process dies of the
// signal as it would have without us (a signal sent with kill(2) is raised again).
#include "incan/rt/detail/stack_guard.h"

#include "incan/core/panic.h"
#include "incan/rt/runtime.h"

#ifndef INCAN_STACK_GUARD_DISABLED
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#endif

namespace incan::rt {
namespace detail {

#ifdef INCAN_STACK_GUARD_DISABLED

stack_overflow_guard::stack_overflow_guard(const char*) noexcept {}
stack_overflow_guard::~stack_overflow_guard() = default;

#else

namespace {

// Faults this far below the lowest usable stack address count as an overflow: the
// guard page(s) plus room for one large frame that skipped over them.
constexpr std::uintptr_t kBelowSlack = std::uintptr_t{64} << 10;
// And this far above it: the main thread's stack may be stopped short of its limit by
// the kernel's gap to the mapping below it.
constexpr std::uintptr_t kAboveSlack = std::uintptr_t{1} << 20;
constexpr std::size_t kNameCapacity = 64;

// Set by the guard's constructor on its own thread; read by the handler on the same
// thread. Zero bounds mean "not guarded".
thread_local std::uintptr_t t_fault_lo = 0;
thread_local std::uintptr_t t_fault_hi = 0;
thread_local char t_name[kNameCapacity] = {};

void write_text(const char* text, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(STDERR_FILENO, text, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // stderr is gone; the exit code still tells
    text += n;
    size -= static_cast<std::size_t>(n);
  }
}

std::size_t length(const char* text) {
  std::size_t n = 0;
  while (text[n] != '\0') ++n;
  return n;
}

void on_fault(int sig, siginfo_t* info, void*) {
  const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
  if (t_fault_hi != 0 && address >= t_fault_lo && address < t_fault_hi) {
    static constexpr char kHead[] = "\nthread '";
    static constexpr char kTail[] = "' has overflowed its stack\nfatal runtime error: stack overflow\n";
    write_text(kHead, sizeof kHead - 1);
    write_text(t_name, length(t_name));
    write_text(kTail, sizeof kTail - 1);
    ::_exit(stack_overflow_exit_code);
  }
  struct sigaction fallback = {};
  fallback.sa_handler = SIG_DFL;
  sigemptyset(&fallback.sa_mask);
  ::sigaction(sig, &fallback, nullptr);
  // A fault re-runs the faulting instruction on return and gets the default action
  // then; a signal sent by kill(2) or raise(3) has to be sent again.
  if (info->si_code <= 0) ::raise(sig);
}

// Installs on_fault for `sig` unless the program already handles it.
void install_handler(int sig) {
  struct sigaction current = {};
  if (::sigaction(sig, nullptr, &current) != 0) return;
  const bool has_handler = (current.sa_flags & SA_SIGINFO) != 0 ? current.sa_sigaction != nullptr
                                                                 : current.sa_handler != SIG_DFL;
  if (has_handler) return;
  struct sigaction action = {};
  action.sa_sigaction = on_fault;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&action.sa_mask);
  ::sigaction(sig, &action, nullptr);
}

void record_stack_bounds() {
  pthread_attr_t attr;
  if (::pthread_getattr_np(::pthread_self(), &attr) != 0) return;
  void* base = nullptr;
  std::size_t size = 0;
  std::size_t guard = 0;
  const bool ok = ::pthread_attr_getstack(&attr, &base, &size) == 0;
  ::pthread_attr_getguardsize(&attr, &guard);
  ::pthread_attr_destroy(&attr);
  if (!ok || base == nullptr) return;
  const auto lo = reinterpret_cast<std::uintptr_t>(base);
  const std::uintptr_t below = guard + kBelowSlack;
  t_fault_lo = lo > below ? lo - below : 0;
  t_fault_hi = lo + kAboveSlack;
}

}  // namespace

stack_overflow_guard::stack_overflow_guard(const char* thread_name) noexcept {
  std::size_t n = 0;
  for (; thread_name != nullptr && thread_name[n] != '\0' && n + 1 < kNameCapacity; ++n) {
    t_name[n] = thread_name[n];
  }
  t_name[n] = '\0';

  const long page = ::sysconf(_SC_PAGESIZE);
  const long min_size = ::sysconf(_SC_SIGSTKSZ);
  std::size_t size = std::size_t{64} << 10;
  if (min_size > 0 && static_cast<std::size_t>(min_size) > size) size = static_cast<std::size_t>(min_size);
  const std::size_t page_size = page > 0 ? static_cast<std::size_t>(page) : 4096;
  size = (size + page_size - 1) / page_size * page_size;
  // One extra page below the alternate stack stays inaccessible, so an overflow of
  // the handler itself faults instead of writing over other memory.
  void* region = ::mmap(nullptr, size + page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK,
                        -1, 0);
  if (region == MAP_FAILED) return;
  ::mprotect(region, page_size, PROT_NONE);
  stack_t stack = {};
  stack.ss_sp = static_cast<char*>(region) + page_size;
  stack.ss_size = size;
  stack.ss_flags = 0;
  if (::sigaltstack(&stack, nullptr) != 0) {
    ::munmap(region, size + page_size);
    return;
  }
  alt_stack_ = region;
  alt_stack_size_ = size + page_size;
  record_stack_bounds();

  static const bool installed = [] {
    install_handler(SIGSEGV);
    install_handler(SIGBUS);
    return true;
  }();
  (void)installed;
}

stack_overflow_guard::~stack_overflow_guard() {
  if (alt_stack_ == nullptr) return;
  t_fault_lo = 0;
  t_fault_hi = 0;
  stack_t disable = {};
  disable.ss_flags = SS_DISABLE;
  if (::sigaltstack(&disable, nullptr) == 0) ::munmap(alt_stack_, alt_stack_size_);
}

#endif

}  // namespace detail

int run_main(void (*main_fn)()) noexcept {
  detail::stack_overflow_guard guard("main");
  return incan::run_main(main_fn);
}

}  // namespace incan::rt
