// Expressions: literals, names, operators (LANGUAGE.md 7.2-7.4), lists, indexing, await.
#include <algorithm>

#include "typecheck/checker_impl.h"

namespace incan::sema {

bool Checker::compatible(TypeId expected, TypeId actual) const {
  if (expected == actual) return true;
  if (p_.types.contains_error(expected) || p_.types.contains_error(actual)) {
    // Structural match where the error type is a wildcard (e.g. `[]` as list[{error}]).
    const Type& e = p_.types.get(expected);
    const Type& a = p_.types.get(actual);
    if (e.kind == TypeKind::Error || a.kind == TypeKind::Error) return true;
    if (e.kind != a.kind) return false;
    // A part missing on one side only (a closure whose type could not be formed) does
    // not match; parameters and tuple elements match one by one.
    auto both = [&](TypeId x, TypeId y) { return x.is_valid() && y.is_valid() ? compatible(x, y) : x == y; };
    if (!both(e.a, a.a) || !both(e.b, a.b)) return false;
    if (e.kind == TypeKind::Function || e.kind == TypeKind::Tuple) {
      if (e.elems.size() != a.elems.size()) return false;
      for (std::size_t i = 0; i < e.elems.size(); ++i)
        if (!compatible(e.elems[i], a.elems[i])) return false;
    }
    return true;
  }
  return false;
}

bool Checker::expect_type(TypeId expected, TypeId actual, Span span, const char* context) {
  if (!expected.is_valid() || compatible(expected, actual)) return true;
  Diagnostic& d = error(DiagKind::TypeMismatch, span, "expected " + tname(expected) + ", found " + tname(actual));
  if (context) d.notes.push_back(std::string("in this ") + context);
  TypeKind ek = p_.types.kind(expected), ak = p_.types.kind(actual);
  if (ek == TypeKind::Float && ak == TypeKind::Int) d.hint = "write a float literal such as `1.0`, or use `float(x)`";
  else if (ek == TypeKind::Str) d.hint = "convert with `str(x)` or an f-string";
  else if (ek == TypeKind::Int && ak == TypeKind::Float) d.hint = "convert with `int(x)` (truncates toward zero)";
  else if (ak == TypeKind::Awaitable) d.hint = "this is an un-awaited async call: add `await`";
  return false;
}

TypeId Checker::check_expr(ExprId id, TypeId expected) {
  TypeId t = check_expr_inner(id, expected);
  p_.expr_types[id.index] = t;
  return t;
}

std::string Checker::suggest(const std::string& name) const {
  auto distance = [](const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      std::size_t prev = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= b.size(); ++j) {
        std::size_t cur = row[j];
        row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1)});
        prev = cur;
      }
    }
    return row[b.size()];
  };
  std::string best;
  std::size_t best_d = name.size() / 3 + 1;
  auto consider = [&](const std::string& cand) {
    std::size_t d = distance(name, cand);
    if (d < best_d || (d == best_d && !best.empty() && cand < best)) {
      if (d < best_d) best_d = d;
      best = cand;
    }
  };
  for (const auto& scope : scopes_)
    for (const auto& [n, _] : scope) consider(n);
  for (const auto& [n, _] : functions_) consider(n);
  for (const auto& [n, _] : consts_) consider(n);
  for (const auto& [n, _] : builtins_) consider(n);
  return best_d <= name.size() / 3 + 1 ? best : "";
}

TypeId Checker::check_name(ExprId id) {
  const ast::Expr& e = expr(id);
  LocalId local = lookup_local(e.text);
  if (local.is_valid()) {
    p_.names[id.index] = NameRef{NameKind::Local, local, {}, {}, {}, UINT32_MAX};
    Local& l = p_.locals[local.index];
    TypeKind k = p_.types.kind(l.type);
    if (k == TypeKind::Lib &&
        lib_type_info(static_cast<LibType>(p_.types.get(l.type).decl)).ownership == Ownership::Handle)
      handle_uses_.push_back(HandleUse{local, id, loop_depth_, !no_consume_ && closure_depth_ == 0});
    if (p_.types.is_move_only(l.type) && !no_consume_) {
      if (moved_.moved(local.index)) {
        Diagnostic& d = error(DiagKind::UseAfterMove, e.span,
                              "`" + l.name + "` was already " + (k == TypeKind::JoinHandle ? "awaited or moved" : "awaited or moved") +
                                  ": " + (k == TypeKind::JoinHandle ? "a JoinHandle" : k == TypeKind::Awaitable ? "an async call" : "a guard or permit") +
                                  " can be used once");
        d.labels.push_back({l.moved_at, "used here first"});
        d.hint = k == TypeKind::JoinHandle ? "keep the result of the first `await` instead of awaiting again"
                                           : "call the async function again for a new coroutine";
      } else if (closure_depth_ == 0) {
        moved_.set(local.index, true);
        l.moved_at = e.span;
      }
    }
    return l.type;
  }
  if (std::uint32_t k = const_named(e.text); k != UINT32_MAX) {
    p_.names[id.index] = NameRef{NameKind::Const, {}, {}, {}, {}, k};
    return p_.consts[k].type;
  }
  auto fn = functions_.find(e.text);
  if (fn != functions_.end()) {
    p_.names[id.index] = NameRef{NameKind::Function, {}, fn->second, {}, {}, UINT32_MAX};
    Diagnostic& d = error(DiagKind::TypeMismatch, e.span, "function `" + e.text + "` cannot be used as a value yet");
    d.hint = "call it: `" + e.text + "(...)`";
    return p_.types.error();
  }
  if (ast::TypeDeclId decl = type_named(e.text); decl.is_valid()) {
    p_.names[id.index] = NameRef{NameKind::Type, {}, {}, {}, decl, UINT32_MAX};
    error(DiagKind::TypeMismatch, e.span, "type `" + e.text + "` cannot be used as a value")
        .hint = m_.decl(decl).kind == ast::DeclKind::Enum ? "name a variant: `" + e.text + ".Variant`"
                                                          : "construct a value: `" + e.text + "(...)`";
    return p_.types.error();
  }
  auto b = builtins_.find(e.text);
  if (b != builtins_.end()) {
    p_.names[id.index] = NameRef{NameKind::Builtin, {}, {}, b->second, {}, UINT32_MAX};
    error(DiagKind::TypeMismatch, e.span, "builtin `" + e.text + "` cannot be used as a value")
        .hint = "call it: `" + e.text + "(...)`";
    return p_.types.error();
  }
  if (poisoned_names_.count(e.text)) return p_.types.error();  // from an import already reported
  Diagnostic& d = error(DiagKind::UnknownName, e.span, "unknown name `" + e.text + "`");
  if (e.text == "await" || e.text == "async") {
    d.hint = "Add `import std.async` or `from std.async import ...`";
  } else if (e.text == "sleep" || e.text == "sleep_ms") {
    d.hint = "import it: `from std.async.time import " + e.text + "`";
  } else if (e.text == "spawn" || e.text == "yield_now") {
    d.hint = "import it: `from std.async.task import " + e.text + "`";
  } else if (std::string s = suggest(e.text); !s.empty()) {
    d.hint = "did you mean `" + s + "`?";
  } else {
    d.hint = "names must be defined before use in this block or an enclosing one";
  }
  return p_.types.error();
}

bool Checker::check_hashable(TypeId t, Span span) {
  const Type& ty = p_.types.get(t);
  bool ok = true;
  switch (ty.kind) {
    case TypeKind::Float:
    case TypeKind::List:
    case TypeKind::Dict:
    case TypeKind::Set:
    case TypeKind::Function:
    case TypeKind::Awaitable:
    case TypeKind::JoinHandle: ok = false; break;
    case TypeKind::Tuple:
      for (TypeId e : ty.elems)
        if (!check_hashable(e, span)) return false;
      return true;
    default: break;
  }
  if (!ok)
    error(DiagKind::UnhashableKey, span, tname(t) + " cannot be a dict key or set element")
        .hint = "keys must be hashable: `int`, `bool`, `str` or tuples of those";
  return ok;
}

TypeId Checker::check_collection(ExprId id, TypeId expected) {
  const ast::Expr& e = expr(id);
  TypeStore& ts = p_.types;
  if (e.kind == ast::ExprKind::Tuple) {
    std::vector<TypeId> elems;
    const Type* want = expected.is_valid() && ts.kind(expected) == TypeKind::Tuple ? &ts.get(expected) : nullptr;
    for (std::size_t i = 0; i < e.elements.size(); ++i) {
      TypeId hint = want && i < want->elems.size() ? want->elems[i] : TypeId::invalid();
      elems.push_back(check_expr(e.elements[i], hint));
    }
    return ts.tuple(elems);
  }
  bool is_dict = e.kind == ast::ExprKind::Dict;
  TypeId key = TypeId::invalid(), value = TypeId::invalid();
  if (expected.is_valid() && ts.kind(expected) == (is_dict ? TypeKind::Dict : TypeKind::Set)) {
    key = ts.get(expected).a;
    value = ts.get(expected).b;
  }
  if (e.elements.empty()) {
    if (!key.is_valid()) {
      error(DiagKind::EmptyListType, e.span, "cannot infer the key and value types of an empty dict")
          .hint = "annotate the binding, e.g. `d: dict[str, int] = {}`";
      return ts.error();
    }
    return is_dict ? ts.dict(key, value) : ts.set(key);
  }
  std::size_t step = is_dict ? 2 : 1;
  bool key_reported = false;
  for (std::size_t i = 0; i < e.elements.size(); i += step) {
    for (std::size_t j = 0; j < step; ++j) {
      TypeId& slot = j == 0 ? key : value;
      ExprId el = e.elements[i + j];
      TypeId t = check_expr(el, slot);
      if (!slot.is_valid() || (ts.is_error(slot) && !(j == 0 && key_reported))) {
        slot = t;
        if (j == 0 && !check_hashable(t, expr(el).span)) {
          slot = ts.error();
          key_reported = true;
        }
      } else if (!compatible(slot, t)) {
        error(DiagKind::TypeMismatch, expr(el).span,
              std::string(is_dict ? (j == 0 ? "dict keys" : "dict values") : "set elements") +
                  " must have one type: expected " + tname(slot) + ", found " + tname(t));
      }
    }
  }
  return is_dict ? ts.dict(key, value) : ts.set(key);
}

TypeId Checker::check_try(ExprId id) {
  const ast::Expr& e = expr(id);
  TypeId t = check_expr(e.lhs);
  TypeStore& ts = p_.types;
  if (ts.is_error(t)) return t;
  if (ts.kind(t) != TypeKind::Result) {
    Diagnostic& d = error(DiagKind::TryOnNonResult, e.span, "`?` applies only to `Result`, found " + tname(t));
    if (ts.kind(t) == TypeKind::Option) d.hint = "convert with `.ok_or(error)` first, or use `match`";
    return ts.error();
  }
  const ast::Function& f = m_.function(current_fn_);
  TypeId ret = p_.functions[current_fn_.index].return_type;
  if (closure_depth_ > 0) {
    error(DiagKind::TryInNonResultFn, e.span, "`?` cannot be used inside a closure")
        .hint = "use `match` on the result inside the closure";
    return ts.error();
  }
  if (ts.kind(ret) != TypeKind::Result) {
    if (!ts.is_error(ret))
      error(DiagKind::TryInNonResultFn, e.span,
            "`?` needs the function `" + f.name + "` to return `Result`, but it returns " + tname(ret))
          .hint = "handle the error with `match`, or change the return type to `Result[..., " +
                  ts.name(ts.get(t).b) + "]`";
    return ts.get(t).a;
  }
  if (!compatible(ts.get(ret).b, ts.get(t).b))
    error(DiagKind::TypeMismatch, e.span,
          "`?` would return an error of type " + tname(ts.get(t).b) + " from a function whose error type is " +
              tname(ts.get(ret).b))
        .hint = "convert the error with `.map_err(...)`";
  return ts.get(t).a;
}

TypeId Checker::check_comprehension(ExprId id, TypeId expected) {
  const ast::Expr& e = expr(id);
  TypeStore& ts = p_.types;
  TypeId iter = check_expr(e.lhs);
  TypeId item = item_type(iter, expr(e.lhs).span);
  std::vector<TypeId> targets(e.args.size(), item);
  if (e.args.size() > 1 && !ts.is_error(item)) {
    const Type& t = ts.get(item);
    if (t.kind != TypeKind::Tuple || t.elems.size() != e.args.size()) {
      error(DiagKind::TupleArity, e.args[0].keyword_span,
            "cannot unpack " + tname(item) + " into " + std::to_string(e.args.size()) + " loop variables");
      targets.assign(targets.size(), ts.error());
    } else {
      targets = t.elems;
    }
  }
  push_scope();  // comprehension variables are local to it
  for (std::size_t i = 0; i < e.args.size(); ++i)
    p_.comp_locals[id.index].push_back(declare_local(e.args[i].keyword, targets[i], false, false, e.args[i].keyword_span));
  if (e.rhs.is_valid()) {
    TypeId c = check_expr(e.rhs, ts.bool_());
    if (!ts.is_error(c) && c != ts.bool_())
      error(DiagKind::ConditionNotBool, expr(e.rhs).span, "filter must be `bool`, found " + tname(c))
          .hint = "Incan has no truthiness: compare explicitly";
  }
  TypeId result;
  if (e.kind == ast::ExprKind::ListComp) {
    TypeId want = expected.is_valid() && ts.kind(expected) == TypeKind::List ? ts.get(expected).a : TypeId::invalid();
    result = ts.list(check_expr(e.elements[0], want));
  } else {
    bool known = expected.is_valid() && ts.kind(expected) == TypeKind::Dict;
    TypeId k = check_expr(e.elements[0], known ? ts.get(expected).a : TypeId::invalid());
    check_hashable(k, expr(e.elements[0]).span);
    TypeId v = check_expr(e.elements[1], known ? ts.get(expected).b : TypeId::invalid());
    result = ts.dict(k, v);
  }
  pop_scope();
  return result;
}

TypeId Checker::check_list(ExprId id, TypeId expected) {
  const ast::Expr& e = expr(id);
  TypeId elem = TypeId::invalid();
  if (expected.is_valid() && p_.types.kind(expected) == TypeKind::List) elem = p_.types.get(expected).a;
  if (e.elements.empty()) {
    if (!elem.is_valid()) {
      error(DiagKind::EmptyListType, e.span, "cannot infer the element type of an empty list")
          .hint = "annotate the binding, e.g. `xs: list[int] = []`";
      return p_.types.error();
    }
    return p_.types.list(elem);
  }
  for (ExprId el : e.elements) {
    TypeId t = check_expr(el, elem);
    if (!elem.is_valid() || p_.types.is_error(elem)) {
      elem = t;
      continue;
    }
    if (!compatible(elem, t)) {
      error(DiagKind::TypeMismatch, expr(el).span,
            "list elements must have one type: expected " + tname(elem) + ", found " + tname(t));
    }
  }
  return p_.types.list(elem);
}

TypeId Checker::check_binary(ExprId id) {
  const ast::Expr& e = expr(id);
  using ast::Op;
  TypeId l = check_expr(e.lhs);
  TypeId r = check_expr(e.rhs, (e.op == Op::Eq || e.op == Op::Ne) ? l : TypeId::invalid());
  TypeStore& ts = p_.types;
  if (ts.is_error(l) || ts.is_error(r)) {
    switch (e.op) {
      case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge:
      case Op::In: case Op::NotIn: case Op::Is: case Op::IsNot: case Op::And: case Op::Or:
        return ts.bool_();
      default: return ts.error();
    }
  }
  TypeKind lk = ts.kind(l), rk = ts.kind(r);
  auto invalid = [&]() {
    Diagnostic& d = error(DiagKind::InvalidOperands, e.span,
                          std::string("operator `") + ast::op_spelling(e.op) + "` cannot be applied to " + tname(l) +
                              " and " + tname(r));
    if (e.op == Op::Add && (lk == TypeKind::Str || rk == TypeKind::Str))
      d.hint = "convert the other operand with `str(...)` or use an f-string";
    return ts.error();
  };
  bool numeric = ts.is_numeric(l) && ts.is_numeric(r);
  bool any_float = lk == TypeKind::Float || rk == TypeKind::Float;
  switch (e.op) {
    case Op::Add:
      if (lk == TypeKind::Str && rk == TypeKind::Str) return ts.str();
      [[fallthrough]];
    case Op::Sub:
    case Op::Mul:
    case Op::FloorDiv:
    case Op::Mod:
      if (!numeric) return invalid();
      return any_float ? ts.float_() : ts.int_();
    case Op::Div:
      if (!numeric) return invalid();
      return ts.float_();
    case Op::Pow: {
      if (!numeric) return invalid();
      // `int ** <non-negative int literal>` stays int; anything else is float.
      const ast::Expr& rhs = expr(e.rhs);
      if (!any_float && rhs.kind == ast::ExprKind::IntLit) return ts.int_();
      return ts.float_();
    }
    case Op::Eq:
    case Op::Ne:
      if (numeric) return ts.bool_();
      if (compatible(l, r)) {
        if (!has_equality(l)) no_equality(id, l);
        return ts.bool_();
      }
      return invalid();
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge:
      if (numeric || (lk == TypeKind::Str && rk == TypeKind::Str) || (lk == TypeKind::Bool && rk == TypeKind::Bool) ||
          ((lk == TypeKind::Tuple || lk == TypeKind::List) && compatible(l, r)))
        return ts.bool_();
      return invalid();
    case Op::In:
    case Op::NotIn:
      if (rk == TypeKind::Str && lk == TypeKind::Str) return ts.bool_();
      if ((rk == TypeKind::List || rk == TypeKind::Set || rk == TypeKind::Dict) && compatible(ts.get(r).a, l)) {
        if (!has_equality(l)) no_equality(id, l);
        return ts.bool_();
      }
      return invalid();
    case Op::Is:
    case Op::IsNot:
      if (lk == TypeKind::Option && expr(e.rhs).kind == ast::ExprKind::NoneLit) return ts.bool_();
      return invalid();
    case Op::And:
    case Op::Or:
      if (lk == TypeKind::Bool && rk == TypeKind::Bool) return ts.bool_();
      {
        Diagnostic& d = error(DiagKind::TypeMismatch, lk != TypeKind::Bool ? expr(e.lhs).span : expr(e.rhs).span,
                              std::string("operands of `") + ast::op_spelling(e.op) + "` must be `bool`, found " +
                                  tname(lk != TypeKind::Bool ? l : r));
        d.hint = "Incan has no truthiness: compare explicitly";
      }
      return ts.bool_();
    default: return invalid();
  }
}

TypeId Checker::check_index(ExprId id) {
  const ast::Expr& e = expr(id);
  TypeId base = check_expr(e.lhs);
  bool keyed = p_.types.kind(base) == TypeKind::Dict;
  TypeId index = check_expr(e.rhs, keyed ? p_.types.get(base).a : p_.types.int_());
  if (p_.types.is_error(base)) return base;
  TypeKind bk = p_.types.kind(base);
  if (bk == TypeKind::Dict) {
    expect_type(p_.types.get(base).a, p_.type_of(e.rhs), expr(e.rhs).span, "dict key");
    return p_.types.get(base).b;
  }
  if (bk != TypeKind::List && bk != TypeKind::Str) {
    error(DiagKind::NotIndexable, e.span, "type " + tname(base) + " cannot be indexed");
    return p_.types.error();
  }
  expect_type(p_.types.int_(), index, expr(e.rhs).span, "index");
  return bk == TypeKind::List ? p_.types.get(base).a : p_.types.str();
}

// `x[start:stop:step]` on a list or a string: the same type, a new value.
TypeId Checker::check_slice(ExprId id) {
  const ast::Expr& e = expr(id);
  TypeId base = check_expr(e.lhs);
  for (ExprId part : e.elements) {
    if (!part.is_valid()) continue;
    TypeId t = check_expr(part, p_.types.int_());
    expect_type(p_.types.int_(), t, expr(part).span, "slice bound");
  }
  if (p_.types.is_error(base)) return base;
  TypeKind bk = p_.types.kind(base);
  if (bk != TypeKind::List && bk != TypeKind::Str) {
    error(DiagKind::NotIndexable, e.span, "type " + tname(base) + " cannot be sliced")
        .hint = "slices apply to lists and strings";
    return p_.types.error();
  }
  return base;
}

TypeId Checker::check_await(ExprId id) {
  const ast::Expr& e = expr(id);
  ExprId saved_operand = awaited_operand_;
  awaited_operand_ = e.lhs;
  TypeId operand = check_expr(e.lhs);
  awaited_operand_ = saved_operand;
  const ast::Function& f = m_.function(current_fn_);
  if (closure_depth_ > 0) {
    error(DiagKind::AwaitOutsideAsync, e.span, "Cannot use 'await' inside a closure: its body is not an async context")
        .hint = "await the value before the closure and capture the result";
    return p_.types.error();
  }
  if (!f.is_async) {
    Diagnostic& d = error(DiagKind::AwaitOutsideAsync, e.span,
                          "Cannot use 'await' outside of an async function or async method");
    d.hint = f.name == "main" ? "declare it `async def main() -> None:`"
                              : "declare the function `async def " + f.name + "(...)`";
    d.labels.push_back({f.name_span, "this function is not async"});
    return p_.types.error();
  }
  if (p_.types.is_error(operand)) return operand;
  switch (p_.types.kind(operand)) {
    case TypeKind::Awaitable: return p_.types.get(operand).a;
    case TypeKind::JoinHandle: return p_.types.result(p_.types.get(operand).a, p_.types.task_join_error());
    default:
      error(DiagKind::NotAwaitable, e.span, "type " + tname(operand) + " is not awaitable")
          .hint = "`await` applies to async calls, `sleep(...)` and task handles from `spawn(...)`";
      return p_.types.error();
  }
}

TypeId Checker::check_expr_inner(ExprId id, TypeId expected) {
  const ast::Expr& e = expr(id);
  TypeStore& ts = p_.types;
  switch (e.kind) {
    case ast::ExprKind::Error: return ts.error();
    case ast::ExprKind::IntLit: return ts.int_();
    case ast::ExprKind::FloatLit: return ts.float_();
    case ast::ExprKind::BoolLit: return ts.bool_();
    case ast::ExprKind::StrLit: return ts.str();
    case ast::ExprKind::NoneLit:
      if (expected.is_valid() && ts.kind(expected) == TypeKind::Option) return expected;
      if (expected.is_valid() && ts.kind(expected) == TypeKind::Unit) return expected;
      return ts.unit();
    case ast::ExprKind::FString:
      for (const ast::FStringPiece& piece : e.pieces) {
        if (!piece.is_expr) continue;
        TypeId t = check_expr(piece.expr);
        TypeKind k = ts.kind(t);
        if (k == TypeKind::Awaitable || k == TypeKind::JoinHandle || k == TypeKind::Range) {
          error(DiagKind::TypeMismatch, expr(piece.expr).span, "a value of type " + tname(t) + " cannot be formatted")
              .hint = k == TypeKind::Awaitable ? "add `await`" : "";
        }
      }
      return ts.str();
    case ast::ExprKind::Name: return check_name(id);
    case ast::ExprKind::List: return check_list(id, expected);
    case ast::ExprKind::Unary: {
      TypeId t = check_expr(e.lhs, e.op == ast::Op::Not ? ts.bool_() : TypeId::invalid());
      if (ts.is_error(t)) return e.op == ast::Op::Not ? ts.bool_() : t;
      if (e.op == ast::Op::Not) {
        if (t != ts.bool_())
          error(DiagKind::TypeMismatch, expr(e.lhs).span, "operand of `not` must be `bool`, found " + tname(t))
              .hint = "Incan has no truthiness: compare explicitly";
        return ts.bool_();
      }
      if (!ts.is_numeric(t)) {
        error(DiagKind::InvalidOperands, e.span, "operator `-` cannot be applied to " + tname(t));
        return ts.error();
      }
      return t;
    }
    case ast::ExprKind::Binary: return check_binary(id);
    case ast::ExprKind::Range: {
      TypeId l = check_expr(e.lhs), r = check_expr(e.rhs);
      expect_type(ts.int_(), l, expr(e.lhs).span, "range bound");
      expect_type(ts.int_(), r, expr(e.rhs).span, "range bound");
      return ts.range();
    }
    case ast::ExprKind::Call: {
      TypeId saved = expected_;
      expected_ = expected;
      TypeId t = check_call(id);
      expected_ = saved;
      return t;
    }
    case ast::ExprKind::Tuple:
    case ast::ExprKind::Dict:
    case ast::ExprKind::Set: return check_collection(id, expected);
    case ast::ExprKind::Try: return check_try(id);
    case ast::ExprKind::ListComp:
    case ast::ExprKind::DictComp: return check_comprehension(id, expected);
    case ast::ExprKind::Loop: {
      enter_loop(true);
      check_block(stmt(e.stmt).body);
      TypeId t = leave_loop();
      if (!t.is_valid()) {
        error(DiagKind::TypeMismatch, e.span, "this `loop` gives no value: it has no `break <value>`")
            .hint = "end the loop with `break <value>`";
        return ts.error();
      }
      return t;
    }
    case ast::ExprKind::Member: {
      if (expr(e.lhs).kind == ast::ExprKind::Name) {
        if (ast::TypeDeclId decl = type_named(expr(e.lhs).text); decl.is_valid()) {
          p_.names[e.lhs.index] = NameRef{NameKind::Type, {}, {}, {}, decl, UINT32_MAX};
          return check_type_member(id, decl);
        }
      }
      TypeId base = check_expr(e.lhs);
      if (ts.is_error(base)) return base;
      if (ts.kind(base) == TypeKind::Named || ts.kind(base) == TypeKind::ValidationError)
        return check_user_member(id, base);
      if (ts.is_lib(base, LibType::SendError) && e.text == "value") return ts.get(base).elems[0];
      if (ts.kind(base) == TypeKind::Tuple && !e.text.empty() && e.text[0] >= '0' && e.text[0] <= '9') {
        std::size_t i = std::stoul(e.text.size() > 9 ? std::string("999999999") : e.text);
        if (i < ts.get(base).elems.size()) {
          p_.members[id.index] = MemberRef{MemberKind::TupleField, {}, static_cast<int>(i)};
          return ts.get(base).elems[i];
        }
        error(DiagKind::UnknownMember, e.name_span,
              "tuple " + tname(base) + " has no field `" + e.text + "`")
            .hint = "tuple fields count from `.0`";
        return ts.error();
      }
      error(DiagKind::UnknownMember, e.name_span, "type " + tname(base) + " has no field `" + e.text + "`")
          .hint = "methods are called with parentheses: `x." + e.text + "()`";
      return ts.error();
    }
    case ast::ExprKind::Index: return check_index(id);
    case ast::ExprKind::Slice: return check_slice(id);
    case ast::ExprKind::Await: return check_await(id);
    case ast::ExprKind::Lambda: return check_lambda(id, expected);
  }
  return ts.error();
}

void Checker::mark_last_uses() {
  // The textually last use of each handle local moves it when that use is a by-value
  // transfer (not a method receiver) at the loop depth of its declaration.
  std::unordered_map<std::uint32_t, const HandleUse*> last;
  for (const HandleUse& u : handle_uses_) {
    auto [it, inserted] = last.emplace(u.local.index, &u);
    if (!inserted && expr(u.expr).span.begin >= expr(it->second->expr).span.begin) it->second = &u;
  }
  for (const auto& [local, use] : last) {
    if (use->movable && use->loop_depth == p_.locals[local].loop_depth) p_.last_use[use->expr.index] = true;
  }
  handle_uses_.clear();
}

TypeId Checker::check_lambda(ExprId id, TypeId expected) {
  const ast::Expr& e = expr(id);
  TypeStore& ts = p_.types;
  for (std::size_t i = 0; i < e.args.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (e.args[i].keyword == e.args[j].keyword)
        error(DiagKind::DuplicateDefinition, e.args[i].keyword_span,
              "parameter `" + e.args[i].keyword + "` is declared more than once");
  if (expected.is_valid() && ts.kind(expected) == TypeKind::Function && !ts.is_pending_closure(expected) &&
      ts.get(expected).elems.size() == e.args.size()) {
    return infer_lambda(id, ts.get(expected).elems, ts.get(expected).a, nullptr);
  }
  pending_lambdas_[id.index] = scopes_;
  return ts.pending_closure(id.index);
}

TypeId Checker::infer_lambda(ExprId id, const std::vector<TypeId>& params, TypeId result,
                             const std::vector<std::unordered_map<std::string, LocalId>>* scopes) {
  const ast::Expr& e = expr(id);
  TypeStore& ts = p_.types;
  std::vector<std::unordered_map<std::string, LocalId>> saved;
  if (scopes) {
    saved = std::move(scopes_);
    scopes_ = *scopes;
  }
  ++closure_depth_;
  push_scope();
  std::vector<LocalId> locals;
  for (std::size_t i = 0; i < e.args.size(); ++i)
    locals.push_back(declare_local(e.args[i].keyword, params[i], false, true, e.args[i].keyword_span));
  auto saved_loops = std::move(loop_frames_);
  int saved_depth = loop_depth_;
  loop_frames_.clear();
  loop_depth_ = 0;
  TypeId body = check_expr(e.lhs, result);
  loop_frames_ = std::move(saved_loops);
  loop_depth_ = saved_depth;
  if (result.is_valid()) expect_type(result, body, expr(e.lhs).span, "closure body");
  pop_scope();
  --closure_depth_;
  if (scopes) scopes_ = std::move(saved);
  TypeId fn = ts.function(params, result.is_valid() ? result : body);
  p_.expr_types[id.index] = fn;
  p_.comp_locals[id.index] = std::move(locals);
  return fn;
}

void Checker::retype_locals(TypeId from, TypeId to) {
  for (std::size_t i = function_first_local_; i < p_.locals.size(); ++i)
    if (p_.locals[i].type == from) p_.locals[i].type = to;
}

TypeId Checker::check_closure_call(ExprId id, LocalId callee) {
  const ast::Expr& e = expr(id);
  TypeStore& ts = p_.types;
  TypeId ft = p_.locals[callee.index].type;
  CallInfo& call = p_.calls[id.index];
  call.kind = CallKind::Closure;
  std::string name = p_.locals[callee.index].name;
  for (const ast::Arg& a : e.args) {
    if (!a.keyword.empty()) {
      error(DiagKind::UnknownKeywordArg, a.keyword_span, "closures take no keyword arguments")
          .hint = "pass the value positionally";
      for (const ast::Arg& b : e.args) check_expr(b.value);
      return ts.error();
    }
  }
  if (ts.is_pending_closure(ft)) {
    ExprId lambda(ts.get(ft).decl);
    std::size_t n = expr(lambda).args.size();
    if (!check_arg_count(id, n, n, name)) return ts.error();
    std::vector<TypeId> params;
    for (const ast::Arg& a : e.args) params.push_back(check_expr(a.value));
    auto it = pending_lambdas_.find(lambda.index);
    if (it == pending_lambdas_.end()) return ts.error();
    auto scopes = std::move(it->second);
    pending_lambdas_.erase(it);
    TypeId fn = infer_lambda(lambda, params, TypeId::invalid(), &scopes);
    // Every binding holding this closure now has its inferred type.
    retype_locals(ft, fn);
    return ts.get(fn).a;
  }
  const Type& f = ts.get(ft);
  if (!check_arg_count(id, f.elems.size(), f.elems.size(), name)) return f.a;
  for (std::size_t i = 0; i < f.elems.size(); ++i) {
    TypeId t = check_expr(e.args[i].value, f.elems[i]);
    expect_type(f.elems[i], t, expr(e.args[i].value).span, "argument");
  }
  return f.a;
}

}  // namespace incan::sema

namespace incan::sema {

ast::TypeDeclId Checker::type_named(const std::string& name) const {
  if (lookup_local(name).is_valid()) return ast::TypeDeclId::invalid();
  auto it = decls_.find(name);
  return it == decls_.end() ? ast::TypeDeclId::invalid() : it->second;
}

bool Checker::has_equality(TypeId t) const {
  const Type& ty = p_.types.get(t);
  switch (ty.kind) {
    case TypeKind::Named: return p_.decls[ty.decl].has_eq;
    case TypeKind::List:
    case TypeKind::Option:
    case TypeKind::Set: return has_equality(ty.a);
    case TypeKind::Result:
    case TypeKind::Dict: return has_equality(ty.a) && has_equality(ty.b);
    case TypeKind::Tuple:
      for (TypeId e : ty.elems)
        if (!has_equality(e)) return false;
      return true;
    case TypeKind::Awaitable:
    case TypeKind::JoinHandle:
    case TypeKind::Function: return false;
    default: return true;
  }
}

void Checker::no_equality(ExprId id, TypeId t) {
  // Name the user type that lacks equality (possibly inside a collection).
  TypeId inner = t;
  for (;;) {
    const Type& ty = p_.types.get(inner);
    if (ty.kind == TypeKind::Named || (ty.elems.empty() && !ty.a.is_valid())) break;
    TypeId next = TypeId::invalid();
    for (TypeId c : {ty.a, ty.b})
      if (c.is_valid() && !has_equality(c)) next = c;
    for (TypeId c : ty.elems)
      if (!has_equality(c)) next = c;
    if (!next.is_valid()) break;
    inner = next;
  }
  Diagnostic& d = error(DiagKind::NoEquality, expr(id).span,
                        "values of type " + tname(inner) + " cannot be compared with `==`");
  if (p_.types.kind(inner) == TypeKind::Named)
    d.hint = "add `@derive(Eq)` to the declaration of `" + p_.types.name(inner) + "`";
}

TypeId Checker::check_type_member(ExprId id, ast::TypeDeclId decl) {
  const ast::Expr& e = expr(id);
  const ast::TypeDecl& d = m_.decl(decl);
  const DeclInfo& info = p_.decls[decl.index];
  if (d.kind == ast::DeclKind::Enum) {
    int v = info.find_variant(e.text);
    if (v >= 0) {
      if (!info.variants[v].payload.empty()) {
        error(DiagKind::WrongArgCount, e.span,
              "variant `" + d.name + "." + e.text + "` takes " + std::to_string(info.variants[v].payload.size()) +
                  " value" + (info.variants[v].payload.size() == 1 ? "" : "s"))
            .hint = "construct it with `" + d.name + "." + e.text + "(...)`";
        return p_.types.error();
      }
      p_.members[id.index] = MemberRef{MemberKind::UnitVariant, decl, v};
      return info.type;
    }
    if (!info.find_method(e.text)) {
      unknown_variant(decl, e.text, e.name_span);
      return p_.types.error();
    }
  }
  if (info.find_method(e.text)) {
    error(DiagKind::TypeMismatch, e.span, "method `" + d.name + "." + e.text + "` cannot be used as a value yet")
        .hint = "call it: `" + d.name + "." + e.text + "(...)`";
    return p_.types.error();
  }
  error(DiagKind::UnknownMember, e.name_span, "type `" + d.name + "` has no associated function `" + e.text + "`");
  return p_.types.error();
}

TypeId Checker::check_user_member(ExprId id, TypeId base) {
  const ast::Expr& e = expr(id);
  TypeStore& ts = p_.types;
  if (ts.kind(base) == TypeKind::ValidationError) {
    if (e.text == "message") {
      p_.members[id.index] = MemberRef{MemberKind::ErrorMessage, {}, 0};
      return ts.str();
    }
    error(DiagKind::UnknownField, e.name_span, "type `ValidationError` has no field `" + e.text + "`")
        .hint = "its field is `message`";
    return ts.error();
  }
  ast::TypeDeclId decl(ts.get(base).decl);
  const ast::TypeDecl& d = m_.decl(decl);
  const DeclInfo& info = p_.decls[decl.index];
  if (d.kind == ast::DeclKind::Newtype && e.text == "0") {
    p_.members[id.index] = MemberRef{MemberKind::NewtypeValue, decl, 0};
    return info.underlying;
  }
  if (d.kind == ast::DeclKind::Trait) {
    // `self.f` in a trait's default method: the fields listed by `@requires`.
    for (const ast::Decorator& dec : d.decorators) {
      if (dec.name != "requires") continue;
      for (std::size_t i = 0; i < dec.fields.size(); ++i) {
        if (dec.fields[i].name != e.text) continue;
        p_.members[id.index] = MemberRef{MemberKind::Field, decl, static_cast<int>(i)};
        self_decl_ = decl;
        TypeId t = resolve_type(dec.fields[i].type);
        self_decl_ = ast::TypeDeclId::invalid();
        return t;
      }
    }
    error(DiagKind::UnknownField, e.name_span, "trait `" + d.name + "` does not require a field `" + e.text + "`")
        .hint = "list it on the trait: `@requires(" + e.text + ": Type)`";
    return ts.error();
  }
  int fi = info.find_field(e.text);
  if (fi >= 0) {
    const FieldInfo& f = info.fields[fi];
    if (!field_accessible(f)) {
      error(DiagKind::PrivateField, e.name_span,
            "Field '" + f.name + "' on '" + m_.decl(f.origin).name + "' is private")
          .hint = "mark the field `pub` to use it outside the methods of `" + m_.decl(f.origin).name + "`";
    }
    p_.members[id.index] = MemberRef{MemberKind::Field, decl, fi};
    return f.type;
  }
  Diagnostic& diag = error(info.find_method(e.text) ? DiagKind::UnknownMember : DiagKind::UnknownField, e.name_span,
                           "type `" + d.name + "` has no field `" + e.text + "`");
  if (info.find_method(e.text)) diag.hint = "`" + e.text + "` is a method: call it with `" + e.text + "()`";
  else if (std::string s = [&] {
             std::string best;
             for (const FieldInfo& f : info.fields)
               if (f.name.size() + 2 >= e.text.size() && f.name.size() <= e.text.size() + 2 && f.name[0] == e.text[0])
                 best = f.name;
             return best;
           }();
           !s.empty())
    diag.hint = "did you mean `" + s + "`?";
  return ts.error();
}

}  // namespace incan::sema
