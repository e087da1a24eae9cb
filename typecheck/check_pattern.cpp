// Patterns (LANGUAGE.md 8): typing, bindings, and exhaustiveness of `match`.
#include <algorithm>

#include "typecheck/checker_impl.h"

namespace incan::sema {

void Checker::collect_bindings(ast::PatternId id, std::vector<std::pair<std::string, TypeId>>& out) const {
  const ast::Pattern& p = m_.pattern(id);
  if (p.kind == ast::PatternKind::Binding && p_.pattern_variants[id.index] < 0) {
    sema::LocalId local = p_.pattern_locals[id.index];
    out.emplace_back(p.name, local.is_valid() ? p_.local(local).type : p_.types.error());
  }
  if (p.kind == ast::PatternKind::Or) {
    if (!p.subpatterns.empty()) collect_bindings(p.subpatterns.front(), out);
    return;
  }
  for (ast::PatternId sub : p.subpatterns) collect_bindings(sub, out);
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
      if (ts.kind(type) == TypeKind::Named) {
        // A bare unit variant of the subject's enum (`NotFound`) is a variant pattern.
        const DeclInfo& info = p_.decls[ts.get(type).decl];
        int v = info.find_variant(p.name);
        if (v >= 0 && info.variants[v].payload.empty()) {
          p_.pattern_variants[id.index] = v;
          return;
        }
      }
      p_.pattern_locals[id.index] = declare_local(p.name, type, false, false, p.span);
      return;
    case ast::PatternKind::Literal: {
      TypeId t = check_expr(p.value);
      if (!compatible(type, t) && !(ts.is_numeric(type) && ts.is_numeric(t))) mismatch("of type " + tname(t));
      return;
    }
    case ast::PatternKind::Ctor: {
      const Type& ty = ts.get(type);
      bool builtin_ctor = p.name == "Some" || p.name == "None" || p.name == "Ok" || p.name == "Err";
      if (auto lvs = ts.lib_variants(type); !lvs.empty()) {
        // A library enum: `Completed(v)` or `TimeoutJoinOutcome.Completed(v)`.
        std::string name = p.name, enum_name = lib_type_info(static_cast<LibType>(ty.decl)).name;
        if (name.rfind(enum_name + ".", 0) == 0) name = name.substr(enum_name.size() + 1);
        for (const TypeStore::LibVariant& lv : lvs) {
          if (name != lv.name) continue;
          if (p.subpatterns.size() != lv.payload.size()) {
            error(DiagKind::PatternMismatch, p.span,
                  "variant `" + enum_name + "." + name + "` has " + std::to_string(lv.payload.size()) +
                      " value, the pattern has " + std::to_string(p.subpatterns.size()));
            for (ast::PatternId sub : p.subpatterns) check_pattern(sub, ts.error());
            return;
          }
          for (std::size_t i = 0; i < lv.payload.size(); ++i) check_pattern(p.subpatterns[i], lv.payload[i]);
          return;
        }
        std::string names;
        for (const TypeStore::LibVariant& lv : lvs) names += (names.empty() ? "`" : ", `") + std::string(lv.name) + "`";
        error(DiagKind::UnknownVariant, p.span, "`" + enum_name + "` has no variant `" + name + "`").hint =
            "its variants are " + names;
        for (ast::PatternId sub : p.subpatterns) check_pattern(sub, ts.error());
        return;
      }
      if (!builtin_ctor) {
        check_variant_pattern(id, type);
        return;
      }
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
      // Names are collected after checking: a bare unit variant is not a binding.
      using Bindings = std::vector<std::pair<std::string, TypeId>>;
      Bindings first;
      check_pattern(p.subpatterns.front(), type);
      collect_bindings(p.subpatterns.front(), first);
      auto by_name = [](const auto& x, const auto& y) { return x.first < y.first; };
      std::sort(first.begin(), first.end(), by_name);
      for (std::size_t i = 1; i < p.subpatterns.size(); ++i) {
        Bindings names;
        push_scope();
        check_pattern(p.subpatterns[i], type);
        pop_scope();
        collect_bindings(p.subpatterns[i], names);
        std::sort(names.begin(), names.end(), by_name);
        bool same_names = names.size() == first.size();
        for (std::size_t k = 0; same_names && k < names.size(); ++k) same_names = names[k].first == first[k].first;
        if (!same_names) {
          error(DiagKind::AlternationBindings, m_.pattern(p.subpatterns[i]).span,
                "every alternative of `|` must bind the same names")
              .hint = "bind nothing in the alternatives (use `_`), or split them into separate arms";
          return;
        }
        for (std::size_t k = 0; k < names.size(); ++k) {
          TypeId a = first[k].second, b = names[k].second;
          if (a == b || p_.types.contains_error(a) || p_.types.contains_error(b)) continue;
          error(DiagKind::AlternationBindings, m_.pattern(p.subpatterns[i]).span,
                "`" + names[k].first + "` is " + tname(a) + " in the first alternative of `|` but " + tname(b) +
                    " here")
              .hint = "every alternative must bind each name with the same type; split them into separate arms";
          return;
        }
      }
      return;
    }
  }
}

void Checker::check_variant_pattern(ast::PatternId id, TypeId type) {
  const ast::Pattern& p = m_.pattern(id);
  TypeStore& ts = p_.types;
  auto skip_subpatterns = [&] {
    for (ast::PatternId sub : p.subpatterns) check_pattern(sub, ts.error());
  };
  std::string qualifier, name = p.name;
  if (std::size_t dot = p.name.rfind('.'); dot != std::string::npos) {
    qualifier = p.name.substr(0, dot);
    name = p.name.substr(dot + 1);
  }
  bool is_enum = ts.kind(type) == TypeKind::Named && m_.decl(ast::TypeDeclId(ts.get(type).decl)).kind == ast::DeclKind::Enum;
  if (!is_enum || (!qualifier.empty() && qualifier != m_.decl(ast::TypeDeclId(ts.get(type).decl)).name)) {
    if (!ts.is_error(type)) {
      if (!qualifier.empty() && !decls_.count(qualifier) && !is_enum) {
        error(DiagKind::UnknownType, p.span, "unknown enum `" + qualifier + "`");
      } else {
        error(DiagKind::PatternMismatch, p.span,
              "pattern `" + p.name + "` cannot match a value of type " + tname(type));
      }
    }
    skip_subpatterns();
    return;
  }
  const ast::TypeDecl& d = m_.decl(ast::TypeDeclId(ts.get(type).decl));
  const DeclInfo& info = p_.decls[ts.get(type).decl];
  int v = info.find_variant(name);
  if (v < 0) {
    unknown_variant(ast::TypeDeclId(ts.get(type).decl), name, p.span);
    skip_subpatterns();
    return;
  }
  const VariantInfo& vi = info.variants[v];
  if (p.subpatterns.size() != vi.payload.size()) {
    error(DiagKind::PatternMismatch, p.span,
          "variant `" + d.name + "." + name + "` has " + std::to_string(vi.payload.size()) + " value" +
              (vi.payload.size() == 1 ? "" : "s") + ", the pattern has " + std::to_string(p.subpatterns.size()));
    skip_subpatterns();
    return;
  }
  p_.pattern_variants[id.index] = v;
  for (std::size_t i = 0; i < vi.payload.size(); ++i) check_pattern(p.subpatterns[i], vi.payload[i]);
}

namespace {

// Exhaustiveness by the usefulness algorithm: a row of patterns per unguarded
// arm; an invalid PatternId is a wildcard. Types with finitely many constructors
// (bool, Option, Result, tuples) are split by constructor; others (int, str,
// float) are covered only by a wildcard or binding.
struct Exhaustiveness {
  const ast::Module& m;
  TypeStore& ts;
  const Program& p;

  bool is_wild(ast::PatternId id) const {
    if (!id.is_valid()) return true;
    auto k = m.pattern(id).kind;
    if (k == ast::PatternKind::Binding && p.pattern_variants[id.index] >= 0) return false;
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
      case TypeKind::Named: {
        const DeclInfo& info = p.decls[t.decl];
        std::vector<std::pair<std::string, std::vector<TypeId>>> out;
        for (const VariantInfo& v : info.variants) out.push_back({v.name, v.payload});
        return out;
      }
      case TypeKind::Lib: {
        std::vector<std::pair<std::string, std::vector<TypeId>>> out;
        for (const TypeStore::LibVariant& v : ts.lib_variants(type)) out.push_back({v.name, v.payload});
        return out;
      }
      default: return {};
    }
  }

  // The constructor name at the head of a non-wild pattern.
  std::string head(ast::PatternId id) const {
    const ast::Pattern& pat = m.pattern(id);
    if (p.pattern_variants[id.index] >= 0) {
      const Type& t = ts.get(p.pattern_types[id.index]);
      return p.decls[t.decl].variants[p.pattern_variants[id.index]].name;
    }
    if (pat.kind == ast::PatternKind::Tuple) return "()";
    if (pat.kind == ast::PatternKind::Ctor) {
      // A qualified library variant (`TimeoutJoinOutcome.TimedOut`): the bare name.
      TypeId t = p.pattern_types[id.index];
      if (ts.get(t).kind == TypeKind::Lib) return pat.name.substr(pat.name.rfind('.') + 1);
      return pat.name;
    }
    if (pat.kind == ast::PatternKind::Literal) {
      const ast::Expr& e = m.expr(pat.value);
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

  static std::string describe(const std::string& name, const std::vector<TypeId>& args) {
    return name == "()" ? "a tuple case" : "`" + name + (args.empty() ? "`" : "(_)`");
  }

  // Is a wildcard row useful against `rows`? Fills `witness` with the missing case.
  //
  // Maranget's algorithm: when the first column's constructor heads cover every
  // constructor of its type, each constructor is specialised in turn; otherwise only
  // the default matrix (the rows whose first pattern is a wildcard) is searched, and
  // a missing constructor is the witness. A column of wildcards is thus dropped, not
  // expanded into its constructors' fields, so recursive types (`B(E, E)`) terminate:
  // every specialisation consumes one level of some row's pattern.
  bool useful(const std::vector<Row>& in, const std::vector<TypeId>& types, std::string* witness, int depth = 0) {
    if (types.empty()) return in.empty();
    if (depth > 4096) return false;  // unreachable with parser-bounded pattern nesting
    std::vector<Row> rows = expand(in);
    auto cs = ctors(types[0]);
    std::vector<std::string> heads;
    for (const Row& r : rows)
      if (!is_wild(r[0])) heads.push_back(head(r[0]));
    const std::pair<std::string, std::vector<TypeId>>* missing = nullptr;
    for (const auto& c : cs)
      if (std::find(heads.begin(), heads.end(), c.first) == heads.end()) {
        missing = &c;
        break;
      }
    if (cs.empty() || missing) {
      std::vector<Row> rest;
      for (const Row& r : rows)
        if (is_wild(r[0])) rest.emplace_back(r.begin() + 1, r.end());
      std::vector<TypeId> tail(types.begin() + 1, types.end());
      if (!useful(rest, tail, nullptr, depth + 1)) return false;
      if (witness) *witness = missing ? describe(missing->first, missing->second) : "`_`";
      return true;
    }
    for (const auto& [name, args] : cs) {
      std::vector<Row> spec;
      for (const Row& r : rows) {
        Row s;
        if (is_wild(r[0])) {
          s.assign(args.size(), ast::PatternId::invalid());
        } else if (head(r[0]) == name) {
          s = m.pattern(r[0]).subpatterns;
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
        if (witness) *witness = describe(name, args);
        return true;
      }
    }
    return false;
  }
};

}  // namespace

std::string Checker::missing_case(const std::vector<ast::PatternId>& rows, TypeId type) {
  Exhaustiveness ex{m_, p_.types, p_};
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
  bool pattern_errors = false;
  MoveFlags::Mark at_match = moved_.mark();
  std::vector<std::uint32_t> moved_in_arms;  // moved at the end of an arm that falls through
  for (const ast::MatchArm& arm : s.arms) {
    moved_.rewind(at_match);
    push_scope();
    std::size_t before = diags_.error_count();
    check_pattern(arm.pattern, subject);
    pattern_errors = pattern_errors || diags_.error_count() != before;
    if (arm.guard.is_valid()) {
      TypeId g = check_expr(arm.guard, p_.types.bool_());
      if (!p_.types.is_error(g) && g != p_.types.bool_())
        error(DiagKind::ConditionNotBool, expr(arm.guard).span, "guard must be `bool`, found " + tname(g));
    } else {
      unguarded.push_back(arm.pattern);
    }
    check_block(arm.body);
    pop_scope();
    if (!always_returns(arm.body)) {
      for (const auto& [local, moved] : moved_.since(at_match))
        if (moved) moved_in_arms.push_back(local);
    }
  }
  moved_.rewind(at_match);
  for (std::uint32_t local : moved_in_arms) moved_.set(local, true);
  if (p_.types.contains_error(subject) || pattern_errors) return;  // no cascade after a bad pattern
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
