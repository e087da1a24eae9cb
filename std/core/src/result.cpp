// Cold panic path of incan::result. Part of std/core.
#include "incan/core/result.h"

#include <string>

#include "incan/core/panic.h"

namespace incan::detail {

void panic_result_expect(std::string_view msg, const std::string& err_debug) {
  std::string message(msg);
  message += ": ";
  message += err_debug;
  panic(message);
}

}  // namespace incan::detail
