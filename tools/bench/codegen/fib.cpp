// fib, hand-written C++ counterpart of fib.incn. Build: g++ -O2 -std=c++20 fib.cpp
// Usage: fib_cpp [n=38]. Prints `checksum=<fib(n)>`, like fib.incn.
// Arithmetic is plain (unchecked) signed 64-bit, as a C++ programmer would write it.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

static std::int64_t fib(std::int64_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(int argc, char** argv) {
  const std::int64_t n = argc > 1 ? std::strtoll(argv[1], nullptr, 10) : 38;
  std::printf("checksum=%lld\n", static_cast<long long>(fib(n)));
  return 0;
}
