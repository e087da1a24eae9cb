// task_join_error: messages and formatting, and the conversion of the exception that
// ended a spawned task into its join error. Part of incan_rt (task layer).
#include "incan/rt/task_join_error.h"

#include <cstdio>
#include <exception>
#include <string>

#include "incan/core/panic.h"
#include "incan/rt/detail/task_cell.h"

namespace incan::rt {
namespace {

// Appends `s` as a Debug string (quoted; `"`, `\`, newline, CR, tab, NUL and other
// control characters escaped as Rust's `{:?}` does).
void append_debug_quoted(std::string& out, const std::string& s) {
  out.push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\0': out += "\\0"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[12];
          std::snprintf(buf, sizeof buf, "\\u{%x}", static_cast<unsigned>(c));
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

}  // namespace

task_join_error task_join_error::cancelled(std::uint64_t task_id) {
  return task_join_error(kind::cancelled, task_id, std::string());
}

task_join_error task_join_error::panicked(std::uint64_t task_id, std::string message) {
  return task_join_error(kind::panicked, task_id, std::move(message));
}

task_join_error task_join_error::panicked_without_message(std::uint64_t task_id) {
  return task_join_error(kind::panicked_silently, task_id, std::string());
}

std::string task_join_error::message() const {
  std::string out = "task " + std::to_string(id_);
  switch (kind_) {
    case kind::cancelled: out += " was cancelled"; break;
    case kind::panicked:
      out += " panicked with message ";
      append_debug_quoted(out, panic_message_);
      break;
    case kind::panicked_silently: out += " panicked"; break;
  }
  return out;
}

void fmt_display(std::string& out, const task_join_error& e) { out += e.message(); }

void fmt_debug(std::string& out, const task_join_error& e) {
  out += "TaskJoinError { message: ";
  append_debug_quoted(out, e.message());
  out += e.is_cancelled() ? ", cancelled: true" : ", cancelled: false";
  out += e.is_panic() ? ", panicked: true }" : ", panicked: false }";
}

namespace detail {

task_join_error join_error_from(std::uint64_t task_id, std::exception_ptr e) noexcept {
  try {
    std::rethrow_exception(e);
  } catch (const incan::panic_exception& p) {
    return task_join_error::panicked(task_id, p.message);  // incan::panic printed it already
  } catch (const std::exception& ex) {
    // Not an Incan panic (e.g. std::bad_alloc): report it as the panic hook would.
    std::string what = ex.what();
    incan::flush_stdout();
    std::fprintf(stderr, "%s\n", what.c_str());
    std::fflush(stderr);
    return task_join_error::panicked(task_id, std::move(what));
  } catch (...) {
    std::fprintf(stderr, "task %llu panicked\n", static_cast<unsigned long long>(task_id));
    std::fflush(stderr);
    return task_join_error::panicked_without_message(task_id);
  }
}

}  // namespace detail
}  // namespace incan::rt
