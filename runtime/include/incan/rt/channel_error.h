// The errors of std.async.channel: SendError[T] and RecvError. Part of incan_rt.
//
//   Err(e) from tx.send(v)      e.value is v, given back; e.message() == "channel send failed"
//   Err(e) from oneshot recv    e.message() == "channel closed: no more messages"
//
// Display (`{e}`) is message(); Debug (`{e:?}`) is `SendError { value: <v Debug> }` and
// `RecvError`, as models print (LANGUAGE.md 13.2).
#pragma once

#include <string>
#include <utility>

#include "incan/core/result.h"
#include "incan/core/unit.h"

namespace incan::rt {

template <class T>
class send_error {
 public:
  explicit send_error(T v) : value(std::move(v)) {}

  std::string message() const { return "channel send failed"; }

  friend bool operator==(const send_error& a, const send_error& b)
    requires requires(const T& x) { x == x; }
  {
    return a.value == b.value;
  }

  T value;  // the value that was not sent (incan::unit for reserve())
};

class recv_error {
 public:
  recv_error() noexcept {}
  std::string message() const { return "channel closed: no more messages"; }
  friend bool operator==(const recv_error&, const recv_error&) noexcept { return true; }
};

template <class T>
void fmt_display(std::string& out, const send_error<T>&) {
  out += "channel send failed";
}
template <class T>
void fmt_debug(std::string& out, const send_error<T>& e) {
  using incan::fmt_debug;
  out += "SendError { value: ";
  fmt_debug(out, e.value);
  out += " }";
}
inline void fmt_display(std::string& out, const recv_error&) { out += "channel closed: no more messages"; }
inline void fmt_debug(std::string& out, const recv_error&) { out += "RecvError"; }

}  // namespace incan::rt
