// Patterns (LANGUAGE.md 8): typing, bindings, and exhaustiveness of `match`.
#include <algorithm>

#include "typecheck/checker_impl.h"

namespace incan::sema {

void Checker::collect_binding_names(ast::PatternId id, std::vector<std::string>& out) const {
  const ast::Pattern& p = m_.pattern(id);
  if (p.kind == ast::PatternKind::Binding) out.push_back(p.name);
  if (p.kind == ast::PatternKind::Or) {
    if (!p.subpatterns.empty()) collect_binding_names(p.subpatterns.front(), out);
    return;
  }
  for (ast::PatternId sub : p.subpatterns) collect_binding_names(sub, out);
}

void Checker::check_pattern(ast::PatternId id, TypeId type) {
  const ast::Pattern& p = m_.pattern(id);
  TypeStore& ts = p_.types;
  p_.pattern_types[id.index] = type;
  auto mismatch = [&](const std::string& what) {
    if (!ts.is_error(type))
      error(DiagKind::PatternMismatch, p.span, "pattern " + what + " cannot match a value of type " + tname(type));
  };
  switch (p.kind) {
    case ast::PatternKind::Error:
    case ast::PatternKind::Wildcard: return;
    case ast::PatternKind::Binding:
      p_.pattern_locals[id.index] = declare_local(p.name, type, false, false, p.span);
      return;
    case ast::PatternKind::Literal: {
      TypeId t = check_expr(p.value);
      if (!compatible(type, t) && !(ts.is_numeric(type) && ts.is_numeric(t))) mismatch("of type " + tname(t));
      return;
    }
    case ast::PatternKind::Ctor: {
      const Type& ty = ts.get(type);
      std::size_t arity = p.name == "None" ? 0 : 1;
      TypeId inner = ts.error();
      bool ok = false;
      if (p.name == "Some" || p.name == "None") {
        ok = ty.kind == TypeKind::Option;
        if (ok) inner = ty.a;
      } else if (p.name == "Ok" || p.name == "Err") {
        ok = ty.kind == TypeKind::Result;
        if (ok) inner = p.name == "Ok" ? ty.a : ty.b;
      }
      if (!ok) {
        mismatch("`" + p.name + (arity ? "(...)`" : "`"));
        for (ast::PatternId sub : p.subpatterns) check_pattern(sub, ts.error());
        return;
      }
      if (p.subpatterns.size() != arity) {
        error(DiagKind::PatternMismatch, p.span,
              "`" + p.name + "` takes " + std::to_string(arity) + " subpattern" + (arity == 1 ? "" : "s") + ", found " +
                  std::to_string(p.subpatterns.size()));
        for (ast::PatternId sub : p.subpatterns) check_pattern(sub, ts.error());
        return;
      }
      for (ast::PatternId sub : p.subpatterns) check_pattern(sub, inner);
      return;
    }
    case ast::PatternKind::Tuple: {
      const Type& ty = ts.get(type);
      if (ty.kind != TypeKind::Tuple || ty.elems.size() != p.subpatterns.size()) {
        mismatch("of " + std::to_string(p.subpatterns.size()) + " elements");
        for (ast::PatternId sub : p.subpatterns) check_pattern(sub, ts.error());
        return;
      }
      for (std::size_t i = 0; i < p.subpatterns.size(); ++i) check_pattern(p.subpatterns[i], ty.elems[i]);
      return;
    }
    case ast::PatternKind::Or: {
      // The first alternative binds into the arm's scope; the others are checked
      // in a scratch scope and must bind the same names.
      std::vector<std::string> first;
      collect_binding_names(p.subpatterns.front(), first);
      std::sort(first.begin(), first.end());
      check_pattern(p.subpatterns.front(), type);
      for (std::size_t i = 1; i < p.subpatterns.size(); ++i) {
        std::vector<std::string> names;
        collect_binding_names(p.subpatterns[i], names);
        std::sort(names.begin(), names.end());
        push_scope();
        check_pattern(p.subpatterns[i], type);
        pop_scope();
        if (names != first) {
          error(DiagKind::AlternationBindings, m_.pattern(p.subpatterns[i]).span,
                "every alternative of `|` must bind the same names")
              .hint = "bind nothing in the alternatives (use `_`), or split them into separate arms";
          return;
        }
      }
      return;
    }
  }
}

namespace {

// Exhaustiveness by the usefulness algorithm: a row of patterns per unguarded
// arm; an invalid PatternId is a wildcard. Types with finitely many constructors
// (bool, Option, Result, tuples) are split by constructor; others (int, str,
// float) are covered only by a wildcard or binding.
struct Exhaustiveness {
  const ast::Module& m;
  TypeStore& ts;

  bool is_wild(ast::PatternId id) const {
    if (!id.is_valid()) return true;
    auto k = m.pattern(id).kind;
    return k == ast::PatternKind::Wildcard || k == ast::PatternKind::Binding || k == ast::PatternKind::Error;
  }

  // Constructors of `type`: name and argument types. Empty: not enumerable.
  std::vector<std::pair<std::string, std::vector<TypeId>>> ctors(TypeId type) const {
    const Type& t = ts.get(type);
    switch (t.kind) {
      case TypeKind::Bool: return {{"true", {}}, {"false", {}}};
      case TypeKind::Option: return {{"Some", {t.a}}, {"None", {}}};
      case TypeKind::Result: return {{"Ok", {t.a}}, {"Err", {t.b}}};
      case TypeKind::Tuple: return {{"()", t.elems}};
      default: return {};
    }
  }

  // The constructor name at the head of a non-wild pattern.
  std::string head(ast::PatternId id) const {
    const ast::Pattern& p = m.pattern(id);
    if (p.kind == ast::PatternKind::Tuple) return "()";
    if (p.kind == ast::PatternKind::Ctor) return p.name;
    if (p.kind == ast::PatternKind::Literal) {
      const ast::Expr& e = m.expr(p.value);
      if (e.kind == ast::ExprKind::BoolLit) return e.bool_value ? "true" : "false";
    }
    return "";  // a literal of an infinite type
  }

  using Row = std::vector<ast::PatternId>;

  // Expands or-patterns in the first column.
  std::vector<Row> expand(const std::vector<Row>& rows) const {
    std::vector<Row> out;
    for (const Row& r : rows) {
      if (!r.empty() && r[0].is_valid() && m.pattern(r[0]).kind == ast::PatternKind::Or) {
        for (ast::PatternId alt : m.pattern(r[0]).subpatterns) {
          Row copy = r;
          copy[0] = alt;
          for (const Row& e : expand({copy})) out.push_back(e);
        }
      } else {
        out.push_back(r);
      }
    }
    return out;
  }

  // Is a wildcard row useful against `rows`? Fills `witness` with the missing case.
  bool useful(const std::vector<Row>& in, const std::vector<TypeId>& types, std::string* witness, int depth = 0) {
    if (types.empty()) return in.empty();
    if (depth > 64) return false;  // deep nesting: give up rather than blow up
    std::vector<Row> rows = expand(in);
    auto cs = ctors(types[0]);
    if (cs.empty()) {
      std::vector<Row> rest;
      for (const Row& r : rows)
        if (is_wild(r[0])) rest.emplace_back(r.begin() + 1, r.end());
      std::vector<TypeId> tail(types.begin() + 1, types.end());
      if (useful(rest, tail, nullptr, depth + 1)) {
        if (witness) *witness = "`_`";
        return true;
      }
      return false;
    }
    for (const auto& [name, args] : cs) {
      std::vector<Row> spec;
      for (const Row& r : rows) {
        Row s;
        if (is_wild(r[0])) {
          s.assign(args.size(), ast::PatternId::invalid());
        } else if (head(r[0]) == name) {
          const ast::Pattern& p = m.pattern(r[0]);
          s = p.subpatterns;
          s.resize(args.size(), ast::PatternId::invalid());
        } else {
          continue;
        }
        s.insert(s.end(), r.begin() + 1, r.end());
        spec.push_back(std::move(s));
      }
      std::vector<TypeId> sub = args;
      sub.insert(sub.end(), types.begin() + 1, types.end());
      if (useful(spec, sub, nullptr, depth + 1)) {
        if (witness) *witness = name == "()" ? "a tuple case" : "`" + name + (args.empty() ? "`" : "(_)`");
        return true;
      }
    }
    return false;
  }
};

}  // namespace

std::string Checker::missing_case(const std::vector<ast::PatternId>& rows, TypeId type) {
  Exhaustiveness ex{m_, p_.types};
  std::vector<Exhaustiveness::Row> matrix;
  for (ast::PatternId p : rows) matrix.push_back({p});
  std::string witness;
  if (ex.useful(matrix, {type}, &witness)) return witness.empty() ? "`_`" : witness;
  return "";
}

void Checker::check_match(StmtId id) {
  const ast::Stmt& s = stmt(id);
  TypeId subject = check_expr(s.value);
  std::vector<ast::PatternId> unguarded;
  for (const ast::MatchArm& arm : s.arms) {
    push_scope();
    check_pattern(arm.pattern, subject);
    if (arm.guard.is_valid()) {
      TypeId g = check_expr(arm.guard, p_.types.bool_());
      if (!p_.types.is_error(g) && g != p_.types.bool_())
        error(DiagKind::ConditionNotBool, expr(arm.guard).span, "guard must be `bool`, found " + tname(g));
    } else {
      unguarded.push_back(arm.pattern);
    }
    check_block(arm.body);
    pop_scope();
  }
  if (p_.types.contains_error(subject)) return;
  std::string missing = missing_case(unguarded, subject);
  if (!missing.empty()) {
    error(DiagKind::NotExhaustive, s.span, "non-exhaustive match: " + missing + " is not covered")
        .hint = "add an arm for it, or a final `_` arm";
  }
}

void Checker::check_let_pattern(StmtId id) {
  const ast::Stmt& s = stmt(id);
  TypeId subject = check_expr(s.value);
  push_scope();
  check_pattern(s.pattern, subject);
  if (s.kind == ast::StmtKind::WhileLet) enter_loop(false);
  check_block(s.body);
  if (s.kind == ast::StmtKind::WhileLet) leave_loop();
  pop_scope();
}

}  // namespace incan::sema
