// A thread with a large stack for the compiler stages.
#include "driver/big_stack.h"

#include <pthread.h>

namespace incan::driver {

namespace {
struct Job {
  const std::function<int()>* fn;
  int result = 0;
};

void* trampoline(void* arg) {
  Job* job = static_cast<Job*>(arg);
  job->result = (*job->fn)();
  return nullptr;
}
}  // namespace

int run_with_big_stack(const std::function<int()>& fn) {
  constexpr std::size_t kStackSize = std::size_t{512} << 20;
  Job job{&fn};
  pthread_attr_t attr;
  pthread_t thread;
  if (pthread_attr_init(&attr) != 0) return fn();
  bool ok = pthread_attr_setstacksize(&attr, kStackSize) == 0 &&
            pthread_create(&thread, &attr, &trampoline, &job) == 0;
  pthread_attr_destroy(&attr);
  if (!ok) return fn();
  pthread_join(thread, nullptr);
  return job.result;
}

}  // namespace incan::driver
