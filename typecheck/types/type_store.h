// Interned types: equal types have equal TypeId, so comparison is an integer compare.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "frontend/common/id.h"

namespace incan::sema {

struct TypeTag;
using TypeId = Id<TypeTag>;

enum class TypeKind : std::uint8_t {
  Error,          // a failed check; accepted silently by every later rule
  Int,
  Float,
  Bool,
  Str,
  Unit,           // `None` in type position
  List,           // a = element
  Option,         // a = payload
  Result,         // a = ok, b = err
  Awaitable,      // a = result of awaiting (an un-awaited `async def` call or async builtin)
  JoinHandle,     // a = task result
  TaskJoinError,
  Range,          // `a..b`, `range(...)`: iterable of int
  Tuple,          // elems
  Dict,           // a = key, b = value
  Set,            // a = element
  Named,          // a user type: decl = index into the checker's type declarations
  Function,       // elems = parameters, a = result (closures)
  ValidationError,  // the newtype validation error (LANGUAGE.md 5.9)
  Lib,            // an async-library type: decl = LibType, elems = type arguments
};

enum class LibType : std::uint8_t {
#define INCAN_LIBTYPE(kind, name, arity, ownership, cpp, module) kind,
#include "typecheck/libtypes.def"
};
inline constexpr int kLibTypeCount = 0
#define INCAN_LIBTYPE(kind, name, arity, ownership, cpp, module) +1
#include "typecheck/libtypes.def"
    ;
// How generated code tests a library enum's variant and reaches its payload, by the
// variant's (possibly qualified) name: {".is_completed()", ".value()"}. Null members
// for names that are not library variants.
struct LibVariantCpp {
  const char* test = nullptr;
  const char* get = nullptr;
};
inline LibVariantCpp lib_variant_cpp(const std::string& name) {
  std::string bare = name.substr(name.rfind('.') + 1);
  if (bare == "Completed") return {".is_completed()", ".value()"};
  if (bare == "JoinFailed") return {".is_join_failed()", ".error()"};
  if (bare == "TimedOut") return {".is_timed_out()", ".handle()"};
  return {};
}
// Extensions beyond the prelude (ASYNC.md 11): imported only from their own module.
inline bool lib_type_in_prelude(LibType t) {
  return t != LibType::WaitGroup && t != LibType::AtomicInt && t != LibType::AtomicBool;
}
enum class Ownership : std::uint8_t { Handle, Unique, Value };
struct LibTypeInfo {
  LibType type;
  const char* name;
  int arity;
  Ownership ownership;
  const char* cpp;
  const char* module;
};
const LibTypeInfo& lib_type_info(LibType t);
// The library type named `name` (Incan spelling), or nullptr.
const LibTypeInfo* find_lib_type(const std::string& name);

struct Type {
  TypeKind kind;
  TypeId a;
  TypeId b;
  std::vector<TypeId> elems;  // Tuple elements, Function parameters
  std::uint32_t decl = UINT32_MAX;  // Named: the declaration
};

class TypeStore {
 public:
  TypeStore();
  TypeId intern(TypeKind kind, TypeId a = TypeId::invalid(), TypeId b = TypeId::invalid());
  const Type& get(TypeId id) const { return types_[id.index]; }
  const std::vector<Type>& all() const { return types_; }
  TypeKind kind(TypeId id) const { return types_[id.index].kind; }

  TypeId error() const { return TypeId(0); }
  TypeId int_() const { return TypeId(1); }
  TypeId float_() const { return TypeId(2); }
  TypeId bool_() const { return TypeId(3); }
  TypeId str() const { return TypeId(4); }
  TypeId unit() const { return TypeId(5); }
  TypeId task_join_error() const { return TypeId(6); }
  TypeId range() const { return TypeId(7); }
  TypeId validation_error() const { return TypeId(8); }
  TypeId list(TypeId elem) { return intern(TypeKind::List, elem); }
  TypeId option(TypeId t) { return intern(TypeKind::Option, t); }
  TypeId result(TypeId ok, TypeId err) { return intern(TypeKind::Result, ok, err); }
  TypeId awaitable(TypeId t) { return intern(TypeKind::Awaitable, t); }
  TypeId join_handle(TypeId t) { return intern(TypeKind::JoinHandle, t); }
  TypeId dict(TypeId k, TypeId v) { return intern(TypeKind::Dict, k, v); }
  TypeId set(TypeId t) { return intern(TypeKind::Set, t); }
  TypeId tuple(const std::vector<TypeId>& elems);
  TypeId function(const std::vector<TypeId>& params, TypeId result);
  TypeId named(std::uint32_t decl);
  TypeId lib(LibType t, const std::vector<TypeId>& args = {});
  bool is_lib(TypeId id, LibType t) const { return kind(id) == TypeKind::Lib && get(id).decl == static_cast<std::uint32_t>(t); }
  // The variants of a library enum (TimeoutJoinOutcome[T]): name and payload types;
  // empty for every other type. Patterns name them bare or qualified by the enum.
  struct LibVariant {
    const char* name;
    std::vector<TypeId> payload;
  };
  std::vector<LibVariant> lib_variants(TypeId id) {
    if (!is_lib(id, LibType::TimeoutJoinOutcome)) return {};
    TypeId t = get(id).elems[0];
    return {{"Completed", {t}}, {"JoinFailed", {task_join_error()}}, {"TimedOut", {join_handle(t)}}};
  }
  // Values that a use moves: un-awaited coroutines, JoinHandle, guards and permits.
  bool is_move_only(TypeId id) const;
  // A closure whose parameter types are not known yet: they come from its first
  // call. `decl` holds the closure expression's index.
  TypeId pending_closure(std::uint32_t lambda_expr);
  bool is_pending_closure(TypeId id) const {
    return kind(id) == TypeKind::Function && get(id).decl != UINT32_MAX;
  }

  bool is_error(TypeId id) const { return kind(id) == TypeKind::Error; }
  bool is_numeric(TypeId id) const { return kind(id) == TypeKind::Int || kind(id) == TypeKind::Float; }
  // True if `id` or any type inside it is the error type.
  bool contains_error(TypeId id) const;

  // The Incan spelling, e.g. `list[int]`, `Result[str, TaskJoinError]`.
  std::string name(TypeId id) const;

 private:
  TypeId intern_full(Type t);
  std::vector<Type> types_;
  std::unordered_map<std::string, TypeId> index_;
  // Names of user types, by decl index (set by the checker for `name()`).
 public:
  std::vector<std::string> decl_names;
};

}  // namespace incan::sema
