// Turns one generated C++20 translation unit into an executable: cache lookup,
// precompiled prelude, one compile-and-link invocation, atomic publish. Part of the
// driver; the C++ text comes from codegen.
//
// Where the prelude headers and runtime libraries come from, first match wins:
//   1. $INCAN_HOME, a prefix laid out as installed:
//        $INCAN_HOME/include/incan/prelude.h (and every header it includes)
//        $INCAN_HOME/lib/libincan_runtime.a, libincan_core.a
//        $INCAN_HOME/lib/libincan_runtime_asan.a, libincan_core_asan.a (for --sanitize)
//   2. the same layout around the running `incan` (<bindir>/../include, ../lib), so
//      an installed compiler is relocatable;
//   3. the build tree this `incan` was built in (paths baked in by CMake:
//      INCAN_INCLUDE_DIRS, INCAN_RUNTIME_LIB, INCAN_CORE_LIB, and the _ASAN_ variants).
//
// Other environment: INCAN_CXX (compiler), INCAN_LINKER (see toolchain.h),
// INCAN_CACHE_DIR (see build_cache.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "driver/error_or.h"
#include "driver/toolchain.h"

namespace incan::driver {

struct BuildOptions {
  // Where the executable goes (parent directories are created). Empty: build into the
  // cache only; BuildResult::binary_path names the result (e.g. for `incan run`).
  std::string output_path;
  // Ignored for sanitizer builds, which always use -O1 -g.
  std::string opt_level = "-O2";
  // "" or "address,undefined". A build configured with -DINCAN_SANITIZE=X also accepts
  // X, and uses X when this is empty (its libraries are sanitized).
  std::string sanitize;
  // Keep the generated C++ in the cache after a successful build (its path is in
  // BuildResult::cpp_path). It is always kept when the C++ compiler fails.
  bool keep_cpp = false;
  // Print each compiler command line and cache decision to stderr.
  bool verbose = false;
};

struct BuildResult {
  // The executable came from the cache; no compiler ran.
  bool cache_hit = false;
  // The generated C++ in the cache, when it was kept (keep_cpp); else empty.
  std::string cpp_path;
  // The cached executable (<cache>/bin/<key>); output_path is a link to it.
  std::string binary_path;
  // The compile used the precompiled prelude.
  bool used_pch = false;
};

// Builds `cpp_source` (which must start by including <incan/prelude.h>) into an
// executable linked with the runtime and core libraries. An unchanged program with an
// unchanged toolchain and runtime is a cache hit: no process is spawned, and the
// output is a hard link to the cached binary.
//
// Errors: no compiler, unwritable cache or output, or the C++ compiler rejecting the
// code. The last is always a bug in incan, and the message says so, quotes the first
// lines of the compiler's stderr (which point into the .incn through #line) and names
// the kept .cpp file.
ErrorOr<BuildResult> build_executable(std::string_view cpp_source, const BuildOptions& options);

// Where the headers and libraries for one kind of build are.
struct RuntimeLayout {
  // Searched in order by the C++ compiler (-I).
  std::vector<std::string> include_dirs;
  // Absolute path of incan/prelude.h.
  std::string prelude_header;
  std::string runtime_lib;
  std::string core_lib;
};

// Everything build_executable decides before it runs anything but the cache lookup.
struct BuildPlan {
  BuildCache cache;
  Toolchain toolchain;
  RuntimeLayout layout;
  // The sanitizer set in effect ("" for none), normalized ("address,undefined").
  std::string sanitize;
  // Flags that shape the object code (standard, optimization, sanitizers, -pthread);
  // a precompiled header must be built with exactly these.
  std::vector<std::string> base_flags;
  // -I flags for layout.include_dirs.
  std::vector<std::string> include_flags;
  // Stamp (size, mtime) of every header under the include directories.
  std::string headers_stamp;
  // The binary cache key: hash of the C++ text, compiler identity, flags, linker,
  // header stamps and library stamps.
  std::string key;
};

// Resolves the cache, compiler, layout and flags for `cpp_source` and computes its
// cache key. Spawns nothing once the compiler's identity is cached.
ErrorOr<BuildPlan> plan_build(std::string_view cpp_source, const BuildOptions& options);

// Resolves the layout (see the top of this file). `sanitize` picks the sanitizer
// builds of the libraries and must be "" or a sanitizer set accepted by
// build_executable.
ErrorOr<RuntimeLayout> find_runtime_layout(std::string_view sanitize);

}  // namespace incan::driver
