// lists, hand-written C++ counterpart of lists.incn. Build: g++ -O2 -std=c++20 lists.cpp
// Same phases and the same checksum as lists.incn, written as a C++ programmer would:
// std::vector filled by push_back without reserve (like the Incan program's append),
// std::sort, plain loops, the list passed to a function by const reference, unchecked
// signed 64-bit arithmetic.
// Usage: lists_cpp [n=1000000]. Prints `checksum=<value>`; with PHASES=1 in the
// environment it also prints the time of each phase on stderr.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

using i64 = std::int64_t;

static i64 rolling_hash(const std::vector<i64>& xs) {
  i64 acc = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) acc = (acc * 31 + xs[i]) % 1000000007;
  return acc;
}

int main(int argc, char** argv) {
  const i64 n = argc > 1 ? std::strtoll(argv[1], nullptr, 10) : 1000000;
  const bool phases = std::getenv("PHASES") != nullptr;
  using clock = std::chrono::steady_clock;
  auto t = clock::now();
  auto lap = [&](const char* name) {
    const auto now = clock::now();
    if (phases)
      std::fprintf(stderr, "%-8s %8.3f ms\n", name,
                   std::chrono::duration<double, std::milli>(now - t).count());
    t = now;
  };

  i64 seed = 12345;
  std::vector<i64> xs;
  for (i64 i = 0; i < n; ++i) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    xs.push_back(seed % 1000000);
  }
  lap("build");
  std::sort(xs.begin(), xs.end());
  lap("sort");
  i64 total = 0;
  for (i64 x : xs) total += x;
  lap("sum");
  std::vector<i64> squares;
  for (i64 x : xs)
    if (x % 2 == 0) squares.push_back(x * x % 1000003);
  i64 sq_total = 0;
  for (i64 x : squares) sq_total += x;
  lap("compr");
  const i64 acc = rolling_hash(xs);
  lap("indexed");
  const i64 checksum = total + sq_total * 7 + acc * 13 + static_cast<i64>(squares.size());
  std::printf("checksum=%lld\n", static_cast<long long>(checksum));
  return 0;
}
