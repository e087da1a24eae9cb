// Finding and identifying the C++ compiler (and the fastest linker it can use) that
// turns generated C++ into executables. Part of the driver.
#pragma once

#include <string>

#include "driver/build_cache.h"
#include "driver/error_or.h"

namespace incan::driver {

enum class CompilerFamily { Gcc, Clang, Other };

struct Toolchain {
  // The compiler driver as it will be run (absolute path).
  std::string cxx;
  // First line of `<cxx> --version`, e.g. "g++ (Debian 12.2.0-14) 12.2.0". Part of
  // every cache key, so switching or upgrading compilers never reuses stale builds.
  std::string identity;
  CompilerFamily family = CompilerFamily::Other;
  // "-fuse-ld=mold", "-fuse-ld=lld", "-fuse-ld=gold", or "" for the compiler's default.
  std::string linker_flag;
};

// Finds the C++ compiler: $INCAN_CXX (a path or a name on PATH; a single program, no
// arguments), else the first of c++, g++, clang++ on PATH. Runs `--version` only the
// first time a compiler binary is seen: the identity is cached under
// `cache.root()/toolchain/`, keyed by the compiler's resolved path, size and mtime, so
// a warm build spawns no extra process.
//
// The linker is the fastest one installed: mold, else gold, else lld, else the
// compiler's default (GNU ld.bfd, two to three times slower on our programs).
// $INCAN_LINKER=mold|lld|gold|bfd|default overrides the choice.
ErrorOr<Toolchain> find_toolchain(const BuildCache& cache);

// The family named by a `--version` first line.
CompilerFamily classify_compiler(std::string_view identity);

}  // namespace incan::driver
