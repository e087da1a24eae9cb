// `incan::box<T>`: the indirection generated code uses for a field or payload of a
// recursive type (`enum Expr: Add(Expr, Expr)`, `model Node: next: Option[Node]`).
// Part of std/core.
//
// A box keeps Incan's value semantics: copying a box copies the value it holds (a
// deep copy of the tree), moving it moves the pointer. `T` may be incomplete where
// the box is declared; it must be complete where a box is copied, read or destroyed.
//
// An empty box (default-constructed or moved-from) reads as a default `T`: a
// recursive type's default constructor then ends instead of building an infinite
// chain of defaults. Reading through a const empty box gives a shared, immutable
// default value; writing through a non-const one first allocates its own.
#pragma once

#include <compare>
#include <cstddef>
#include <string>
#include <utility>

namespace incan {

template <class T>
class box {
 public:
  box() = default;
  box(T value) : ptr_(new T(std::move(value))) {}  // NOLINT: implicit, as the field's own type
  box(const box& other) : ptr_(other.ptr_ ? new T(*other.ptr_) : nullptr) {}
  box(box&& other) noexcept : ptr_(std::exchange(other.ptr_, nullptr)) {}
  // Copies before freeing the old value, which `other` may live inside.
  box& operator=(const box& other) {
    if (this != &other) {
      box copy(other);
      std::swap(ptr_, copy.ptr_);
    }
    return *this;
  }
  // Takes the other pointer before freeing the old value: `other` may live inside it.
  box& operator=(box&& other) noexcept {
    T* taken = std::exchange(other.ptr_, nullptr);
    delete std::exchange(ptr_, taken);
    return *this;
  }
  ~box() { delete ptr_; }

  T& operator*() {
    if (ptr_ == nullptr) ptr_ = new T();
    return *ptr_;
  }
  const T& operator*() const { return ptr_ != nullptr ? *ptr_ : empty_value(); }
  T* operator->() { return &**this; }
  const T* operator->() const { return &**this; }

  friend bool operator==(const box& a, const box& b) { return *a == *b; }
  friend auto operator<=>(const box& a, const box& b)
    requires std::three_way_comparable<T>
  {
    return *a <=> *b;
  }

 private:
  static const T& empty_value() {
    static const T value{};
    return value;
  }

  T* ptr_ = nullptr;
};

// A field read in generated code: through the box when the field is boxed, the value
// itself otherwise (the same source may read either, e.g. an inherited method).
template <class T>
T& unbox(T& v) {
  return v;
}
template <class T>
const T& unbox(const T& v) {
  return v;
}
template <class T>
T& unbox(box<T>& v) {
  return *v;
}
template <class T>
const T& unbox(const box<T>& v) {
  return *v;
}

// Formatting and hashing look through the box (found by argument-dependent lookup).
template <class T>
void fmt_debug(std::string& out, const box<T>& v) {
  fmt_debug(out, *v);
}
template <class T>
void fmt_display(std::string& out, const box<T>& v) {
  fmt_display(out, *v);
}
template <class T>
std::size_t hash_of(const T& v);
template <class T>
std::size_t hash_value(const box<T>& v) {
  return hash_of(*v);
}

}  // namespace incan
