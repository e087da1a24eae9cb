// `incan clean`: empty the build cache and say how much it freed.
#include <cstdio>
#include <string>

#include "driver/build_cache.h"
#include "driver/driver.h"

namespace incan::driver {

int clean_subcommand() {
  auto root = default_cache_root();
  if (!root.ok()) {
    std::fprintf(stderr, "error: %s\n", root.error().message.c_str());
    return 1;
  }
  auto stats = clean_cache(*root);
  if (!stats.ok()) {
    std::fprintf(stderr, "error: %s\n", stats.error().message.c_str());
    return 1;
  }
  std::printf("removed %llu file%s, %.1f MB from %s\n", static_cast<unsigned long long>(stats->files),
              stats->files == 1 ? "" : "s", static_cast<double>(stats->bytes) / 1e6, root->c_str());
  return 0;
}

}  // namespace incan::driver
