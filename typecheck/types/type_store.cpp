// The interned type store.
#include "typecheck/types/type_store.h"

namespace incan::sema {

TypeStore::TypeStore() {
  // Fixed IDs for the leaf types (see the accessors in the header).
  for (TypeKind k : {TypeKind::Error, TypeKind::Int, TypeKind::Float, TypeKind::Bool, TypeKind::Str, TypeKind::Unit,
                     TypeKind::TaskJoinError, TypeKind::Range})
    intern(k);
}

TypeId TypeStore::intern(TypeKind kind, TypeId a, TypeId b) {
  std::uint64_t key = (static_cast<std::uint64_t>(kind) << 56) ^ (static_cast<std::uint64_t>(a.index & 0xFFFFFFF) << 28) ^
                      (b.index & 0xFFFFFFF);
  auto it = index_.find(key);
  if (it != index_.end()) return it->second;
  types_.push_back(Type{kind, a, b});
  TypeId id(static_cast<std::uint32_t>(types_.size() - 1));
  index_.emplace(key, id);
  return id;
}

bool TypeStore::contains_error(TypeId id) const {
  const Type& t = get(id);
  if (t.kind == TypeKind::Error) return true;
  if (t.a.is_valid() && contains_error(t.a)) return true;
  if (t.b.is_valid() && contains_error(t.b)) return true;
  return false;
}

std::string TypeStore::name(TypeId id) const {
  const Type& t = get(id);
  switch (t.kind) {
    case TypeKind::Error: return "{error}";
    case TypeKind::Int: return "int";
    case TypeKind::Float: return "float";
    case TypeKind::Bool: return "bool";
    case TypeKind::Str: return "str";
    case TypeKind::Unit: return "None";
    case TypeKind::List: return "list[" + name(t.a) + "]";
    case TypeKind::Option: return "Option[" + name(t.a) + "]";
    case TypeKind::Result: return "Result[" + name(t.a) + ", " + name(t.b) + "]";
    case TypeKind::Awaitable: return "Awaitable[" + name(t.a) + "]";
    case TypeKind::JoinHandle: return "JoinHandle[" + name(t.a) + "]";
    case TypeKind::TaskJoinError: return "TaskJoinError";
    case TypeKind::Range: return "range";
  }
  return "?";
}

}  // namespace incan::sema
