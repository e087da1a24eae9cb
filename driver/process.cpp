// Child processes through posix_spawn and pipes. Part of the driver.
#include "driver/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

extern char** environ;

namespace incan::driver {
namespace {

std::string errno_text(int error_number) { return std::strerror(error_number); }

// Owns a file descriptor; closes it on destruction.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }

  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  void assign(int fd) {
    reset();
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

// Both ends are close-on-exec; posix_spawn's dup2 clears the flag on the child's copy.
bool make_pipe(Fd& read_end, Fd& write_end) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  read_end.assign(fds[0]);
  write_end.assign(fds[1]);
  return true;
}

// RAII for posix_spawn_file_actions_t.
class FileActions {
 public:
  FileActions() { posix_spawn_file_actions_init(&actions_); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  ~FileActions() { posix_spawn_file_actions_destroy(&actions_); }
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
};

std::vector<char*> make_c_argv(const std::vector<std::string>& argv) {
  std::vector<char*> c_argv;
  c_argv.reserve(argv.size() + 1);
  for (const std::string& arg : argv) c_argv.push_back(const_cast<char*>(arg.c_str()));
  c_argv.push_back(nullptr);
  return c_argv;
}

// Feeds stdin and drains stdout/stderr together, so that a child blocked on a full
// pipe never deadlocks with us. Returns false on an unexpected poll error.
bool pump(Fd& stdin_write, std::string_view stdin_text, Fd& stdout_read, std::string& out,
          Fd& stderr_read, std::string& err) {
  size_t written = 0;
  char buffer[65536];
  while (stdin_write.get() >= 0 || stdout_read.get() >= 0 || stderr_read.get() >= 0) {
    pollfd fds[3];
    int count = 0;
    int in_index = -1, out_index = -1, err_index = -1;
    if (stdin_write.get() >= 0) {
      in_index = count;
      fds[count++] = {stdin_write.get(), POLLOUT, 0};
    }
    if (stdout_read.get() >= 0) {
      out_index = count;
      fds[count++] = {stdout_read.get(), POLLIN, 0};
    }
    if (stderr_read.get() >= 0) {
      err_index = count;
      fds[count++] = {stderr_read.get(), POLLIN, 0};
    }
    if (::poll(fds, count, -1) < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (in_index >= 0 && fds[in_index].revents != 0) {
      ssize_t n = ::write(stdin_write.get(), stdin_text.data() + written,
                          stdin_text.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      // EPIPE: the child closed its stdin early, which is its right.
      if ((n < 0 && errno != EINTR && errno != EAGAIN) || written == stdin_text.size()) {
        stdin_write.reset();
      }
    }
    auto drain = [&](int index, Fd& fd, std::string& sink) {
      if (index < 0 || fds[index].revents == 0) return;
      ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
      if (n > 0) {
        sink.append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        fd.reset();
      }
    };
    drain(out_index, stdout_read, out);
    drain(err_index, stderr_read, err);
  }
  return true;
}

// Writing to a pipe whose reader is gone raises SIGPIPE, which would kill the driver.
// Block it on this thread while feeding stdin, then discard any that became pending.
class SigpipeBlocker {
 public:
  explicit SigpipeBlocker(bool active) : active_(active) {
    if (!active_) return;
    sigset_t pipe_set;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old_mask_);
  }
  SigpipeBlocker(const SigpipeBlocker&) = delete;
  SigpipeBlocker& operator=(const SigpipeBlocker&) = delete;
  ~SigpipeBlocker() {
    if (!active_) return;
    if (!was_pending_) {
      sigset_t pipe_set;
      sigemptyset(&pipe_set);
      sigaddset(&pipe_set, SIGPIPE);
      timespec zero{0, 0};
      while (sigtimedwait(&pipe_set, nullptr, &zero) > 0) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
  }

 private:
  bool active_;
  bool was_pending_ = false;
  sigset_t old_mask_;
};

}  // namespace

ErrorOr<ProcessResult> run_process(const std::vector<std::string>& argv,
                                   const ProcessOptions& options) {
  if (argv.empty()) return Error{"internal error: run_process called with an empty command"};

  Fd stdin_read, stdin_write, stdout_read, stdout_write, stderr_read, stderr_write;
  bool feed_stdin = !options.stdin_text.empty();
  if ((feed_stdin && !make_pipe(stdin_read, stdin_write)) ||
      (options.capture_stdout && !make_pipe(stdout_read, stdout_write)) ||
      (options.capture_stderr && !make_pipe(stderr_read, stderr_write))) {
    return Error{"cannot create a pipe to run `" + argv[0] + "`: " + errno_text(errno)};
  }
  // Non-blocking, so a large stdin write never stalls while the child waits for us to
  // drain its stdout.
  if (feed_stdin) ::fcntl(stdin_write.get(), F_SETFL, O_NONBLOCK);

  FileActions actions;
  if (feed_stdin) {
    posix_spawn_file_actions_adddup2(actions.get(), stdin_read.get(), STDIN_FILENO);
  } else {
    posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  }
  if (options.capture_stdout) {
    posix_spawn_file_actions_adddup2(actions.get(), stdout_write.get(), STDOUT_FILENO);
  }
  if (options.capture_stderr) {
    posix_spawn_file_actions_adddup2(actions.get(), stderr_write.get(), STDERR_FILENO);
  }

  std::vector<char*> c_argv = make_c_argv(argv);
  pid_t pid = -1;
  int spawn_error = ::posix_spawnp(&pid, c_argv[0], actions.get(), nullptr, c_argv.data(),
                                   environ);
  // Our copies of the child's ends must close, or we never see end-of-file.
  stdin_read.reset();
  stdout_write.reset();
  stderr_write.reset();
  if (spawn_error != 0) {
    return Error{"cannot run `" + argv[0] + "`: " + errno_text(spawn_error)};
  }

  ProcessResult result;
  bool pumped;
  {
    SigpipeBlocker blocker(feed_stdin);
    pumped = pump(stdin_write, options.stdin_text, stdout_read, result.stdout_text,
                  stderr_read, result.stderr_text);
  }
  stdin_write.reset();
  stdout_read.reset();
  stderr_read.reset();

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return Error{"cannot wait for `" + argv[0] + "`: " + errno_text(errno)};
    }
  }
  if (!pumped) return Error{"cannot read the output of `" + argv[0] + "`"};
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.term_signal = WTERMSIG(status);
    result.exit_code = 128 + result.term_signal;
  }
  return result;
}

Error exec_replace(const std::vector<std::string>& argv) {
  if (argv.empty()) return Error{"internal error: exec_replace called with an empty command"};
  std::fflush(nullptr);
  std::vector<char*> c_argv = make_c_argv(argv);
  ::execvp(c_argv[0], c_argv.data());
  return Error{"cannot run `" + argv[0] + "`: " + errno_text(errno)};
}

std::optional<std::string> find_program_on_path(std::string_view name) {
  auto is_executable_file = [](const std::string& path) {
    struct stat info;
    return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
  };
  if (name.empty()) return std::nullopt;
  if (name.find('/') != std::string_view::npos) {
    std::string path(name);
    if (is_executable_file(path)) return path;
    return std::nullopt;
  }
  const char* path_env = std::getenv("PATH");
  std::string_view dirs = path_env != nullptr ? path_env : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    size_t colon = dirs.find(':');
    std::string_view dir = dirs.substr(0, colon);
    std::string candidate = dir.empty() ? std::string(".") : std::string(dir);
    candidate += '/';
    candidate += name;
    if (is_executable_file(candidate)) return candidate;
    if (colon == std::string_view::npos) break;
    dirs.remove_prefix(colon + 1);
  }
  return std::nullopt;
}

std::string format_command_line(const std::vector<std::string>& argv) {
  std::string line;
  for (const std::string& arg : argv) {
    if (!line.empty()) line += ' ';
    bool plain = !arg.empty() && arg.find_first_not_of(
                                     "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                     "0123456789-_./=+,:@%") == std::string::npos;
    if (plain) {
      line += arg;
      continue;
    }
    line += '\'';
    for (char c : arg) {
      if (c == '\'') {
        line += "'\\''";
      } else {
        line += c;
      }
    }
    line += '\'';
  }
  return line;
}

}  // namespace incan::driver
