// enumerate over a str. Part of std/core.
#include "incan/core/iter.h"

#include <algorithm>

#include "utf8.h"

namespace incan {

list<std::tuple<std::int64_t, std::string>> enumerate(const std::string& s) {
  list<std::tuple<std::int64_t, std::string>> out;
  std::int64_t index = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = std::min(detail::utf8_length(static_cast<unsigned char>(s[i])), s.size() - i);
    out.append(std::tuple<std::int64_t, std::string>(index++, s.substr(i, n)));
    i += n;
  }
  return out;
}

}  // namespace incan
