// Shared pieces of the libFuzzer targets: one input becomes one source file, and the
// stages run on one long-lived thread with a 512 MiB stack, like the driver's (the
// stages recurse over the AST; the parser bounds nesting and the driver relies on a
// big stack for the rest). One thread for all inputs: creating a thread with that
// stack per input would cost more than the stages themselves under ASan.
#pragma once

#include <pthread.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <string>

namespace incan::fuzz {

// The input as the text of one source file.
inline std::string input_text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Runs jobs one at a time on a thread with a large stack; `run` waits for the job.
class BigStackWorker {
 public:
  static BigStackWorker& instance() {
    static BigStackWorker* worker = new BigStackWorker();  // never destroyed: the thread outlives main
    return *worker;
  }

  void run(const std::function<void()>& job) {
    std::unique_lock<std::mutex> lock(mutex_);
    job_ = &job;
    done_ = false;
    cv_.notify_all();
    cv_.wait(lock, [this] { return done_; });
  }

 private:
  BigStackWorker() {
    constexpr std::size_t kStackSize = std::size_t{512} << 20;
    pthread_attr_t attr;
    pthread_t thread;
    if (pthread_attr_init(&attr) != 0 || pthread_attr_setstacksize(&attr, kStackSize) != 0 ||
        pthread_create(&thread, &attr, &BigStackWorker::loop, this) != 0) {
      std::abort();
    }
    pthread_attr_destroy(&attr);
    pthread_detach(thread);
  }

  static void* loop(void* self) {
    auto* w = static_cast<BigStackWorker*>(self);
    std::unique_lock<std::mutex> lock(w->mutex_);
    for (;;) {
      w->cv_.wait(lock, [w] { return w->job_ != nullptr; });
      const std::function<void()>* job = w->job_;
      lock.unlock();
      (*job)();
      lock.lock();
      w->job_ = nullptr;
      w->done_ = true;
      w->cv_.notify_all();
    }
    return nullptr;
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  const std::function<void()>* job_ = nullptr;
  bool done_ = false;
};

// Runs `fn` on the big-stack thread and waits for it.
inline void run_stage(const std::function<void()>& fn) { BigStackWorker::instance().run(fn); }

}  // namespace incan::fuzz
