// task_join_error: why awaiting a join_handle failed (Incan's `TaskJoinError`).
// Part of incan_rt.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

namespace incan::rt {

// The task behind a join handle panicked or was cancelled. A copyable value.
class task_join_error {
 public:
  // A task that was cancelled (aborted, or still pending when its runtime shut down).
  static task_join_error cancelled(std::uint64_t task_id);
  // A task whose body panicked with `message`.
  static task_join_error panicked(std::uint64_t task_id, std::string message);
  // A task that panicked without a message (e.g. a foreign exception with no text).
  static task_join_error panicked_without_message(std::uint64_t task_id);

  // `task {id} panicked with message "{msg}"` (msg Debug-escaped), `task {id} panicked`,
  // or `task {id} was cancelled`.
  std::string message() const;
  bool is_cancelled() const noexcept { return kind_ == kind::cancelled; }
  bool is_panic() const noexcept { return kind_ != kind::cancelled; }
  std::uint64_t task_id() const noexcept { return id_; }
  // The panic message, unescaped; empty unless is_panic().
  const std::string& panic_message() const noexcept { return panic_message_; }

  friend bool operator==(const task_join_error&, const task_join_error&) = default;

 private:
  enum class kind : unsigned char { cancelled, panicked, panicked_silently };
  task_join_error(kind k, std::uint64_t id, std::string msg) noexcept
      : kind_(k), id_(id), panic_message_(std::move(msg)) {}

  kind kind_;
  std::uint64_t id_;
  std::string panic_message_;
};

// `{e}`: appends message().
void fmt_display(std::string& out, const task_join_error& e);
// `{e:?}`: appends `TaskJoinError { message: "...", cancelled: false, panicked: true }`.
void fmt_debug(std::string& out, const task_join_error& e);

}  // namespace incan::rt
