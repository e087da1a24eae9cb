// The interned type store.
#include "typecheck/types/type_store.h"

namespace incan::sema {

TypeStore::TypeStore() {
  // Fixed IDs for the leaf types (see the accessors in the header).
  for (TypeKind k : {TypeKind::Error, TypeKind::Int, TypeKind::Float, TypeKind::Bool, TypeKind::Str, TypeKind::Unit,
                     TypeKind::TaskJoinError, TypeKind::Range, TypeKind::ValidationError})
    intern(k);
}

TypeId TypeStore::intern_full(Type t) {
  std::string key;
  key.reserve(16 + 4 * t.elems.size());
  auto put = [&key](std::uint32_t v) { key.append(reinterpret_cast<const char*>(&v), sizeof v); };
  put(static_cast<std::uint32_t>(t.kind));
  put(t.a.index);
  put(t.b.index);
  put(t.decl);
  for (TypeId e : t.elems) put(e.index);
  auto it = index_.find(key);
  if (it != index_.end()) return it->second;
  types_.push_back(std::move(t));
  TypeId id(static_cast<std::uint32_t>(types_.size() - 1));
  index_.emplace(std::move(key), id);
  return id;
}

TypeId TypeStore::intern(TypeKind kind, TypeId a, TypeId b) { return intern_full(Type{kind, a, b, {}, UINT32_MAX}); }

TypeId TypeStore::tuple(const std::vector<TypeId>& elems) {
  return intern_full(Type{TypeKind::Tuple, TypeId::invalid(), TypeId::invalid(), elems, UINT32_MAX});
}

TypeId TypeStore::function(const std::vector<TypeId>& params, TypeId result) {
  return intern_full(Type{TypeKind::Function, result, TypeId::invalid(), params, UINT32_MAX});
}

TypeId TypeStore::pending_closure(std::uint32_t lambda_expr) {
  return intern_full(Type{TypeKind::Function, TypeId::invalid(), TypeId::invalid(), {}, lambda_expr});
}

namespace {
constexpr LibTypeInfo kLibTypes[] = {
#define INCAN_LIBTYPE(kind, name, arity, ownership, cpp, module) \
  {LibType::kind, name, arity, Ownership::ownership, cpp, module},
#include "typecheck/libtypes.def"
};
}  // namespace

const LibTypeInfo& lib_type_info(LibType t) { return kLibTypes[static_cast<int>(t)]; }

const LibTypeInfo* find_lib_type(const std::string& name) {
  for (const LibTypeInfo& i : kLibTypes)
    if (name == i.name) return &i;
  return nullptr;
}

TypeId TypeStore::lib(LibType t, const std::vector<TypeId>& args) {
  return intern_full(Type{TypeKind::Lib, TypeId::invalid(), TypeId::invalid(), args, static_cast<std::uint32_t>(t)});
}

bool TypeStore::is_move_only(TypeId id) const {
  TypeKind k = kind(id);
  if (k == TypeKind::Awaitable || k == TypeKind::JoinHandle) return true;
  if (k == TypeKind::Tuple || k == TypeKind::Option || k == TypeKind::Result) {
    // A value holding a move-only part moves as a whole.
    const Type& t = get(id);
    for (TypeId c : {t.a, t.b})
      if (c.is_valid() && is_move_only(c)) return true;
    for (TypeId c : t.elems)
      if (is_move_only(c)) return true;
    return false;
  }
  return k == TypeKind::Lib && lib_type_info(static_cast<LibType>(get(id).decl)).ownership == Ownership::Unique;
}

TypeId TypeStore::named(std::uint32_t decl) {
  return intern_full(Type{TypeKind::Named, TypeId::invalid(), TypeId::invalid(), {}, decl});
}

bool TypeStore::contains_error(TypeId id) const {
  const Type& t = get(id);
  if (t.kind == TypeKind::Error) return true;
  if (t.a.is_valid() && contains_error(t.a)) return true;
  if (t.b.is_valid() && contains_error(t.b)) return true;
  for (TypeId e : t.elems)
    if (contains_error(e)) return true;
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
    case TypeKind::ValidationError: return "ValidationError";
    case TypeKind::Lib: {
      std::string s = lib_type_info(static_cast<LibType>(t.decl)).name;
      if (t.elems.empty()) return s;
      s += "[";
      for (std::size_t i = 0; i < t.elems.size(); ++i) s += (i ? ", " : "") + name(t.elems[i]);
      return s + "]";
    }
    case TypeKind::Range: return "range";
    case TypeKind::Dict: return "dict[" + name(t.a) + ", " + name(t.b) + "]";
    case TypeKind::Set: return "set[" + name(t.a) + "]";
    case TypeKind::Tuple: {
      std::string s = "(";
      for (std::size_t i = 0; i < t.elems.size(); ++i) s += (i ? ", " : "") + name(t.elems[i]);
      return s + (t.elems.size() == 1 ? ",)" : ")");
    }
    case TypeKind::Function: {
      if (t.decl != UINT32_MAX) return "closure";
      std::string s = "(";
      for (std::size_t i = 0; i < t.elems.size(); ++i) s += (i ? ", " : "") + name(t.elems[i]);
      return s + ") -> " + name(t.a);
    }
    case TypeKind::Named: return t.decl < decl_names.size() ? decl_names[t.decl] : "?";
  }
  return "?";
}

}  // namespace incan::sema
