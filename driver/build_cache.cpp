// The on-disk build cache: keys, atomic writes, links and locks. Part of the driver.
#include "driver/build_cache.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>
#include <vector>

namespace incan::driver {
namespace fs = std::filesystem;

namespace {

std::string errno_text(int error_number) { return std::strerror(error_number); }

// Built by appending: g++ 12 warns falsely (-Wrestrict) on "`" + string + "`".
std::string quoted(const fs::path& path) {
  std::string text = "`";
  text += path.native();
  text += '`';
  return text;
}

const char* non_empty_env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && value[0] != '\0' ? value : nullptr;
}

// Writes all of `bytes` to `fd`, retrying short writes.
bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

ErrorOr<Success> create_dirs(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Error{"cannot create directory " + quoted(dir) + ": " + ec.message()};
  return Success{};
}

}  // namespace

ErrorOr<fs::path> default_cache_root() {
  if (const char* dir = non_empty_env("INCAN_CACHE_DIR")) return fs::path(dir);
  if (const char* xdg = non_empty_env("XDG_CACHE_HOME")) return fs::path(xdg) / "incan";
  if (const char* home = non_empty_env("HOME")) return fs::path(home) / ".cache" / "incan";
  // HOME can be missing under cron or a bare CI runner; the password database knows.
  if (const passwd* entry = ::getpwuid(::getuid());
      entry != nullptr && entry->pw_dir != nullptr && entry->pw_dir[0] != '\0') {
    return fs::path(entry->pw_dir) / ".cache" / "incan";
  }
  return Error{"cannot choose a build cache directory: set INCAN_CACHE_DIR (or HOME)"};
}

void ContentHasher::StateDeleter::operator()(XXH3_state_s* state) const {
  XXH3_freeState(state);
}

ContentHasher::ContentHasher() : state_(XXH3_createState()) {
  if (!state_) std::abort();  // Out of memory for a few hundred bytes.
  XXH3_128bits_reset(state_.get());
}

ContentHasher::~ContentHasher() = default;

ContentHasher& ContentHasher::add(std::string_view bytes) {
  std::uint64_t size = bytes.size();
  XXH3_128bits_update(state_.get(), &size, sizeof size);
  XXH3_128bits_update(state_.get(), bytes.data(), bytes.size());
  return *this;
}

ContentHasher& ContentHasher::add_file_stamp(const fs::path& path) {
  add(path.native());
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) return add("missing");
  std::uint64_t stamp[4] = {
      static_cast<std::uint64_t>(info.st_size), static_cast<std::uint64_t>(info.st_mtim.tv_sec),
      static_cast<std::uint64_t>(info.st_mtim.tv_nsec), static_cast<std::uint64_t>(info.st_ino)};
  return add(std::string_view(reinterpret_cast<const char*>(stamp), sizeof stamp));
}

ContentHasher& ContentHasher::add_tree_stamp(const fs::path& dir) {
  add(dir.native());
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (ec && files.empty()) return add("missing");
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) add_file_stamp(file);
  return *this;
}

std::string ContentHasher::hex() const {
  XXH128_hash_t hash = XXH3_128bits_digest(state_.get());
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, hash);
  static constexpr char digits[] = "0123456789abcdef";
  std::string text;
  text.reserve(2 * sizeof canonical.digest);
  for (unsigned char byte : canonical.digest) {
    text += digits[byte >> 4];
    text += digits[byte & 0xf];
  }
  return text;
}

std::string hash_hex(std::string_view bytes) {
  ContentHasher hasher;
  hasher.add(bytes);
  return hasher.hex();
}

fs::path temp_sibling(const fs::path& target) {
  static std::atomic<unsigned> counter{0};
  fs::path temp = target;
  temp += ".tmp." + std::to_string(::getpid()) + "." +
          std::to_string(counter.fetch_add(1, std::memory_order_relaxed));
  return temp;
}

ErrorOr<Success> write_file_atomic(const fs::path& target, std::string_view contents,
                                   bool executable) {
  fs::path temp = temp_sibling(target);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                  executable ? 0755 : 0644);
  if (fd < 0) return Error{"cannot write " + quoted(temp) + ": " + errno_text(errno)};
  bool written = write_all(fd, contents);
  int write_errno = errno;
  if (::close(fd) != 0 && written) {
    written = false;
    write_errno = errno;
  }
  if (!written) {
    ::unlink(temp.c_str());
    return Error{"cannot write " + quoted(temp) + ": " + errno_text(write_errno)};
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    int rename_errno = errno;
    ::unlink(temp.c_str());
    return Error{"cannot write " + quoted(target) + ": " + errno_text(rename_errno)};
  }
  return Success{};
}

ErrorOr<std::string> read_file(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{"cannot read " + quoted(path) + ": " + errno_text(errno)};
  std::string contents;
  char buffer[65536];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      int read_errno = errno;
      ::close(fd);
      return Error{"cannot read " + quoted(path) + ": " + errno_text(read_errno)};
    }
    if (n == 0) break;
    contents.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return contents;
}

namespace {

// Copies the open file `in` to the open file `out`: a reflink when the file system
// can share the blocks, else copy_file_range, else read/write. Returns 0 or an errno.
int copy_contents(int in, int out) {
  if (::ioctl(out, FICLONE, in) == 0) return 0;
  bool use_copy_range = true;
  char buffer[1 << 16];
  while (true) {
    ssize_t n = 0;
    if (use_copy_range) {
      n = ::copy_file_range(in, nullptr, out, nullptr, std::size_t{1} << 30, 0);
      if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) {
        use_copy_range = false;  // nothing was copied by the failed call
        continue;
      }
    } else {
      n = ::read(in, buffer, sizeof buffer);
      if (n > 0 && !write_all(out, std::string_view(buffer, static_cast<size_t>(n)))) return errno;
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (n == 0) return 0;
  }
}

}  // namespace

ErrorOr<Success> copy_file_atomic(const fs::path& from, const fs::path& to) {
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return Error{"cannot read " + quoted(from) + ": " + errno_text(errno)};
  struct stat info;
  if (::fstat(in, &info) != 0) {
    int stat_errno = errno;
    ::close(in);
    return Error{"cannot read " + quoted(from) + ": " + errno_text(stat_errno)};
  }
  const mode_t mode = info.st_mode & 07777;
  fs::path temp = temp_sibling(to);
  int out = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0) {
    int open_errno = errno;
    ::close(in);
    return Error{"cannot write " + quoted(to) + ": " + errno_text(open_errno)};
  }
  int copy_errno = copy_contents(in, out);
  ::close(in);
  // The umask must not narrow the mode of an executable.
  if (copy_errno == 0 && ::fchmod(out, mode) != 0) copy_errno = errno;
  if (::close(out) != 0 && copy_errno == 0) copy_errno = errno;
  if (copy_errno == 0 && ::rename(temp.c_str(), to.c_str()) != 0) copy_errno = errno;
  if (copy_errno != 0) {
    ::unlink(temp.c_str());
    return Error{"cannot write " + quoted(to) + ": " + errno_text(copy_errno)};
  }
  return Success{};
}

ErrorOr<CleanStats> clean_cache(const fs::path& root) {
  CleanStats stats;
  struct stat root_info;
  if (::lstat(root.c_str(), &root_info) != 0) {
    if (errno == ENOENT) return stats;
    return Error{"cannot read " + quoted(root) + ": " + errno_text(errno)};
  }
  if (!S_ISDIR(root_info.st_mode)) return Error{quoted(root) + " is not a directory"};
  std::error_code ec;
  fs::directory_iterator entries(root, ec);
  if (ec) return Error{"cannot read " + quoted(root) + ": " + ec.message()};
  for (const fs::directory_entry& top : entries) {
    // Count first: what remove_all deletes is not listed afterwards. Symbolic links
    // count as files and are not followed.
    std::vector<fs::path> files;
    if (top.is_directory(ec) && !top.is_symlink(ec)) {
      for (fs::recursive_directory_iterator it(top.path(), ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_directory(ec) || it->is_symlink(ec)) files.push_back(it->path());
      }
      if (ec) return Error{"cannot read " + quoted(top.path()) + ": " + ec.message()};
    } else {
      files.push_back(top.path());
    }
    for (const fs::path& file : files) {
      struct stat info;
      if (::lstat(file.c_str(), &info) != 0) continue;  // gone already
      if (::unlink(file.c_str()) != 0) {
        if (errno == ENOENT) continue;
        return Error{"cannot remove " + quoted(file) + ": " + errno_text(errno)};
      }
      ++stats.files;
      stats.bytes += static_cast<std::uint64_t>(info.st_size);
    }
    fs::remove_all(top.path(), ec);
    if (ec) return Error{"cannot remove " + quoted(top.path()) + ": " + ec.message()};
  }
  return stats;
}

ErrorOr<FileLock> FileLock::acquire(const fs::path& lock_path) {
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Error{"cannot open lock " + quoted(lock_path) + ": " + errno_text(errno)};
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    int lock_errno = errno;
    ::close(fd);
    return Error{"cannot lock " + quoted(lock_path) + ": " + errno_text(lock_errno)};
  }
  return FileLock(fd);
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

FileLock& FileLock::operator=(FileLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

// Closing the descriptor releases the flock.
FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);
}

ErrorOr<BuildCache> BuildCache::open_default() {
  INCAN_ASSIGN_OR_RETURN(fs::path root, default_cache_root());
  return open(std::move(root));
}

ErrorOr<BuildCache> BuildCache::open(fs::path root) {
  for (const char* sub : {"bin", "src", "pch", "toolchain"}) {
    INCAN_RETURN_IF_ERROR(create_dirs(root / sub));
  }
  return BuildCache(std::move(root));
}

fs::path BuildCache::binary_path(std::string_view key) const { return root_ / "bin" / key; }

fs::path BuildCache::source_path(std::string_view key) const {
  return root_ / "src" / (std::string(key) + ".cpp");
}

fs::path BuildCache::pch_dir(std::string_view key) const { return root_ / "pch" / key; }

fs::path BuildCache::toolchain_path(std::string_view key) const {
  return root_ / "toolchain" / key;
}

}  // namespace incan::driver
