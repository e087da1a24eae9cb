// Statements: bindings and mutability (LANGUAGE.md 4.1), control flow, returns.
#include "typecheck/checker_impl.h"

namespace incan::sema {

LocalId Checker::declare_local(const std::string& name, TypeId type, bool is_mut, bool is_param, Span span) {
  p_.locals.push_back(Local{name, type, is_mut, is_param, span, current_fn_, {}, loop_depth_});
  moved_.add_local();
  LocalId id(static_cast<std::uint32_t>(p_.locals.size() - 1));
  if (name != "_") scopes_.back()[name] = id;
  return id;
}

LocalId Checker::lookup_local(const std::string& name) const {
  for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
    auto found = it->find(name);
    if (found != it->end()) return found->second;
  }
  return LocalId::invalid();
}

void Checker::check_block(const std::vector<StmtId>& body) {
  push_scope();
  for (StmtId s : body) check_stmt(s);
  pop_scope();
}

namespace {
// True if `body` has a `break` that leaves the loop owning `body` (one not nested
// in an inner loop): looks through `if` branches and `match` arms.
bool has_own_break(const ast::Module& m, const std::vector<StmtId>& body) {
  std::vector<StmtId> stack(body.begin(), body.end());
  while (!stack.empty()) {
    const ast::Stmt& inner = m.stmt(stack.back());
    stack.pop_back();
    if (inner.kind == ast::StmtKind::Break) return true;
    if (inner.kind == ast::StmtKind::If) {
      stack.insert(stack.end(), inner.body.begin(), inner.body.end());
      stack.insert(stack.end(), inner.else_body.begin(), inner.else_body.end());
    }
    for (const ast::MatchArm& arm : inner.arms) stack.insert(stack.end(), arm.body.begin(), arm.body.end());
  }
  return false;
}
}  // namespace

bool Checker::always_returns(const std::vector<StmtId>& body) const {
  for (StmtId id : body) {
    const ast::Stmt& s = stmt(id);
    if (s.kind == ast::StmtKind::Return) return true;
    // `loop:` and `while true:` without a `break` of their own never fall through.
    if (s.kind == ast::StmtKind::Loop && !has_own_break(m_, s.body)) return true;
    if (s.kind == ast::StmtKind::While && expr(s.cond).kind == ast::ExprKind::BoolLit && expr(s.cond).bool_value &&
        !has_own_break(m_, s.body))
      return true;
    if (s.kind == ast::StmtKind::Match && !s.arms.empty()) {
      // The checker rejects non-exhaustive matches, so all-returning arms return.
      bool all = true;
      for (const ast::MatchArm& arm : s.arms) all = all && always_returns(arm.body);
      if (all) return true;
    }
    if (s.kind == ast::StmtKind::If && s.has_else && always_returns(s.body) && always_returns(s.else_body))
      return true;
  }
  return false;
}

void Checker::check_mutable_root(ExprId target, const char* action) {
  // Walk to the root name of `xs[i].f` and friends.
  ExprId root = target;
  while (expr(root).kind == ast::ExprKind::Index || expr(root).kind == ast::ExprKind::Member) root = expr(root).lhs;
  if (expr(root).kind != ast::ExprKind::Name) return;
  const NameRef& ref = p_.names[root.index];
  if (ref.kind == NameKind::Const) {
    error(DiagKind::ConstAssign, expr(target).span,
          std::string("cannot ") + action + " const `" + p_.consts[ref.konst].name + "`: consts are frozen")
        .hint = "copy it into a local first: `mut copy = " + p_.consts[ref.konst].name + "`";
    return;
  }
  if (ref.kind != NameKind::Local) return;
  const Local& local = p_.locals[ref.local.index];
  if (local.is_param && !local.is_mut && current_fn_.is_valid() &&
      p_.functions[current_fn_.index].self_local == ref.local) {
    error(DiagKind::SelfMutation, expr(target).span, "Cannot mutate self - method takes immutable self")
        .hint = "declare the method with `mut self` to change the value it is called on";
    return;
  }
  if (local.is_param && !local.is_mut) {
    error(DiagKind::MutateImmutableParam, expr(target).span,
          std::string("cannot ") + action + " parameter `" + local.name + "`: it is not declared `mut`")
        .hint = "declare it as `mut " + local.name + ": " + p_.types.name(local.type) +
                "` to change the caller's value";
  }
}

void Checker::check_assign(StmtId id) {
  const ast::Stmt& s = stmt(id);
  const ast::Expr& target = expr(s.target);
  TypeId annotated = s.annotation.is_valid() ? resolve_type(s.annotation) : TypeId::invalid();
  if (target.kind == ast::ExprKind::Name) {
    LocalId existing = s.binding == ast::Binding::Plain && !s.annotation.is_valid() ? lookup_local(target.text)
                                                                                    : LocalId::invalid();
    if (target.text == "_" && s.binding == ast::Binding::Plain) {
      check_expr(s.value);  // `_ = e` evaluates and discards
      return;
    }
    if (!existing.is_valid() && s.binding == ast::Binding::Plain && !s.annotation.is_valid() &&
        const_named(target.text) != UINT32_MAX) {
      check_expr(s.value);
      error(DiagKind::ConstAssign, target.span, "cannot assign to const `" + target.text + "`: consts are frozen")
          .hint = "use a local with another name: `mut value = " + target.text + "`";
      return;
    }
    if (existing.is_valid()) {
      // Reassignment: the binding must be `mut`.
      p_.names[s.target.index] = NameRef{NameKind::Local, existing, {}, {}, {}, UINT32_MAX};
      p_.expr_types[s.target.index] = p_.locals[existing.index].type;
      TypeId value = check_expr(s.value, p_.locals[existing.index].type);
      Local& local = p_.locals[existing.index];  // after check_expr, which may add locals
      if (!local.is_mut) {
        Diagnostic& d = error(DiagKind::ImmutableAssign, target.span,
                              "Cannot mutate '" + local.name + "' - variable is immutable");
        d.labels.push_back({local.span, "declared here without `mut`"});
        d.hint = "declare it with `mut " + local.name + " = ...` to allow reassignment";
      } else {
        expect_type(local.type, value, expr(s.value).span, "assignment");
        moved_.set(existing.index, false);  // a fresh value
      }
      p_.stmt_locals[id.index] = existing;
      return;
    }
    // A new binding in the current block.
    TypeId value = check_expr(s.value, annotated);
    TypeId type = value;
    if (annotated.is_valid()) {
      expect_type(annotated, value, expr(s.value).span, "binding");
      type = annotated;
    } else if (p_.types.kind(value) == TypeKind::Unit) {
      // Binding the result of a `-> None` call is allowed; it holds `()`.
    }
    if (p_.types.kind(type) == TypeKind::Awaitable && !p_.types.is_error(type)) {
      // Storing an un-awaited coroutine is allowed (it runs when awaited).
    }
    LocalId local = declare_local(target.text, type, s.binding == ast::Binding::Mut, false, target.span);
    p_.names[s.target.index] = NameRef{NameKind::Local, local, {}, {}, {}, UINT32_MAX};
    p_.expr_types[s.target.index] = type;
    p_.stmt_locals[id.index] = local;
    p_.stmt_declares[id.index] = true;
    return;
  }
  // Index or field target: in-place mutation of an existing value.
  TypeId place = check_expr(s.target);
  TypeId value = check_expr(s.value, place);
  expect_type(place, value, expr(s.value).span, "assignment");
  check_mutable_root(s.target, "assign through");
  if (target.kind == ast::ExprKind::Index && p_.types.kind(p_.type_of(target.lhs)) == TypeKind::Str) {
    error(DiagKind::InvalidAssignTarget, target.span, "strings are immutable: cannot assign to `s[i]`")
        .hint = "build a new string instead";
  }
}

void Checker::check_compound_assign(StmtId id) {
  const ast::Stmt& s = stmt(id);
  const ast::Expr& target = expr(s.target);
  TypeId place = check_expr(s.target);
  TypeId value = check_expr(s.value);
  if (target.kind == ast::ExprKind::Name) {
    const NameRef& ref = p_.names[s.target.index];
    if (ref.kind == NameKind::Const) {
      error(DiagKind::ConstAssign, target.span, "cannot assign to const `" + target.text + "`: consts are frozen")
          .hint = "use a local with another name: `mut value = " + target.text + "`";
      return;
    }
    if (ref.kind == NameKind::Local) {
      const Local& local = p_.locals[ref.local.index];
      p_.stmt_locals[id.index] = ref.local;
      if (!local.is_mut) {
        Diagnostic& d = error(DiagKind::ImmutableAssign, target.span,
                              "Cannot mutate '" + local.name + "' - variable is immutable");
        d.labels.push_back({local.span, "declared here without `mut`"});
        d.hint = "declare it with `mut " + local.name + " = ...` to allow reassignment";
        return;
      }
    }
  } else {
    check_mutable_root(s.target, "assign through");
    if (target.kind == ast::ExprKind::Index && p_.types.kind(p_.type_of(target.lhs)) == TypeKind::Str) {
      error(DiagKind::InvalidAssignTarget, target.span, "strings are immutable: cannot assign to `s[i]`")
          .hint = "build a new string instead";
      return;
    }
  }
  if (p_.types.is_error(place) || p_.types.is_error(value)) return;
  // `x op= e` checks like `x = x op e`.
  TypeKind pk = p_.types.kind(place), vk = p_.types.kind(value);
  TypeId result = p_.types.error();
  bool numeric = p_.types.is_numeric(place) && p_.types.is_numeric(value);
  if (numeric) {
    bool any_float = pk == TypeKind::Float || vk == TypeKind::Float;
    result = (s.op == ast::Op::Div || any_float) ? p_.types.float_() : p_.types.int_();
  } else if (s.op == ast::Op::Add && pk == TypeKind::Str && vk == TypeKind::Str) {
    result = p_.types.str();
  } else {
    error(DiagKind::InvalidOperands, stmt(id).span,
          std::string("operator `") + ast::op_spelling(s.op) + "=` cannot be applied to " + tname(place) + " and " +
              tname(value));
    return;
  }
  if (result != place) {
    Diagnostic& d = error(DiagKind::TypeMismatch, stmt(id).span,
                          "expected " + tname(place) + ", found " + tname(result) + " (the result of `" +
                              ast::op_spelling(s.op) + "`)");
    if (s.op == ast::Op::Div) d.hint = "`/` always gives a `float`; use `//` for integer division";
  }
}

TypeId Checker::item_type(TypeId iter, Span span) {
  switch (p_.types.kind(iter)) {
    case TypeKind::Range: return p_.types.int_();
    case TypeKind::List:
    case TypeKind::Set:
    case TypeKind::Dict: return p_.types.get(iter).a;  // a dict iterates over its keys
    case TypeKind::Str: return p_.types.str();
    case TypeKind::Error: return iter;
    default:
      error(DiagKind::NotIterable, span, "type " + tname(iter) + " is not iterable")
          .hint = "iterate over a list, set, dict, string or a range such as `range(n)` or `0..n`";
      return p_.types.error();
  }
}

void Checker::check_for(StmtId id) {
  const ast::Stmt& s = stmt(id);
  TypeId iter = check_expr(s.value);
  TypeId item = item_type(iter, expr(s.value).span);
  std::vector<TypeId> targets(s.for_targets.size(), item);
  if (s.for_targets.size() != 1 && !p_.types.is_error(item)) {
    const Type& t = p_.types.get(item);
    if (t.kind != TypeKind::Tuple || t.elems.size() != s.for_targets.size()) {
      error(DiagKind::TupleArity, s.for_target_spans[0],
            "cannot unpack " + tname(item) + " into " + std::to_string(s.for_targets.size()) + " loop variables");
      targets.assign(targets.size(), p_.types.error());
    } else {
      targets = t.elems;
    }
  }
  push_scope();
  for (std::size_t i = 0; i < s.for_targets.size(); ++i)
    p_.for_locals[id.index].push_back(declare_local(s.for_targets[i], targets[i], false, false, s.for_target_spans[i]));
  enter_loop(false);
  check_block(s.body);
  leave_loop();
  pop_scope();
}

void Checker::check_unpack(StmtId id) {
  const ast::Stmt& s = stmt(id);
  TypeId value = check_expr(s.value);
  std::size_t n = s.for_targets.size();
  std::vector<TypeId> types(n, p_.types.error());
  if (!p_.types.is_error(value)) {
    const Type& t = p_.types.get(value);
    if (t.kind != TypeKind::Tuple) {
      error(DiagKind::TupleArity, expr(s.value).span, "cannot unpack " + tname(value) + " into " + std::to_string(n) + " names")
          .hint = "only tuples can be unpacked";
    } else if (t.elems.size() != n) {
      error(DiagKind::TupleArity, expr(s.value).span,
            "cannot unpack a tuple of " + std::to_string(t.elems.size()) + " elements into " + std::to_string(n) +
                " names");
    } else {
      types = t.elems;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& name = s.for_targets[i];
    LocalId existing = s.binding == ast::Binding::Plain ? lookup_local(name) : LocalId::invalid();
    if (existing.is_valid()) {
      const Local& local = p_.locals[existing.index];
      if (!local.is_mut)
        error(DiagKind::ImmutableAssign, s.for_target_spans[i], "Cannot mutate '" + name + "' - variable is immutable")
            .hint = "declare it with `mut " + name + " = ...` to allow reassignment";
      else
        expect_type(local.type, types[i], s.for_target_spans[i], "unpacking");
      p_.for_locals[id.index].push_back(existing);
    } else {
      p_.for_locals[id.index].push_back(
          declare_local(name, types[i], s.binding == ast::Binding::Mut, false, s.for_target_spans[i]));
    }
  }
}

void Checker::check_stmt(StmtId id) {
  const ast::Stmt& s = stmt(id);
  switch (s.kind) {
    case ast::StmtKind::Error:
    case ast::StmtKind::Pass: return;
    case ast::StmtKind::Expr: {
      TypeId t = check_expr(s.value);
      const ast::Expr& e = expr(s.value);
      if (p_.types.kind(t) == TypeKind::Awaitable && e.kind == ast::ExprKind::Call) {
        std::string callee = expr(e.lhs).kind == ast::ExprKind::Name ? expr(e.lhs).text
                             : expr(e.lhs).kind == ast::ExprKind::Member ? expr(e.lhs).text
                                                                         : "?";
        error(DiagKind::UnawaitedAsyncCall, e.span, "Async call `" + callee + "` is not awaited")
            .hint = "write `await " + callee + "(...)`, or pass it to `spawn(...)` to run it concurrently";
      }
      return;
    }
    case ast::StmtKind::Assign: check_assign(id); return;
    case ast::StmtKind::CompoundAssign: check_compound_assign(id); return;
    case ast::StmtKind::If: {
      TypeId c = check_expr(s.cond, p_.types.bool_());
      if (!p_.types.is_error(c) && c != p_.types.bool_())
        error(DiagKind::ConditionNotBool, expr(s.cond).span, "condition must be `bool`, found " + tname(c))
            .hint = "Incan has no truthiness: compare explicitly, e.g. `x != 0` or `len(xs) > 0`";
      MoveFlags::Mark before = moved_.mark();
      check_block(s.body);
      MoveFlags::Outcome after_then = moved_.since(before);
      bool then_returns = always_returns(s.body);
      moved_.rewind(before);
      if (s.has_else) check_block(s.else_body);
      if (s.has_else && always_returns(s.else_body)) {
        moved_.rewind(before);
        if (!then_returns) moved_.apply(after_then);
      } else if (!then_returns) {
        moved_.merge(before, after_then);
      }
      return;
    }
    case ast::StmtKind::While: {
      TypeId c = check_expr(s.cond, p_.types.bool_());
      if (!p_.types.is_error(c) && c != p_.types.bool_())
        error(DiagKind::ConditionNotBool, expr(s.cond).span, "condition must be `bool`, found " + tname(c))
            .hint = "Incan has no truthiness: compare explicitly, e.g. `x != 0` or `len(xs) > 0`";
      enter_loop(false);
      check_block(s.body);
      leave_loop();
      return;
    }
    case ast::StmtKind::Loop:
      enter_loop(false);
      check_block(s.body);
      leave_loop();
      return;
    case ast::StmtKind::Assert: {
      TypeId c = check_expr(s.cond, p_.types.bool_());
      if (!p_.types.is_error(c) && c != p_.types.bool_())
        error(DiagKind::ConditionNotBool, expr(s.cond).span, "assertion must be `bool`, found " + tname(c))
            .hint = "Incan has no truthiness: compare explicitly";
      if (s.value.is_valid()) {
        TypeId m = check_expr(s.value, p_.types.str());
        expect_type(p_.types.str(), m, expr(s.value).span, "assertion message");
      }
      return;
    }
    case ast::StmtKind::For: check_for(id); return;
    case ast::StmtKind::Unpack: check_unpack(id); return;
    case ast::StmtKind::Match: check_match(id); return;
    case ast::StmtKind::IfLet:
    case ast::StmtKind::WhileLet: check_let_pattern(id); return;
    case ast::StmtKind::Return: {
      const ast::Function& f = m_.function(current_fn_);
      TypeId ret = p_.functions[current_fn_.index].return_type;
      bool returns_unit = p_.types.kind(ret) == TypeKind::Unit;
      if (!s.value.is_valid()) {
        if (!returns_unit && !p_.types.is_error(ret))
          error(DiagKind::TypeMismatch, s.span, "expected " + tname(ret) + ", found `None`: `return` needs a value")
              .hint = "function `" + f.name + "` returns " + tname(ret);
        return;
      }
      if (returns_unit) {
        if (expr(s.value).kind == ast::ExprKind::NoneLit) return;
        TypeId t = check_expr(s.value);
        if (p_.types.kind(t) == TypeKind::Unit || p_.types.is_error(t)) return;
        error(DiagKind::ReturnValueInNone, expr(s.value).span,
              "function `" + f.name + "` returns `None` but `return` has a value")
            .hint = "change the return type to " + tname(t) + ", or remove the value";
        return;
      }
      TypeId t = check_expr(s.value, ret);
      expect_type(ret, t, expr(s.value).span, "return value");
      return;
    }
    case ast::StmtKind::Break:
    case ast::StmtKind::Continue:
      if (s.kind == ast::StmtKind::Break && s.value.is_valid()) {
        if (loop_frames_.empty() || !loop_frames_.back().is_value) {
          check_expr(s.value);
          error(DiagKind::BreakValueOutsideLoopExpr, s.span,
                "`break` with a value is only allowed in a `loop` used as a value")
              .hint = loop_frames_.empty() ? "remove the value" : "`for` and `while` loops take a plain `break`";
          return;
        }
        LoopFrame& frame = loop_frames_.back();
        TypeId t = check_expr(s.value, frame.break_type);
        if (!frame.break_type.is_valid() || p_.types.is_error(frame.break_type)) frame.break_type = t;
        else if (!compatible(frame.break_type, t))
          error(DiagKind::TypeMismatch, expr(s.value).span,
                "every `break` of this loop must give one type: expected " + tname(frame.break_type) + ", found " +
                    tname(t));
        return;
      }
      if (loop_depth_ == 0) {
        bool is_break = s.kind == ast::StmtKind::Break;
        error(is_break ? DiagKind::BreakOutsideLoop : DiagKind::ContinueOutsideLoop, s.span,
              is_break ? "`break` outside of a loop" : "`continue` outside of a loop");
      }
      return;
  }
}

}  // namespace incan::sema
