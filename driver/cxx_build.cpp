// Generated C++ to executable: runtime layout, cache keys, precompiled prelude, the
// compiler invocation and publishing the result. Part of the driver.
#include "driver/cxx_build.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "driver/build_cache.h"
#include "driver/process.h"
#include "driver/toolchain.h"

// Baked in by driver/CMakeLists.txt; empty when this file is built on its own.
#ifndef INCAN_INCLUDE_DIRS
#define INCAN_INCLUDE_DIRS ""
#endif
#ifndef INCAN_RUNTIME_LIB
#define INCAN_RUNTIME_LIB ""
#endif
#ifndef INCAN_CORE_LIB
#define INCAN_CORE_LIB ""
#endif
#ifndef INCAN_RUNTIME_ASAN_LIB
#define INCAN_RUNTIME_ASAN_LIB ""
#endif
#ifndef INCAN_CORE_ASAN_LIB
#define INCAN_CORE_ASAN_LIB ""
#endif
#ifndef INCAN_BUILD_SANITIZE
#define INCAN_BUILD_SANITIZE ""
#endif

namespace incan::driver {
namespace fs = std::filesystem;

namespace {

// The sanitizer set that has dedicated library builds (incan_*_asan).
constexpr std::string_view kAsanUbsan = "address,undefined";
// How many lines of the C++ compiler's stderr an internal-error message quotes.
constexpr int kQuotedErrorLines = 20;

bool file_exists(const fs::path& path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0;
}

const char* non_empty_env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && value[0] != '\0' ? value : nullptr;
}

// "undefined, address" -> "address,undefined": sorted, deduplicated, no spaces.
std::string normalize_sanitize(std::string_view list) {
  std::vector<std::string> parts;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view part = list.substr(0, comma);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) parts.emplace_back(part);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  std::sort(parts.begin(), parts.end());
  parts.erase(std::unique(parts.begin(), parts.end()), parts.end());
  std::string joined;
  for (const std::string& part : parts) {
    if (!joined.empty()) joined += ',';
    joined += part;
  }
  return joined;
}

std::vector<std::string> split_semicolons(std::string_view list) {
  std::vector<std::string> items;
  while (!list.empty()) {
    size_t semicolon = list.find(';');
    if (semicolon != 0) items.emplace_back(list.substr(0, semicolon));
    if (semicolon == std::string_view::npos) break;
    list.remove_prefix(semicolon + 1);
  }
  return items;
}

// A prefix laid out as installed: include/incan/prelude.h and lib/libincan_*.a.
RuntimeLayout prefix_layout(const fs::path& prefix, bool asan_libs) {
  RuntimeLayout layout;
  layout.include_dirs.push_back((prefix / "include").string());
  layout.prelude_header = (prefix / "include" / "incan" / "prelude.h").string();
  const char* suffix = asan_libs ? "_asan.a" : ".a";
  layout.runtime_lib = (prefix / "lib" / (std::string("libincan_runtime") + suffix)).string();
  layout.core_lib = (prefix / "lib" / (std::string("libincan_core") + suffix)).string();
  return layout;
}

// The install prefix around the running executable, if it looks like one.
std::optional<fs::path> self_prefix() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  fs::path prefix = exe.parent_path().parent_path();
  if (file_exists(prefix / "include" / "incan" / "prelude.h") &&
      file_exists(prefix / "lib" / "libincan_runtime.a")) {
    return prefix;
  }
  return std::nullopt;
}

ErrorOr<Success> check_layout(const RuntimeLayout& layout, std::string_view origin,
                              bool asan_libs) {
  if (layout.prelude_header.empty() || !file_exists(layout.prelude_header)) {
    return Error{"cannot find the incan prelude header `incan/prelude.h` (" +
                 std::string(origin) + "); set INCAN_HOME to an incan install prefix"};
  }
  for (const std::string* lib : {&layout.runtime_lib, &layout.core_lib}) {
    if (lib->empty() || !file_exists(*lib)) {
      std::string hint = asan_libs ? "build the targets incan_runtime_asan and incan_core_asan"
                                   : "build the targets incan_runtime and incan_core";
      return Error{"cannot find the runtime library `" +
                   (lib->empty() ? std::string("libincan_*.a") : *lib) + "` (" +
                   std::string(origin) + "); " + hint + " or set INCAN_HOME"};
    }
  }
  return Success{};
}

// The sanitizer set a build really uses: the requested one, or the one the whole
// incan build was configured with (whose libraries need it at link time).
std::string effective_sanitize(std::string_view requested) {
  std::string normalized = normalize_sanitize(requested);
  if (normalized.empty()) return normalize_sanitize(INCAN_BUILD_SANITIZE);
  return normalized;
}

void log_verbose(const BuildOptions& options, const std::string& line) {
  if (options.verbose) std::fprintf(stderr, "incan: %s\n", line.c_str());
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// What a compile needs to use a precompiled prelude.
struct PchUse {
  std::vector<std::string> flags;  // placed before every other -I
};

// Builds (once per compiler, flag set and header state) and returns the precompiled
// prelude. Any failure means "compile without it": a PCH only saves time.
std::optional<PchUse> ensure_pch(const BuildCache& cache, const Toolchain& toolchain,
                                 const std::vector<std::string>& base_flags,
                                 const std::vector<std::string>& include_flags,
                                 const RuntimeLayout& layout, const std::string& headers_stamp,
                                 const BuildOptions& options) {
  if (toolchain.family == CompilerFamily::Other) return std::nullopt;
  bool gcc = toolchain.family == CompilerFamily::Gcc;

  // The family key names one compiler + flag set + prelude; the full key adds the
  // header state, so editing a runtime header makes a new PCH and prunes the old.
  ContentHasher family_hasher;
  family_hasher.add("pch-v1").add(toolchain.cxx).add(toolchain.identity);
  for (const std::string& flag : base_flags) family_hasher.add(flag);
  for (const std::string& flag : include_flags) family_hasher.add(flag);
  family_hasher.add(layout.prelude_header);
  std::string family_key = family_hasher.hex();
  std::string pch_key = family_hasher.add(headers_stamp).hex();

  fs::path dir = cache.pch_dir(pch_key);
  fs::path stub = dir / "incan" / "prelude.h";
  fs::path pch = dir / "incan" / (gcc ? "prelude.h.gch" : "prelude.h.pch");
  fs::path failed_marker = dir / "failed";
  auto use = [&]() {
    PchUse result;
    if (!gcc) result.flags = {"-include-pch", pch.string()};
    // g++ looks for incan/prelude.h.gch beside the first incan/prelude.h it finds.
    result.flags.push_back("-I" + dir.string());
    return result;
  };
  if (file_exists(pch)) return use();
  if (file_exists(failed_marker)) return std::nullopt;

  std::error_code ec;
  fs::create_directories(dir / "incan", ec);
  if (ec) return std::nullopt;
  // Concurrent builds wait here for the one that builds the PCH.
  auto lock = FileLock::acquire(dir / "lock");
  if (!lock.ok()) return std::nullopt;
  if (file_exists(pch)) return use();
  if (file_exists(failed_marker)) return std::nullopt;

  // The stub is what the compile finds on -I; it reaches the real prelude by
  // absolute path, and is itself what gets precompiled.
  if (!write_file_atomic(stub, "#include \"" + layout.prelude_header + "\"\n").ok()) {
    return std::nullopt;
  }
  fs::path temp = temp_sibling(pch);
  std::vector<std::string> argv = {toolchain.cxx};
  argv.insert(argv.end(), base_flags.begin(), base_flags.end());
  argv.insert(argv.end(), include_flags.begin(), include_flags.end());
  argv.insert(argv.end(), {"-x", "c++-header", stub.string(), "-o", temp.string()});
  log_verbose(options, "precompiling the prelude: " + format_command_line(argv));
  auto start = std::chrono::steady_clock::now();
  auto result = run_process(argv);
  if (!result.ok() || !result->succeeded()) {
    fs::remove(temp, ec);
    std::string why = result.ok() ? result->stderr_text : result.error().message;
    (void)write_file_atomic(failed_marker, why);
    log_verbose(options, "cannot precompile the prelude; compiling without it:\n" + why);
    return std::nullopt;
  }
  if (std::rename(temp.c_str(), pch.c_str()) != 0) {
    fs::remove(temp, ec);
    return std::nullopt;
  }
  log_verbose(options, "precompiled the prelude in " + std::to_string(seconds_since(start)) +
                           " s: " + pch.string());
  (void)write_file_atomic(dir / "family", family_key);

  // Prune PCHs of the same family built from older headers (36 MB each with g++).
  for (const fs::directory_entry& entry : fs::directory_iterator(dir.parent_path(), ec)) {
    if (entry.path() == dir) continue;
    auto other_family = read_file(entry.path() / "family");
    if (other_family.ok() && *other_family == family_key) fs::remove_all(entry.path(), ec);
  }
  return use();
}

// The first lines of a compiler's stderr, indented for quoting in an error message.
std::string first_lines(std::string_view text, int count) {
  std::string quoted;
  int lines = 0;
  while (!text.empty() && lines < count) {
    size_t newline = text.find('\n');
    quoted += "    ";
    quoted += text.substr(0, newline);
    quoted += '\n';
    ++lines;
    if (newline == std::string_view::npos) break;
    text.remove_prefix(newline + 1);
  }
  if (!text.empty() && lines == count) quoted += "    ...\n";
  return quoted;
}

// The first "<file>.incn:<line>[:<col>]" the C++ compiler mentions (it learns them
// from #line directives), or "" when there is none.
std::string first_incn_location(std::string_view text) {
  auto is_digit = [&](size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  constexpr std::string_view kMarker = ".incn:";
  for (size_t at = text.find(kMarker); at != std::string_view::npos;
       at = text.find(kMarker, at + 1)) {
    size_t end = at + kMarker.size();
    if (!is_digit(end)) continue;  // "f.incn: In function ..."
    while (is_digit(end) || (text[end] == ':' && is_digit(end + 1))) ++end;
    size_t begin = text.find_last_of(" \n\t'\"", at);
    begin = begin == std::string_view::npos ? 0 : begin + 1;
    return std::string(text.substr(begin, end - begin));
  }
  return "";
}

// Removes temporary files on every exit path unless released.
class TempFiles {
 public:
  TempFiles() = default;
  TempFiles(const TempFiles&) = delete;
  TempFiles& operator=(const TempFiles&) = delete;
  ~TempFiles() {
    std::error_code ec;
    for (const fs::path& path : paths_) fs::remove(path, ec);
  }
  void add(fs::path path) { paths_.push_back(std::move(path)); }
  void release(const fs::path& path) { std::erase(paths_, path); }

 private:
  std::vector<fs::path> paths_;
};

// Touches `path` so build systems that compare timestamps see a fresh output even
// when it is a reflink of an older cache entry.
void touch(const fs::path& path) { ::utimensat(AT_FDCWD, path.c_str(), nullptr, 0); }

ErrorOr<Success> publish_output(const fs::path& binary, const BuildOptions& options) {
  if (options.output_path.empty()) return Success{};
  fs::path output(options.output_path);
  if (output.has_parent_path()) {
    std::error_code ec;
    fs::create_directories(output.parent_path(), ec);
    if (ec) {
      return Error{"cannot create directory `" + output.parent_path().string() +
                   "`: " + ec.message()};
    }
  }
  INCAN_RETURN_IF_ERROR(copy_file_atomic(binary, output));
  touch(output);
  return Success{};
}

}  // namespace

ErrorOr<RuntimeLayout> find_runtime_layout(std::string_view sanitize) {
  std::string wanted = normalize_sanitize(sanitize);
  std::string built = normalize_sanitize(INCAN_BUILD_SANITIZE);
  bool asan_libs = false;
  if (!wanted.empty() && wanted != built) {
    if (wanted != kAsanUbsan) {
      return Error{"sanitizer set `" + wanted + "` is not supported here: use `" +
                   std::string(kAsanUbsan) +
                   "`, or build incan with -DINCAN_SANITIZE=" + wanted};
    }
    asan_libs = true;
  }

  if (const char* home = non_empty_env("INCAN_HOME")) {
    RuntimeLayout layout = prefix_layout(home, asan_libs);
    INCAN_RETURN_IF_ERROR(check_layout(layout, "INCAN_HOME=" + std::string(home), asan_libs));
    return layout;
  }
  if (std::optional<fs::path> prefix = self_prefix()) {
    RuntimeLayout layout = prefix_layout(*prefix, asan_libs);
    INCAN_RETURN_IF_ERROR(check_layout(layout, "install prefix " + prefix->string(), asan_libs));
    return layout;
  }
  RuntimeLayout layout;
  layout.include_dirs = split_semicolons(INCAN_INCLUDE_DIRS);
  for (const std::string& dir : layout.include_dirs) {
    fs::path candidate = fs::path(dir) / "incan" / "prelude.h";
    if (file_exists(candidate)) {
      layout.prelude_header = candidate.string();
      break;
    }
  }
  layout.runtime_lib = asan_libs ? INCAN_RUNTIME_ASAN_LIB : INCAN_RUNTIME_LIB;
  layout.core_lib = asan_libs ? INCAN_CORE_ASAN_LIB : INCAN_CORE_LIB;
  INCAN_RETURN_IF_ERROR(check_layout(layout, "incan's build tree", asan_libs));
  return layout;
}

ErrorOr<BuildPlan> plan_build(std::string_view cpp_source, const BuildOptions& options) {
  INCAN_ASSIGN_OR_RETURN(BuildCache cache, BuildCache::open_default());
  INCAN_ASSIGN_OR_RETURN(Toolchain toolchain, find_toolchain(cache));
  std::string sanitize = effective_sanitize(options.sanitize);
  INCAN_ASSIGN_OR_RETURN(RuntimeLayout layout, find_runtime_layout(sanitize));
  BuildPlan plan{std::move(cache), std::move(toolchain), std::move(layout), std::move(sanitize),
                 {}, {}, {}, {}};

  // -pthread defines _REENTRANT, so it shapes the PCH too, not only the link.
  plan.base_flags = {"-std=c++20"};
  if (plan.sanitize.empty()) {
    plan.base_flags.push_back(options.opt_level);
  } else {
    plan.base_flags.insert(plan.base_flags.end(),
                           {"-O1", "-g", "-fsanitize=" + plan.sanitize, "-fno-omit-frame-pointer",
                            "-fno-sanitize-recover=all"});
  }
  plan.base_flags.push_back("-pthread");
  for (const std::string& dir : plan.layout.include_dirs) plan.include_flags.push_back("-I" + dir);

  ContentHasher headers;
  for (const std::string& dir : plan.layout.include_dirs) headers.add_tree_stamp(dir);
  plan.headers_stamp = headers.hex();

  ContentHasher key;
  key.add("bin-v1").add(cpp_source).add(plan.toolchain.cxx).add(plan.toolchain.identity);
  for (const std::string& flag : plan.base_flags) key.add(flag);
  for (const std::string& flag : plan.include_flags) key.add(flag);
  key.add(plan.toolchain.linker_flag).add(plan.headers_stamp);
  key.add_file_stamp(plan.layout.runtime_lib).add_file_stamp(plan.layout.core_lib);
  plan.key = key.hex();
  return plan;
}

ErrorOr<BuildResult> build_executable(std::string_view cpp_source, const BuildOptions& options) {
  auto start = std::chrono::steady_clock::now();
  INCAN_ASSIGN_OR_RETURN(BuildPlan plan, plan_build(cpp_source, options));
  const BuildCache& cache = plan.cache;
  const Toolchain& toolchain = plan.toolchain;
  const RuntimeLayout& layout = plan.layout;
  const std::vector<std::string>& base_flags = plan.base_flags;
  const std::vector<std::string>& include_flags = plan.include_flags;
  const std::string& key = plan.key;

  BuildResult result;
  fs::path binary = cache.binary_path(key);
  fs::path source = cache.source_path(key);
  result.binary_path = binary.string();
  if (options.keep_cpp) result.cpp_path = source.string();

  if (file_exists(binary)) {
    result.cache_hit = true;
    if (options.keep_cpp && !file_exists(source)) {
      INCAN_RETURN_IF_ERROR(write_file_atomic(source, cpp_source));
    }
    INCAN_RETURN_IF_ERROR(publish_output(binary, options));
    log_verbose(options, "cache hit " + binary.string() + " (" +
                             std::to_string(seconds_since(start)) + " s)");
    return result;
  }

  // Without keep_cpp the compile reads a private copy that is deleted afterwards, so
  // a concurrent build of the same program never loses its input to our cleanup.
  TempFiles temp_files;
  fs::path compiled_source = source;
  if (!options.keep_cpp) {
    compiled_source = temp_sibling(source);
    compiled_source += ".cpp";
    temp_files.add(compiled_source);
  }
  INCAN_RETURN_IF_ERROR(write_file_atomic(compiled_source, cpp_source));
  std::optional<PchUse> pch = ensure_pch(cache, toolchain, base_flags, include_flags, layout,
                                         plan.headers_stamp, options);

  fs::path temp = temp_sibling(binary);
  temp_files.add(temp);
  auto command = [&](bool fast_path) {
    std::vector<std::string> argv = {toolchain.cxx};
    argv.insert(argv.end(), base_flags.begin(), base_flags.end());
    if (fast_path && pch) argv.insert(argv.end(), pch->flags.begin(), pch->flags.end());
    argv.insert(argv.end(), include_flags.begin(), include_flags.end());
    argv.insert(argv.end(), {compiled_source.string(), "-o", temp.string()});
    if (fast_path && !toolchain.linker_flag.empty()) argv.push_back(toolchain.linker_flag);
    argv.insert(argv.end(), {layout.runtime_lib, layout.core_lib, "-pthread"});
    return argv;
  };

  std::vector<std::string> argv = command(/*fast_path=*/true);
  log_verbose(options, format_command_line(argv));
  auto compile_start = std::chrono::steady_clock::now();
  INCAN_ASSIGN_OR_RETURN(ProcessResult compile, run_process(argv));
  result.used_pch = pch.has_value();
  bool used_extras = pch.has_value() || !toolchain.linker_flag.empty();
  if (!compile.succeeded() && used_extras) {
    // A stale PCH (clang rejects one) or a broken alternative linker must not turn
    // into an internal error: retry the plain way once before blaming the code.
    argv = command(/*fast_path=*/false);
    log_verbose(options, "retrying without PCH and linker choice: " + format_command_line(argv));
    INCAN_ASSIGN_OR_RETURN(compile, run_process(argv));
    result.used_pch = false;
  }
  if (!compile.succeeded()) {
    if (compiled_source != source) {
      std::error_code ec;
      fs::rename(compiled_source, source, ec);
      // Show the command as it can be rerun on the kept file.
      std::replace(argv.begin(), argv.end(), compiled_source.string(), source.string());
    }
    std::string location = first_incn_location(compile.stderr_text);
    return Error{"internal compiler error: the C++ compiler rejected the code incan generated; "
                 "this is a bug in incan, please report it with the program that triggers it\n" +
                 (location.empty() ? "" : "  incan source: " + location + "\n") +
                 "  generated C++ kept at: " + source.string() + "\n" +
                 "  compiler command: " + format_command_line(argv) + "\n" +
                 "  compiler output (exit code " + std::to_string(compile.exit_code) + "):\n" +
                 first_lines(compile.stderr_text, kQuotedErrorLines)};
  }
  if (options.verbose && !compile.stderr_text.empty()) {
    std::fputs(compile.stderr_text.c_str(), stderr);
  }
  log_verbose(options, "compiled and linked in " + std::to_string(seconds_since(compile_start)) +
                           " s" + (result.used_pch ? " (with PCH)" : ""));

  if (std::rename(temp.c_str(), binary.c_str()) != 0) {
    int rename_errno = errno;
    return Error{"cannot write `" + binary.string() + "`: " + std::strerror(rename_errno)};
  }
  temp_files.release(temp);
  INCAN_RETURN_IF_ERROR(publish_output(binary, options));
  return result;
}

}  // namespace incan::driver
