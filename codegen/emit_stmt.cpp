// Statements: bindings, assignment, control flow, loops.
#include "codegen/emitter.h"
#include "codegen/names.h"

namespace incan::cg {

namespace {

// True if `body` may change local `target` in place or rebind it (so a loop over
// it must iterate over a snapshot, and a loop variable cannot be a reference).
}  // namespace

bool mutates_local(const sema::Program& p, const std::vector<StmtId>& body, sema::LocalId target,
                   const std::vector<ExprId>& extra_exprs) {
  const ast::Module& m = *p.module;
  auto root_is_target = [&](ExprId e) {
    while (m.expr(e).kind == ast::ExprKind::Index || m.expr(e).kind == ast::ExprKind::Member) e = m.expr(e).lhs;
    return m.expr(e).kind == ast::ExprKind::Name && p.names[e.index].kind == sema::NameKind::Local &&
           p.names[e.index].local == target;
  };
  std::vector<ExprId> exprs;
  for (ExprId e : extra_exprs)
    if (e.is_valid()) exprs.push_back(e);
  std::vector<StmtId> stmts(body.begin(), body.end());
  while (!stmts.empty()) {
    const ast::Stmt& s = m.stmt(stmts.back());
    StmtId sid = stmts.back();
    stmts.pop_back();
    if ((s.kind == ast::StmtKind::Assign && !p.stmt_declares[sid.index]) || s.kind == ast::StmtKind::CompoundAssign) {
      if (root_is_target(s.target)) return true;
    }
    for (ExprId e : {s.target, s.value, s.cond})
      if (e.is_valid()) exprs.push_back(e);
    stmts.insert(stmts.end(), s.body.begin(), s.body.end());
    stmts.insert(stmts.end(), s.else_body.begin(), s.else_body.end());
    for (const ast::MatchArm& arm : s.arms) {
      stmts.insert(stmts.end(), arm.body.begin(), arm.body.end());
      if (arm.guard.is_valid()) exprs.push_back(arm.guard);
    }
  }
  // Any mutating method call on the target, or passing it as an in-out argument.
  while (!exprs.empty()) {
    const ast::Expr& e = m.expr(exprs.back());
    ExprId eid = exprs.back();
    exprs.pop_back();
    if (e.kind == ast::ExprKind::Call) {
      const sema::CallInfo& call = p.calls[eid.index];
      if (call.kind == sema::CallKind::Method && root_is_target(m.expr(e.lhs).lhs)) {
        switch (call.method) {
#define INCAN_METHOD(kind, receiver, name, mutates) \
  case sema::Method::kind:                          \
    if (mutates) return true;                       \
    break;
#include "typecheck/methods.def"
        }
      }
      if (call.kind == sema::CallKind::UserMethod && root_is_target(m.expr(e.lhs).lhs) &&
          m.function(call.function).receiver == ast::Receiver::MutSelf)
        return true;
      if (call.kind == sema::CallKind::Function || call.kind == sema::CallKind::UserMethod ||
          call.kind == sema::CallKind::StaticMethod) {
        const ast::Function& f = m.function(call.function);
        for (std::size_t i = 0; i < f.params.size(); ++i)
          if (f.params[i].is_mut && call.arg_for_param[i] >= 0 && root_is_target(e.args[call.arg_for_param[i]].value))
            return true;
      }
    }
    for (ExprId c : {e.lhs, e.rhs})
      if (c.is_valid()) exprs.push_back(c);
    for (ExprId c : e.elements)
      if (c.is_valid()) exprs.push_back(c);  // a slice's absent parts are invalid
    for (const ast::Arg& a : e.args)
      if (a.value.is_valid()) exprs.push_back(a.value);
    for (const ast::FStringPiece& piece : e.pieces)
      if (piece.is_expr) exprs.push_back(piece.expr);
  }
  return false;
}

namespace {

bool is_scalar(TypeKind k) { return k == TypeKind::Int || k == TypeKind::Float || k == TypeKind::Bool; }

}  // namespace

void Emitter::flush_prelude(std::vector<std::string>& prelude) {
  for (const std::string& s : prelude) line(s);
  prelude.clear();
}

void Emitter::emit_block(const std::vector<StmtId>& body) {
  for (StmtId s : body) emit_stmt(s);
}

void Emitter::emit_if(StmtId id, bool as_else_if) {
  const ast::Stmt& s = m_.stmt(id);
  std::vector<std::string> pre;
  prelude_ = &pre;
  std::string cond = expr(s.cond);
  prelude_ = nullptr;
  if (as_else_if && !pre.empty()) {
    // The condition needs statements first: nest it inside `else { ... }`.
    line("} else {");
    ++indent_;
    emit_line_directive(s.span);
    flush_prelude(pre);
    emit_if_tail(id, cond, false);
    --indent_;
    return;
  }
  flush_prelude(pre);
  emit_if_tail(id, cond, as_else_if);
}

void Emitter::emit_if_tail(StmtId id, const std::string& cond, bool as_else_if) {
  const ast::Stmt& s = m_.stmt(id);
  line(as_else_if ? "} else if (" + cond + ") {" : "if (" + cond + ") {");
  ++indent_;
  emit_block(s.body);
  --indent_;
  if (s.has_else) {
    const ast::Stmt* nested = s.else_body.size() == 1 ? &m_.stmt(s.else_body[0]) : nullptr;
    if (nested && nested->kind == ast::StmtKind::If && nested->is_elif) {
      emit_if(s.else_body[0], true);
      if (as_else_if) return;
    } else {
      line("} else {");
      ++indent_;
      emit_block(s.else_body);
      --indent_;
    }
  }
  if (!as_else_if) line("}");
}

void Emitter::emit_assert(StmtId id) {
  const ast::Stmt& s = m_.stmt(id);
  const ast::Expr& c = node(s.cond);
  std::string message = "{}";
  auto message_arg = [&]() {
    if (!s.value.is_valid()) return std::string("{}");
    return value(s.value);
  };
  if (c.kind == ast::ExprKind::Binary && (c.op == ast::Op::Eq || c.op == ast::Op::Ne)) {
    // `assert a == b` reports `left != right` (and `!=` the reverse), as the reference does.
    std::vector<std::string> ops = ordered({c.lhs, c.rhs});
    std::string l = temp(), r = temp();
    flush_prelude(*prelude_);
    line("{");
    ++indent_;
    line("const auto& " + l + " = " + ops[0] + ";");
    line("const auto& " + r + " = " + ops[1] + ";");
    bool eq = c.op == ast::Op::Eq;
    std::vector<std::string> pre;
    prelude_ = &pre;
    std::string msg = message_arg();
    prelude_ = nullptr;
    line("if (" + l + (eq ? " != " : " == ") + r + ") {");
    ++indent_;
    flush_prelude(pre);
    line(std::string("incan::assertion_failed(") + msg + ", " + (eq ? "\"left != right\"" : "\"left == right\"") + ");");
    --indent_;
    line("}");
    --indent_;
    line("}");
    return;
  }
  std::string cond = expr(s.cond);
  flush_prelude(*prelude_);
  line("if (!" + cond + ") {");
  ++indent_;
  std::vector<std::string> pre;
  prelude_ = &pre;
  std::string msg = message_arg();
  prelude_ = nullptr;
  flush_prelude(pre);
  line("incan::assertion_failed(" + msg + ");");
  --indent_;
  line("}");
  (void)message;
}

void Emitter::emit_for(StmtId id) {
  const ast::Stmt& s = m_.stmt(id);
  std::string iterable = expr(s.value);
  flush_prelude(*prelude_);
  prelude_ = nullptr;
  TypeId iter_type = type(s.value);
  const ast::Expr& iter_node = node(s.value);
  std::string source = iterable;
  switch (kind(iter_type)) {
    case TypeKind::Str: source = "incan::str_chars(" + iterable + ")"; break;
    case TypeKind::Dict: source = "incan::iter_keys(" + iterable + ")"; break;  // a snapshot of the keys
    case TypeKind::Set: source = "incan::iter_set(" + iterable + ")"; break;
    case TypeKind::List:
      if (iter_node.kind == ast::ExprKind::Name && p_.names[s.value.index].kind == sema::NameKind::Local &&
          mutates_local(p_, s.body, p_.names[s.value.index].local)) {
        // The body changes the list: iterate over a snapshot (LANGUAGE.md 6.6).
        std::string snap = temp();
        line("const auto " + snap + " = " + iterable + ";");
        source = snap;
      }
      break;
    default: break;
  }
  const std::vector<sema::LocalId>& vars = p_.for_locals[id.index];
  if (vars.size() > 1) {
    // Tuple targets: bind each element by value (the loop variables are copies).
    std::string item = temp();
    line("for (const auto& " + item + " : " + source + ") {");
    ++indent_;
    for (std::size_t i = 0; i < vars.size(); ++i)
      line(cpp_type(p_.local(vars[i]).type) + " " + local_name(vars[i]) + " = std::get<" + std::to_string(i) + ">(" +
           item + ");");
  } else {
    sema::LocalId var = vars.front();
    TypeId item = p_.local(var).type;
    std::string name = local_name(var);
    bool by_value = is_scalar(kind(item)) || mutates_local(p_, s.body, var);
    std::string decl = by_value ? cpp_type(item) + " " + name : "const " + cpp_type(item) + "& " + name;
    // Move-only elements (handles, guards): the loop consumes them in place.
    if (p_.types.is_move_only(item)) decl = cpp_type(item) + "& " + name;
    line("for (" + decl + " : " + source + ") {");
    ++indent_;
  }
  emit_block(s.body);
  --indent_;
  line("}");
}

void Emitter::emit_stmt(StmtId id) {
  // Guards and permits held only by a statement's temporaries are released when the
  // statement ends (LANGUAGE.md 4.5), not when the enclosing C++ block does.
  std::vector<std::string> saved_guards = std::move(guard_temps_);
  guard_temps_.clear();
  emit_stmt_inner(id);
  for (const std::string& t : guard_temps_) line("{ auto released_ = std::move(" + t + "); }");
  guard_temps_ = std::move(saved_guards);
}

void Emitter::emit_stmt_inner(StmtId id) {
  const ast::Stmt& s = m_.stmt(id);
  emit_line_directive(s.span);
  std::vector<std::string> pre;
  prelude_ = &pre;
  switch (s.kind) {
    case ast::StmtKind::Error:
    case ast::StmtKind::Pass: break;
    case ast::StmtKind::Expr: {
      const ast::Expr& e = node(s.value);
      std::string text;
      if (e.kind == ast::ExprKind::Await) {
        // A statement-level await needs no temporary.
        text = "co_await " + expr(e.lhs);
      } else {
        text = expr(s.value);
      }
      flush_prelude(pre);
      if (e.kind == ast::ExprKind::Call && kind(type(s.value)) == TypeKind::Awaitable) {
        line("(void)" + text + ";  // not awaited: the coroutine never runs");
      } else if (!text.empty()) {
        line(text + ";");
      }
      break;
    }
    case ast::StmtKind::Assign: {
      const ast::Expr& target = node(s.target);
      if (target.kind == ast::ExprKind::Name && target.text == "_" && !p_.stmt_locals[id.index].is_valid()) {
        std::string v = value(s.value);
        flush_prelude(pre);
        line("(void)" + v + ";");
        break;
      }
      if (target.kind == ast::ExprKind::Name) {
        sema::LocalId local = p_.stmt_locals[id.index];
        TypeId t = p_.local(local).type;
        std::string v;
        const ast::Expr& value_node = node(s.value);
        if (value_node.kind == ast::ExprKind::Await) {
          std::string operand = expr(value_node.lhs);
          v = kind(type(s.value)) == TypeKind::Unit ? "(co_await " + operand + ", incan::unit{})" : "co_await " + operand;
        } else {
          v = value(s.value);
        }
        flush_prelude(pre);
        if (p_.stmt_declares[id.index]) {
          line(cpp_type(t) + " " + local_name(local) + " = " + v + ";");
        } else {
          line(local_name(local) + " = " + v + ";");
        }
        break;
      }
      if (target.kind == ast::ExprKind::Index && kind(type(target.lhs)) == TypeKind::Dict) {
        // `d[k] = v` inserts or overwrites.
        std::vector<std::string> parts = ordered({target.lhs, target.rhs, s.value});
        flush_prelude(pre);
        line(parts[0] + ".set(" + parts[1] + ", " + parts[2] + ");");
        break;
      }
      // `xs[i] = v`: C++17 sequences the right side first, as Incan does.
      std::vector<std::string> parts = ordered({s.value, s.target});
      flush_prelude(pre);
      line(parts[1] + " = " + parts[0] + ";");
      break;
    }
    case ast::StmtKind::CompoundAssign: {
      TypeId place_type = type(s.target);
      TypeId value_type = type(s.value);
      std::string rhs = value(s.value);
      if (is_impure(s.value)) rhs = hoist(rhs, value_type);
      std::string place = expr(s.target);
      flush_prelude(pre);
      std::string ref = place;
      if (node(s.target).kind != ast::ExprKind::Name) {
        ref = temp();
        line("auto& " + ref + " = " + place + ";");
      }
      std::string result;
      TypeKind pk = kind(place_type);
      if (pk == TypeKind::Str) {
        line(ref + " += " + rhs + ";");
        break;
      }
      bool is_float = pk == TypeKind::Float;
      std::string a = ref, b = numeric(rhs, value_type, is_float);
      switch (s.op) {
        case ast::Op::Add: result = is_float ? a + " + " + b : "incan::iadd(" + a + ", " + b + ")"; break;
        case ast::Op::Sub: result = is_float ? a + " - " + b : "incan::isub(" + a + ", " + b + ")"; break;
        case ast::Op::Mul: result = is_float ? a + " * " + b : "incan::imul(" + a + ", " + b + ")"; break;
        case ast::Op::Div: result = "incan::true_div(" + a + ", " + numeric(rhs, value_type, true) + ")"; break;
        case ast::Op::FloorDiv: result = "incan::floordiv(" + a + ", " + b + ")"; break;
        case ast::Op::Mod: result = is_float ? "incan::fmod_py(" + a + ", " + b + ")" : "incan::imod(" + a + ", " + b + ")"; break;
        default: result = a; break;
      }
      line(ref + " = " + result + ";");
      break;
    }
    case ast::StmtKind::If:
      prelude_ = nullptr;
      emit_if(id, false);
      break;
    case ast::StmtKind::While: {
      std::vector<std::string> cond_pre;
      prelude_ = &cond_pre;
      std::string cond = expr(s.cond);
      prelude_ = nullptr;
      if (cond_pre.empty()) {
        line("while (" + cond + ") {");
        ++indent_;
      } else {
        line("while (true) {");
        ++indent_;
        flush_prelude(cond_pre);
        line("if (!(" + cond + ")) break;");
      }
      emit_block(s.body);
      --indent_;
      line("}");
      break;
    }
    case ast::StmtKind::For: {
      line("{");
      ++indent_;
      emit_for(id);
      --indent_;
      line("}");
      break;
    }
    case ast::StmtKind::Return: {
      const char* kw = fn_async_ ? "co_return" : "return";
      TypeId ret = p_.functions[fn_.index].return_type;
      if (!s.value.is_valid() || kind(ret) == TypeKind::Unit) {
        if (s.value.is_valid() && node(s.value).kind != ast::ExprKind::NoneLit) {
          std::string v = expr(s.value);
          flush_prelude(pre);
          line(v + ";");
        }
        line(std::string(kw) + ";");
        break;
      }
      std::string v = value(s.value);
      flush_prelude(pre);
      line(std::string(kw) + " " + v + ";");
      break;
    }
    case ast::StmtKind::Unpack: {
      std::string v = value(s.value);
      flush_prelude(pre);
      std::string t = temp();
      line("auto " + t + " = " + v + ";");
      const std::vector<sema::LocalId>& vars = p_.for_locals[id.index];
      for (std::size_t i = 0; i < vars.size(); ++i) {
        // Declared here exactly when the checker declared the local at this target (an
        // arm's body may be emitted once per alternative of its pattern).
        const Span& at = p_.local(vars[i]).span;
        bool declares = i < s.for_target_spans.size() && at.begin == s.for_target_spans[i].begin &&
                        at.end == s.for_target_spans[i].end;
        std::string name = local_name(vars[i]);
        std::string get = "std::get<" + std::to_string(i) + ">(std::move(" + t + "))";
        line(declares ? cpp_type(p_.local(vars[i]).type) + " " + name + " = " + get + ";" : name + " = " + get + ";");
      }
      break;
    }
    case ast::StmtKind::Match:
      prelude_ = nullptr;
      emit_match(id);
      break;
    case ast::StmtKind::IfLet:
    case ast::StmtKind::WhileLet:
      prelude_ = nullptr;
      emit_let_pattern(id);
      break;
    case ast::StmtKind::Break:
      if (s.value.is_valid() && !loop_values_.empty()) {
        std::string v = value(s.value);
        flush_prelude(pre);
        line(loop_values_.back() + ".emplace(" + v + ");");
      }
      line("break;");
      break;
    case ast::StmtKind::Loop: {
      // A `loop` statement has no value; hide any enclosing loop expression's target.
      std::vector<std::string> saved = std::move(loop_values_);
      loop_values_.clear();
      line("while (true) {");
      ++indent_;
      prelude_ = nullptr;
      emit_block(s.body);
      --indent_;
      line("}");
      loop_values_ = std::move(saved);
      break;
    }
    case ast::StmtKind::Assert:
      emit_assert(id);
      break;
    case ast::StmtKind::Continue: line("continue;"); break;
  }
  prelude_ = nullptr;
}

}  // namespace incan::cg
