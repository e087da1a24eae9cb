// Reports a failed compiler invariant and aborts.
#include "frontend/common/check.h"

#include <cstdio>
#include <cstdlib>

namespace incan {
void check_failed(const char* condition, const char* file, int line, const char* message) {
  std::fprintf(stderr, "internal compiler error: check `%s` failed at %s:%d%s%s\n", condition, file, line,
               message[0] ? ": " : "", message);
  std::fprintf(stderr, "this is a bug in incan; please report it with the program that triggered it\n");
  std::abort();
}
}  // namespace incan
