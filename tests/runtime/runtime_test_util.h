// Shared helpers of the runtime tests: the worker-count parameter every test runs
// with, and workload scaling for sanitizer builds.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <string>

namespace incan::rt::testing {

// Each runtime test runs on a runtime with 1, 2 (what the benchmarks use) and 4 workers.
class workers_test : public ::testing::TestWithParam<std::size_t> {
 protected:
  std::size_t workers() const { return GetParam(); }
};

inline std::string workers_name(const ::testing::TestParamInfo<std::size_t>& info) {
  return "workers" + std::to_string(info.param);
}

#define INCAN_RT_INSTANTIATE_WORKERS(suite) \
  INSTANTIATE_TEST_SUITE_P(rt, suite, ::testing::Values(std::size_t{1}, std::size_t{2}, std::size_t{4}), \
                           ::incan::rt::testing::workers_name)

// Workload sizes: full in normal builds, smaller under ThreadSanitizer (5-15x slower).
constexpr bool k_tsan =
#if defined(__SANITIZE_THREAD__)
    true;
#else
    false;
#endif

constexpr long scaled(long normal, long tsan) { return k_tsan ? tsan : normal; }

}  // namespace incan::rt::testing
