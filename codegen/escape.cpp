// Which closures escape the function that creates them (LANGUAGE.md 4.4).
//
// A closure that does not escape captures by reference: it reads the current
// value of the variables it uses and may change them. One that escapes captures
// copies made when it is created, since the locals it reads end with their
// function. The analysis is conservative: when it cannot tell, the closure copies.
//
// A value escapes when it is returned (from a function or from a closure body),
// stored (a field, an index, an element of a list/dict/set/tuple literal or a
// comprehension), passed to a method, a constructor or a library function (which
// may keep it), passed to a function whose result may hold a function (which may
// hand it back), or passed to an `async def` whose coroutine is not awaited at
// once (it may run after the caller returns). A local of function type escapes
// when any of its uses does; a closure bound to a local escapes when the local
// does; a function-typed local captured by an escaping closure escapes too. The
// facts propagate over these edges with a worklist, so the result does not
// depend on the order of the program's functions.
#include <unordered_map>
#include <utility>
#include <vector>

#include "codegen/codegen.h"

namespace incan::cg {
namespace {

using ast::ExprId;
using ast::ExprKind;
using ast::StmtId;
using ast::StmtKind;
using sema::LocalId;
using sema::TypeId;
using sema::TypeKind;

class EscapeAnalysis {
 public:
  explicit EscapeAnalysis(const sema::Program& p)
      : p_(p),
        m_(*p.module),
        lambda_escapes_(m_.exprs.size(), false),
        local_escapes_(p.locals.size(), false),
        local_sources_(p.locals.size()),
        holds_function_(p.types.all().size(), Unknown) {}

  std::vector<bool> run() {
    for (const ast::Function& f : m_.functions)
      for (StmtId s : f.body) stmt(s);
    while (!work_.empty()) {
      Node n = work_.back();
      work_.pop_back();
      if (n.is_lambda) {
        auto it = lambda_captures_.find(n.index);
        if (it != lambda_captures_.end())
          for (LocalId l : it->second) mark_local(l);
      } else {
        for (Node src : local_sources_[n.index]) src.is_lambda ? mark_lambda(src.index) : mark_local(LocalId{src.index});
      }
    }
    return std::move(lambda_escapes_);
  }

 private:
  struct Node {
    bool is_lambda;
    std::uint32_t index;  // ExprId (lambda) or LocalId
  };
  // Where a value goes: nowhere tracked, out of the function, or into a local.
  struct Sink {
    enum Kind { None, Escape, Local } kind;
    LocalId local;
  };
  static Sink none() { return {Sink::None, LocalId::invalid()}; }
  static Sink escape() { return {Sink::Escape, LocalId::invalid()}; }

  const ast::Expr& node(ExprId id) const { return m_.expr(id); }
  TypeId type(ExprId id) const { return p_.expr_types[id.index]; }

  void mark_lambda(std::uint32_t e) {
    if (lambda_escapes_[e]) return;
    lambda_escapes_[e] = true;
    work_.push_back({true, e});
  }
  void mark_local(LocalId l) {
    if (!l.is_valid() || local_escapes_[l.index]) return;
    local_escapes_[l.index] = true;
    work_.push_back({false, l.index});
  }
  // `src` flows into local `to`: when `to` escapes, so does `src`.
  void flow(Node src, LocalId to) {
    if (!to.is_valid()) return;
    if (local_escapes_[to.index]) {
      src.is_lambda ? mark_lambda(src.index) : mark_local(LocalId{src.index});
      return;
    }
    local_sources_[to.index].push_back(src);
  }

  LocalId name_local(ExprId id) const {
    const sema::NameRef& r = p_.names[id.index];
    return r.kind == sema::NameKind::Local ? r.local : LocalId::invalid();
  }

  // Whether a value of type `t` may contain a function (so a call returning it may
  // hand back a closure it was given). User types are followed through their fields
  // and payloads; a cycle counts as "no" for the types still being decided.
  enum Tri : std::uint8_t { Unknown, InProgress, No, Yes };
  bool holds_function(TypeId t) {
    if (!t.is_valid()) return false;
    Tri& state = holds_function_[t.index];
    if (state == No || state == InProgress) return false;
    if (state == Yes) return true;
    state = InProgress;
    const sema::Type& ty = p_.types.get(t);
    bool yes = ty.kind == TypeKind::Function || holds_function(ty.a) || holds_function(ty.b);
    for (TypeId e : ty.elems) yes = yes || holds_function(e);
    if (!yes && ty.kind == TypeKind::Named && ty.decl < p_.decls.size()) {
      const sema::DeclInfo& d = p_.decls[ty.decl];
      for (const sema::FieldInfo& f : d.fields) yes = yes || holds_function(f.type);
      for (const sema::VariantInfo& v : d.variants)
        for (TypeId pt : v.payload) yes = yes || holds_function(pt);
    }
    holds_function_[t.index] = yes ? Yes : No;
    return yes;
  }

  // An expression whose value goes to `sink`.
  void value(ExprId id, Sink sink) {
    if (!id.is_valid()) return;
    const ast::Expr& e = node(id);
    if (e.kind == ExprKind::Lambda) {
      if (sink.kind == Sink::Escape) mark_lambda(id.index);
      if (sink.kind == Sink::Local) flow({true, id.index}, sink.local);
      lambda(id);
      return;
    }
    if (e.kind == ExprKind::Name) {
      LocalId l = name_local(id);
      if (l.is_valid()) {
        captured(l);
        if (sink.kind == Sink::Escape) mark_local(l);
        if (sink.kind == Sink::Local) flow({false, l.index}, sink.local);
      }
      return;
    }
    walk(id, false);
  }

  // A name read inside closures: each enclosing closure captures it.
  void captured(LocalId l) {
    if (lambdas_.empty() || !holds_function(p_.locals[l.index].type)) return;
    for (ExprId lam : lambdas_) lambda_captures_[lam.index].push_back(l);
  }

  void lambda(ExprId id) {
    lambdas_.push_back(id);
    // The body's value is the closure's result: it leaves the closure's call.
    value(node(id).lhs, escape());
    lambdas_.pop_back();
  }

  void call(ExprId id, bool awaited) {
    const ast::Expr& e = node(id);
    const sema::CallInfo& info = p_.calls[id.index];
    bool keeps = true;  // the callee may keep its arguments
    TypeId result = type(id);
    switch (info.kind) {
      case sema::CallKind::Function:
      case sema::CallKind::Closure:
      case sema::CallKind::StaticMethod: {
        bool is_async = info.kind != sema::CallKind::Closure && info.function.is_valid() &&
                        m_.function(info.function).is_async;
        if (is_async && !awaited) break;
        if (is_async && result.is_valid() && p_.types.kind(result) == TypeKind::Awaitable)
          result = p_.types.get(result).a;
        keeps = holds_function(result);
        break;
      }
      default: break;
    }
    const ast::Expr& callee = node(e.lhs);
    if (callee.kind == ExprKind::Name) {
      LocalId l = name_local(e.lhs);
      if (l.is_valid()) captured(l);  // calling a closure local reads it
    } else {
      walk(e.lhs, false);
    }
    for (const ast::Arg& a : e.args) value(a.value, keeps ? escape() : none());
  }

  // An expression in a position that does not carry its value anywhere tracked.
  void walk(ExprId id, bool awaited) {
    if (!id.is_valid()) return;
    const ast::Expr& e = node(id);
    switch (e.kind) {
      case ExprKind::Name:
      case ExprKind::Lambda: value(id, none()); return;
      case ExprKind::Call: call(id, awaited); return;
      case ExprKind::Await: walk(e.lhs, true); return;
      case ExprKind::List:
      case ExprKind::Tuple:
      case ExprKind::Dict:
      case ExprKind::Set:
        for (ExprId el : e.elements) value(el, escape());
        return;
      case ExprKind::ListComp:
      case ExprKind::DictComp:
        walk(e.lhs, false);
        walk(e.rhs, false);
        for (ExprId el : e.elements) value(el, escape());
        return;
      case ExprKind::FString:
        for (const ast::FStringPiece& piece : e.pieces)
          if (piece.is_expr) walk(piece.expr, false);
        return;
      case ExprKind::Loop:
        if (e.stmt.is_valid()) stmt(e.stmt);
        return;
      default:
        walk(e.lhs, false);
        walk(e.rhs, false);
        for (ExprId el : e.elements) walk(el, false);
        for (const ast::Arg& a : e.args) walk(a.value, false);
        return;
    }
  }

  void block(const std::vector<StmtId>& body) {
    for (StmtId s : body) stmt(s);
  }

  void stmt(StmtId id) {
    const ast::Stmt& s = m_.stmt(id);
    switch (s.kind) {
      case StmtKind::Assign: {
        LocalId l = id.index < p_.stmt_locals.size() ? p_.stmt_locals[id.index] : LocalId::invalid();
        if (l.is_valid() && node(s.target).kind == ExprKind::Name) {
          value(s.value, {Sink::Local, l});
        } else {
          walk(s.target, false);
          value(s.value, escape());  // stored in a field or an element
        }
        return;
      }
      case StmtKind::Return:
      case StmtKind::Break:  // a loop's value leaves with it
        value(s.value, escape());
        return;
      default: break;
    }
    walk(s.target, false);
    walk(s.value, false);
    walk(s.cond, false);
    block(s.body);
    block(s.else_body);
    for (const ast::MatchArm& arm : s.arms) {
      walk(arm.guard, false);
      block(arm.body);
    }
  }

  const sema::Program& p_;
  const ast::Module& m_;
  std::vector<bool> lambda_escapes_;
  std::vector<bool> local_escapes_;
  std::unordered_map<std::uint32_t, std::vector<LocalId>> lambda_captures_;  // by lambda ExprId: function locals it reads
  std::vector<std::vector<Node>> local_sources_;       // by LocalId: what was assigned to it
  std::vector<Tri> holds_function_;                    // by TypeId
  std::vector<ExprId> lambdas_;                        // the closures being walked, innermost last
  std::vector<Node> work_;
};

}  // namespace

std::vector<bool> find_escaping_closures(const sema::Program& program) {
  return EscapeAnalysis(program).run();
}

}  // namespace incan::cg
