// Pass 1 and function bodies: imports, function signatures, type annotations.
#include <algorithm>

#include "typecheck/checker_impl.h"

#include "frontend/common/large_array.h"

namespace incan::sema {

const char* builtin_name(Builtin b) {
  static const char* const kNames[] = {
#define INCAN_BUILTIN(kind, name, module) name,
#include "typecheck/builtins.def"
  };
  return kNames[static_cast<int>(b)];
}

const char* method_name(Method m) {
  static const char* const kNames[] = {
#define INCAN_METHOD(kind, receiver, name, mutates) name,
#include "typecheck/methods.def"
  };
  return kNames[static_cast<int>(m)];
}

namespace {
struct BuiltinEntry {
  Builtin builtin;
  const char* name;
  const char* module;
};
constexpr BuiltinEntry kBuiltins[] = {
#define INCAN_BUILTIN(kind, name, module) {Builtin::kind, name, module},
#include "typecheck/builtins.def"
};
}  // namespace

Checker::Checker(const ast::Module& module, DiagnosticEmitter& diags) : m_(module), diags_(diags) {
  p_.module = &module;
  std::size_t exprs = module.exprs.size();
  reserve_large(p_.expr_types, exprs);
  // Locals are declared by statements, patterns, parameters and some expressions.
  reserve_large(p_.locals, module.stmts.size() + module.patterns.size() + 16);
  p_.expr_types.assign(module.exprs.size(), p_.types.error());
  p_.names.resize(module.exprs.size());
  p_.calls.resize(module.exprs.size());
  p_.stmt_locals.resize(module.stmts.size());
  p_.stmt_declares.assign(module.stmts.size(), false);
  p_.for_locals.resize(module.stmts.size());
  p_.comp_locals.resize(module.exprs.size());
  p_.pattern_types.assign(module.patterns.size(), p_.types.error());
  p_.pattern_locals.resize(module.patterns.size());
  p_.functions.resize(module.functions.size());
  p_.members.resize(module.exprs.size());
  p_.last_use.assign(module.exprs.size(), false);
  p_.pattern_variants.assign(module.patterns.size(), -1);
  for (const BuiltinEntry& b : kBuiltins)
    if (b.module[0] == '\0') builtins_[b.name] = b.builtin;
}

void Checker::poison_import(const ast::Import& imp) {
  for (const ast::ImportName& n : imp.names) poisoned_names_.insert(n.alias.empty() ? n.name : n.alias);
  if (imp.names.empty() && !imp.is_star && !imp.path.empty()) {
    poisoned_names_.insert(imp.alias.empty() ? imp.path.back() : imp.alias);
    poisoned_names_.insert(imp.path.front());
  }
}

void Checker::collect_imports() {
  for (const ast::Import& imp : m_.imports) {
    std::string path;
    for (std::size_t i = 0; i < imp.path.size(); ++i) path += (i ? "." : "") + imp.path[i];
    bool is_async = imp.path.size() >= 2 && imp.path[0] == "std" && imp.path[1] == "async";
    if (path == "std.bench") {
      // Extension for benchmark programs: argv() and two clocks (std/core/bench.h).
      for (const ast::ImportName& n : imp.names) {
        bool found = false;
        for (const BuiltinEntry& b : kBuiltins)
          if (std::string(b.module) == "std.bench" && n.name == b.name) {
            builtins_[n.alias.empty() ? n.name : n.alias] = b.builtin;
            found = true;
          }
        if (!found)
          error(DiagKind::UnsupportedImport, n.span, "cannot import `" + n.name + "` from `std.bench`")
              .hint = "`std.bench` provides `argv`, `monotonic` and `cpu_time`";
      }
      if (imp.is_star)
        for (const BuiltinEntry& b : kBuiltins)
          if (std::string(b.module) == "std.bench") builtins_[b.name] = b.builtin;
      continue;
    }
    if (!imp.path.empty() && imp.path[0] == "rust") {
      collect_rust_import(imp, path);
      continue;
    }
    if (path == "std.serde" || path == "std.serde.json") {
      // Accepted: `@derive(json)` and friends are no-ops for now (LANGUAGE.md 5.7).
      for (const ast::ImportName& n : imp.names)
        if (n.name != "json" && n.name != "Serialize" && n.name != "Deserialize")
          error(DiagKind::UnsupportedImport, n.span, "cannot import `" + n.name + "` from `" + path + "`")
              .hint = "`std.serde` provides `json`, `Serialize` and `Deserialize`";
      continue;
    }
    if (!is_async) {
      poison_import(imp);
      Diagnostic& d = error(DiagKind::UnsupportedImport, imp.span, "cannot import `" + path + "`: module not found");
      d.hint = imp.path.empty() || imp.path[0] != "std"
                   ? "user modules are not supported yet; keep the program in one file"
                   : "the supported standard modules are `std.async`, `std.async.time` and `std.async.task`";
      continue;
    }
    p_.uses_async = true;
    if (!imp.is_from) continue;  // `import std.async` only activates async/await
    std::string sub = imp.path.size() >= 3 ? imp.path[2] : "";
    if (imp.path.size() > 3 ||
        (sub != "" && sub != "time" && sub != "task" && sub != "prelude" && sub != "sync" && sub != "channel" &&
         sub != "atomic")) {
      error(DiagKind::UnsupportedImport, imp.span, "cannot import from `" + path + "`: module not found")
          .hint = "the supported modules are `std.async.time`, `std.async.task`, `std.async.sync`, "
                  "`std.async.channel` and `std.async.atomic`";
      continue;
    }
    // Library type names (`Mutex`, `Sender`, ...) come with their module.
    for (int k = 0; k < kLibTypeCount; ++k) {
      const LibTypeInfo& lt = lib_type_info(static_cast<LibType>(k));
      bool provided = ((sub.empty() || sub == "prelude") && lib_type_in_prelude(lt.type)) ||
                      std::string(lt.module) == "std.async." + sub;
      if (provided) {
        if (imp.is_star) lib_imports_[lt.name] = lt.type;
        for (const ast::ImportName& n : imp.names)
          if (n.name == lt.name) lib_imports_[n.alias.empty() ? n.name : n.alias] = lt.type;
      }
    }
    for (const BuiltinEntry& b : kBuiltins) {
      if (b.module[0] == '\0') continue;
      std::string mod = b.module;
      if (mod.rfind("std.async", 0) != 0) continue;
      bool provided = sub.empty() || sub == "prelude" || mod == "std.async." + sub;
      if (!provided) continue;
      if (imp.is_star) {
        builtins_[b.name] = b.builtin;
        continue;
      }
      for (const ast::ImportName& n : imp.names)
        if (n.name == b.name) builtins_[n.alias.empty() ? n.name : n.alias] = b.builtin;
    }
    for (const ast::ImportName& n : imp.names) {
      bool found = false;
      for (const BuiltinEntry& b : kBuiltins)
        if (b.module[0] != '\0' && n.name == b.name && (sub.empty() || sub == "prelude" || std::string(b.module) == "std.async." + sub))
          found = true;
      if (n.name == "JoinHandle" || n.name == "TaskJoinError") found = true;  // type names
      if (const LibTypeInfo* lt = find_lib_type(n.name);
          lt && (((sub.empty() || sub == "prelude") && lib_type_in_prelude(lt->type)) ||
                 std::string(lt->module) == "std.async." + sub))
        found = true;
      if (!found)
        error(DiagKind::UnsupportedImport, n.span, "cannot import `" + n.name + "` from `" + path + "`")
            .hint = "it does not exist there or is not supported yet";
    }
  }
}

TypeId Checker::resolve_type(ast::TypeExprId id) {
  if (!id.is_valid()) return p_.types.error();
  const ast::TypeExpr& t = m_.type(id);
  if (t.is_error) return p_.types.error();
  auto arity = [&](std::size_t n) {
    if (t.args.size() == n) return true;
    error(DiagKind::UnknownType, t.span,
          "type `" + t.name + "` takes " + std::to_string(n) + " type argument" + (n == 1 ? "" : "s") + ", found " +
              std::to_string(t.args.size()));
    return false;
  };
  const std::string& n = t.name;
  if (n == "int" || n == "i64" || n == "bigint" || n == "long") return arity(0) ? p_.types.int_() : p_.types.error();
  if (n == "float" || n == "f64" || n == "double" || n == "fp64") return arity(0) ? p_.types.float_() : p_.types.error();
  if (n == "bool") return arity(0) ? p_.types.bool_() : p_.types.error();
  if (n == "str") return arity(0) ? p_.types.str() : p_.types.error();
  if (n == "None") return arity(0) ? p_.types.unit() : p_.types.error();
  if (n == "TaskJoinError") return arity(0) ? p_.types.task_join_error() : p_.types.error();
  if (n == "list" || n == "List" || n == "Vec")
    return arity(1) ? p_.types.list(resolve_type(t.args[0])) : p_.types.error();
  if (n == "Option") return arity(1) ? p_.types.option(resolve_type(t.args[0])) : p_.types.error();
  if (n == "Result")
    return arity(2) ? p_.types.result(resolve_type(t.args[0]), resolve_type(t.args[1])) : p_.types.error();
  if (n == "tuple" || n == "Tuple") {
    std::vector<TypeId> elems;
    for (ast::TypeExprId a : t.args) elems.push_back(resolve_type(a));
    return p_.types.tuple(elems);
  }
  if (n == "dict" || n == "Dict" || n == "HashMap") {
    if (!arity(2)) return p_.types.error();
    TypeId k = resolve_type(t.args[0]);
    check_hashable(k, m_.type(t.args[0]).span);
    return p_.types.dict(k, resolve_type(t.args[1]));
  }
  if (n == "set" || n == "Set") {
    if (!arity(1)) return p_.types.error();
    TypeId e = resolve_type(t.args[0]);
    check_hashable(e, m_.type(t.args[0]).span);
    return p_.types.set(e);
  }
  if (n == "(function)") {
    std::vector<TypeId> params;
    for (std::size_t i = 0; i + 1 < t.args.size(); ++i) params.push_back(resolve_type(t.args[i]));
    return p_.types.function(params, resolve_type(t.args.back()));
  }
  if (n == "ValidationError") return arity(0) ? p_.types.validation_error() : p_.types.error();
  if (n == "Self" && self_decl_.is_valid()) return arity(0) ? p_.decls[self_decl_.index].type : p_.types.error();
  if (auto it = decls_.find(n); it != decls_.end()) {
    if (!t.args.empty()) {
      error(DiagKind::Unsupported, t.span, "generic type arguments are not supported yet");
      return p_.types.error();
    }
    return p_.decls[it->second.index].type;
  }
  if (const LibTypeInfo* lt = find_lib_type(n); lt && !decls_.count(n)) {
    if (!arity(static_cast<std::size_t>(lt->arity))) return p_.types.error();
    std::vector<TypeId> args;
    for (ast::TypeExprId a : t.args) args.push_back(resolve_type(a));
    return p_.types.lib(lt->type, args);
  }
  if (n == "JoinHandle") return arity(1) ? p_.types.join_handle(resolve_type(t.args[0])) : p_.types.error();
  if (n == "Awaitable") return arity(1) ? p_.types.awaitable(resolve_type(t.args[0])) : p_.types.error();
  // A type parameter of a generic declaration (reported once, as not supported yet):
  // its uses are accepted silently.
  auto names_it = [&](const std::vector<std::string>* params) {
    return params && std::find(params->begin(), params->end(), n) != params->end();
  };
  if (names_it(fn_type_params_) || (self_decl_.is_valid() && names_it(&m_.decl(self_decl_).type_params)) ||
      (current_fn_.is_valid() && m_.function(current_fn_).owner.is_valid() &&
       names_it(&m_.decl(m_.function(current_fn_).owner).type_params)))
    return p_.types.error();
  if (poisoned_names_.count(n)) return p_.types.error();  // from an import already reported
  Diagnostic& d = error(DiagKind::UnknownType, t.span, "unknown type `" + n + "`");
  if (n == "string" || n == "String") d.hint = "the string type is `str`";
  else if (n == "integer") d.hint = "the integer type is `int`";
  return p_.types.error();
}

void Checker::collect_functions() {
  for (std::uint32_t i = 0; i < m_.functions.size(); ++i) {
    const ast::Function& f = m_.functions[i];
    ast::FunctionId id(i);
    FunctionInfo& info = p_.functions[i];
    self_decl_ = f.owner;
    fn_type_params_ = &f.type_params;
    if (!f.type_params.empty())
      error(DiagKind::Unsupported, f.type_params_span, "generic functions are not supported yet")
          .hint = "write the function for each type it is used with";
    for (const ast::Param& param : f.params) info.param_types.push_back(resolve_type(param.type));
    info.return_type = f.return_type.is_valid() ? resolve_type(f.return_type) : p_.types.error();
    self_decl_ = ast::TypeDeclId::invalid();
    fn_type_params_ = nullptr;
    for (const ast::Decorator& dec : f.decorators) {
      if (dec.name == "staticmethod" && f.owner.is_valid()) {
        if (f.receiver != ast::Receiver::None)
          error(DiagKind::Unsupported, f.receiver_span, "a `@staticmethod` cannot take `self`")
              .hint = "remove `self`, or remove `@staticmethod` to make it an instance method";
        continue;
      }
      error(DiagKind::Unsupported, dec.span, "decorator `@" + dec.name + "` is not supported here");
    }
    if (f.owner.is_valid()) continue;  // methods are found through their type
    if (decls_.count(f.name)) {
      Diagnostic& d = error(DiagKind::DuplicateDefinition, f.name_span, "`" + f.name + "` is defined more than once");
      d.labels.push_back({m_.decl(decls_.at(f.name)).name_span, "a type of this name is defined here"});
      continue;
    }
    auto [it, inserted] = functions_.emplace(f.name, id);
    if (!inserted) {
      Diagnostic& d = error(DiagKind::DuplicateDefinition, f.name_span, "`" + f.name + "` is defined more than once");
      d.labels.push_back({m_.function(it->second).name_span, "first defined here"});
      d.hint = "rename one of them";
    }
    if (f.name == "main" && inserted) {
      p_.main = id;
      if (!f.params.empty() || (f.return_type.is_valid() && !p_.types.is_error(info.return_type) &&
                                p_.types.kind(info.return_type) != TypeKind::Unit)) {
        error(DiagKind::InvalidMain, f.name_span, "`main` must take no parameters and return `None`")
            .hint = "write `def main() -> None:` (or `async def main() -> None:`)";
      }
    }
  }
}

void Checker::check_function(ast::FunctionId id) {
  const ast::Function& f = m_.function(id);
  current_fn_ = id;
  fn_type_params_ = &f.type_params;
  FunctionInfo& info = p_.functions[id.index];
  if (!f.has_body) return;  // a trait's required method
  moved_.clear_trail();  // no branch of another function is open
  function_first_local_ = p_.locals.size();
  push_scope();
  if (f.receiver != ast::Receiver::None)
    info.self_local = declare_local("self", p_.decls[f.owner.index].type, f.receiver == ast::Receiver::MutSelf, true,
                                    f.receiver_span);
  for (std::size_t i = 0; i < f.params.size(); ++i) {
    const ast::Param& param = f.params[i];
    if (param.default_value.is_valid()) {
      // Defaults are evaluated at each call, in the caller; they see no locals.
      auto saved = std::move(scopes_);
      scopes_.clear();
      scopes_.emplace_back();
      TypeId t = check_expr(param.default_value, info.param_types[i]);
      expect_type(info.param_types[i], t, expr(param.default_value).span, "default value");
      scopes_ = std::move(saved);
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (f.params[j].name == param.name) {
        error(DiagKind::DuplicateDefinition, param.span, "parameter `" + param.name + "` is declared more than once");
      }
    }
    info.param_locals.push_back(declare_local(param.name, info.param_types[i], param.is_mut, true, param.span));
  }
  check_block(f.body);
  pop_scope();
  while (!pending_lambdas_.empty()) {
    // Never called: check the body with unknown parameter types for its own errors
    // (e.g. `await`), and report the closure only if there are none.
    auto it = pending_lambdas_.begin();
    ExprId lambda(it->first);
    auto scopes = std::move(it->second);
    pending_lambdas_.erase(it);
    std::size_t before = diags_.error_count();
    infer_lambda(lambda, std::vector<TypeId>(expr(lambda).args.size(), p_.types.error()), TypeId::invalid(), &scopes);
    if (diags_.error_count() == before)
      error(DiagKind::CannotInfer, expr(lambda).span, "cannot infer the parameter types of this closure")
          .hint = "call it, or pass it where a function type such as `(int) -> int` is expected";
  }
  mark_last_uses();
  TypeId ret = info.return_type;
  if (f.return_type.is_valid() && !p_.types.is_error(ret) && p_.types.kind(ret) != TypeKind::Unit &&
      !always_returns(f.body)) {
    error(DiagKind::MissingReturn, f.name_span,
          "function `" + f.name + "` must return " + tname(ret) + " on every path")
        .hint = "add a `return` at the end of the function";
  }
}

Program Checker::run() {
  collect_imports();
  collect_decls();
  collect_functions();
  resolve_decls();
  collect_consts();
  check_field_defaults();
  check_consts();
  for (std::uint32_t i = 0; i < m_.functions.size(); ++i) check_function(ast::FunctionId(i));
  return std::move(p_);
}

Program check(const ast::Module& module, DiagnosticEmitter& diags) { return Checker(module, diags).run(); }

}  // namespace incan::sema
