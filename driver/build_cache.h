// The on-disk build cache: where it lives, how keys are hashed, and the atomic file
// operations that let many `incan` processes (ctest -j) share it safely.
//
// Layout under the cache root:
//   bin/<key>                      built executables, keyed by the build key
//   src/<key>.cpp                  generated C++ (kept on failure or on request)
//   pch/<key>/incan/prelude.h.gch  precompiled prelude per compiler + flag set
//   toolchain/<key>                `--version` identity per compiler binary
// Every file appears by rename(2) from a temporary sibling, so a reader sees either
// nothing or the whole file. Entries are never modified in place, and outputs are
// copies (never hard links), so nothing outside the cache shares an entry's inode.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "driver/error_or.h"

struct XXH3_state_s;

namespace incan::driver {

// The cache root: $INCAN_CACHE_DIR, else $XDG_CACHE_HOME/incan, else
// $HOME/.cache/incan (HOME from the password database when unset). Empty variables
// count as unset. Does not create it.
ErrorOr<std::filesystem::path> default_cache_root();

// Streams bytes into an XXH3-128 hash. Each add() is length-prefixed, so
// add("ab").add("c") and add("a").add("bc") differ.
class ContentHasher {
 public:
  ContentHasher();
  ~ContentHasher();
  ContentHasher(const ContentHasher&) = delete;
  ContentHasher& operator=(const ContentHasher&) = delete;

  ContentHasher& add(std::string_view bytes);
  // Adds the path and a cheap stamp of the file (size, mtime in ns, inode) instead
  // of its contents; a missing file adds a distinct "missing" marker.
  ContentHasher& add_file_stamp(const std::filesystem::path& path);
  // Adds the stamp of every regular file under `dir` (recursively, in sorted order),
  // with paths relative to `dir`. A missing directory adds a "missing" marker.
  ContentHasher& add_tree_stamp(const std::filesystem::path& dir);

  // 32 lower-case hex digits. The hasher stays usable after this call.
  std::string hex() const;

 private:
  struct StateDeleter {
    void operator()(XXH3_state_s* state) const;
  };
  std::unique_ptr<XXH3_state_s, StateDeleter> state_;
};

// XXH3-128 of `bytes` as 32 hex digits.
std::string hash_hex(std::string_view bytes);

// A fresh name beside `target` (same directory, so rename is atomic), unique across
// processes and threads: "<target>.tmp.<pid>.<counter>".
std::filesystem::path temp_sibling(const std::filesystem::path& target);

// Writes `contents` to a temporary sibling and renames it over `target`. Concurrent
// writers of the same target are safe: the last rename wins, readers never see a
// partial file. `executable` sets mode 0755 instead of 0644.
ErrorOr<Success> write_file_atomic(const std::filesystem::path& target,
                                   std::string_view contents, bool executable = false);

// Reads a whole file.
ErrorOr<std::string> read_file(const std::filesystem::path& path);

// Makes `to` an independent copy of `from` with the same permission bits: a reflink
// (FICLONE) where the file system shares blocks copy-on-write, else a byte copy. Never
// a hard link, so writing to `to` (strip, an editor, a patch) cannot change `from`.
// The copy is written to a temporary sibling of `to` and renamed over it, so `to` is
// replaced atomically; the temporary file is removed on every failure.
ErrorOr<Success> copy_file_atomic(const std::filesystem::path& from,
                                  const std::filesystem::path& to);

// What clean_cache removed.
struct CleanStats {
  std::uint64_t files = 0;
  std::uint64_t bytes = 0;
};

// Removes every entry of the cache at `root` (bin/, src/, pch/, toolchain/ and
// anything else under it); `root` itself stays. A missing root removes nothing and is
// not an error. Builds running at the same time may fail.
ErrorOr<CleanStats> clean_cache(const std::filesystem::path& root);

// An exclusive advisory lock (flock) on a lock file, held until destruction. Used so
// that concurrent builds wait for one precompiled header instead of each building it.
class FileLock {
 public:
  static ErrorOr<FileLock> acquire(const std::filesystem::path& lock_path);
  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&& other) noexcept;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// The cache directory and its layout. Cheap to copy.
class BuildCache {
 public:
  // Opens the cache at default_cache_root(), creating its directories.
  static ErrorOr<BuildCache> open_default();
  // Opens (creating) a cache at `root`.
  static ErrorOr<BuildCache> open(std::filesystem::path root);

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path binary_path(std::string_view key) const;
  std::filesystem::path source_path(std::string_view key) const;
  std::filesystem::path pch_dir(std::string_view key) const;
  std::filesystem::path toolchain_path(std::string_view key) const;

 private:
  explicit BuildCache(std::filesystem::path root) : root_(std::move(root)) {}
  std::filesystem::path root_;
};

}  // namespace incan::driver
