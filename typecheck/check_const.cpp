// Module-level `const` declarations (LANGUAGE.md 5.11) and the Rust std constants a
// `rust::` import may name.
//
// A const's value is computed from literals, other consts, operators and list, dict,
// set and tuple literals of such values; anything else (a call, a local, an f-string)
// is ConstNotEvaluable at that sub-expression. Consts are checked, and later emitted,
// each after the consts it reads (a depth-first walk; reading one that is still being
// checked is a ConstCycle). A const is frozen: assigning to it and changing a const
// collection are ConstAssign (check_stmt.cpp, check_mutable_root).
#include <string>
#include <vector>

#include "typecheck/checker_impl.h"

namespace incan::sema {

namespace {

// The items of Rust's std a program may import, with their C++ spelling. Programs
// written for the reference compiler use these; Rust crates have no equivalent here.
struct RustItem {
  const char* module;  // the import path, `::` written as `.`
  const char* name;
  bool is_float;
  const char* cpp;
};

constexpr RustItem kRustItems[] = {
    {"rust.std.f64.consts", "PI", true, "3.141592653589793"},
    {"rust.std.f64.consts", "E", true, "2.718281828459045"},
    {"rust.std.f64.consts", "TAU", true, "6.283185307179586"},
    {"rust.std.f64.consts", "SQRT_2", true, "1.4142135623730951"},
    {"rust.std.f64.consts", "FRAC_1_SQRT_2", true, "0.7071067811865476"},
    {"rust.std.f64.consts", "FRAC_PI_2", true, "1.5707963267948966"},
    {"rust.std.f64.consts", "FRAC_PI_3", true, "1.0471975511965979"},
    {"rust.std.f64.consts", "FRAC_PI_4", true, "0.7853981633974483"},
    {"rust.std.f64.consts", "FRAC_PI_6", true, "0.5235987755982989"},
    {"rust.std.f64.consts", "LN_2", true, "0.6931471805599453"},
    {"rust.std.f64.consts", "LN_10", true, "2.302585092994046"},
    {"rust.std.f64.consts", "LOG2_E", true, "1.4426950408889634"},
    {"rust.std.f64.consts", "LOG10_E", true, "0.4342944819032518"},
    {"rust.std.f64", "INFINITY", true, "std::numeric_limits<double>::infinity()"},
    {"rust.std.f64", "NEG_INFINITY", true, "(-std::numeric_limits<double>::infinity())"},
    {"rust.std.f64", "NAN", true, "std::numeric_limits<double>::quiet_NaN()"},
    {"rust.std.f64", "EPSILON", true, "std::numeric_limits<double>::epsilon()"},
    {"rust.std.f64", "MAX", true, "std::numeric_limits<double>::max()"},
    {"rust.std.f64", "MIN", true, "std::numeric_limits<double>::lowest()"},
    {"rust.std.f64", "MIN_POSITIVE", true, "std::numeric_limits<double>::min()"},
    {"rust.std.i64", "MAX", false, "std::numeric_limits<std::int64_t>::max()"},
    {"rust.std.i64", "MIN", false, "std::numeric_limits<std::int64_t>::min()"},
};

}  // namespace

void Checker::collect_rust_import(const ast::Import& imp, const std::string& path) {
  bool is_std = imp.path.size() >= 2 && imp.path[1] == "std";
  std::string shown = "rust";
  for (std::size_t i = 1; i < imp.path.size(); ++i) shown += "::" + imp.path[i];
  if (!is_std) {
    poison_import(imp);
    Diagnostic& d = error(DiagKind::RustImport, imp.span,
                          "Rust crates are not available in this compiler: `" + shown + "`");
    d.hint = "this compiler builds programs through C++, not Rust; use the Incan standard library, or "
             "C++ code (see \"Not supported yet\" in docs/language.md for C++ interop)";
    return;
  }
  std::string known;
  for (const RustItem& item : kRustItems)
    if (path == item.module) known += (known.empty() ? "`" : ", `") + std::string(item.name) + "`";
  if (!imp.is_from || imp.is_star || known.empty()) {
    poison_import(imp);
    Diagnostic& d = error(DiagKind::RustImport, imp.span, "`" + shown + "` is not available in this compiler");
    d.hint = "of Rust's std, only constants can be imported by name: `from rust::std::f64::consts import PI`, "
             "`from rust::std::f64 import INFINITY`, `from rust::std::i64 import MAX`";
    return;
  }
  for (const ast::ImportName& n : imp.names) {
    const RustItem* found = nullptr;
    for (const RustItem& item : kRustItems)
      if (path == item.module && n.name == item.name) found = &item;
    if (found == nullptr) {
      poisoned_names_.insert(n.alias.empty() ? n.name : n.alias);
      error(DiagKind::RustImport, n.span, "`" + shown + "::" + n.name + "` is not available in this compiler")
          .hint = "`" + shown + "` provides " + known;
      continue;
    }
    std::string name = n.alias.empty() ? n.name : n.alias;
    if (consts_.count(name)) {
      error(DiagKind::DuplicateDefinition, n.span, "`" + name + "` is imported more than once")
          .hint = "import it once, or give one an alias with `as`";
      continue;
    }
    consts_[name] = static_cast<std::uint32_t>(p_.consts.size());
    p_.consts.push_back(ConstInfo{name, found->is_float ? p_.types.float_() : p_.types.int_(), -1, found->cpp});
  }
}

void Checker::collect_consts() {
  for (std::size_t i = 0; i < m_.consts.size(); ++i) {
    const ast::ConstDecl& c = m_.consts[i];
    TypeId type = resolve_type(c.annotation);
    Span first;
    if (auto f = functions_.find(c.name); f != functions_.end()) first = m_.function(f->second).name_span;
    if (auto d = decls_.find(c.name); d != decls_.end()) first = m_.decl(d->second).name_span;
    if (auto k = consts_.find(c.name); k != consts_.end()) {
      const ConstInfo& other = p_.consts[k->second];
      first = other.decl >= 0 ? m_.consts[static_cast<std::size_t>(other.decl)].name_span : Span{};
      if (other.decl < 0) {
        error(DiagKind::DuplicateDefinition, c.name_span, "`" + c.name + "` is already imported")
            .hint = "rename the const, or import the Rust item under another name with `as`";
        continue;
      }
    }
    if (first.file.is_valid()) {
      Diagnostic& d = error(DiagKind::DuplicateDefinition, c.name_span, "`" + c.name + "` is defined more than once");
      d.labels.push_back({first, "first defined here"});
      d.hint = "rename one of them";
      continue;
    }
    consts_[c.name] = static_cast<std::uint32_t>(p_.consts.size());
    p_.consts.push_back(ConstInfo{c.name, type, static_cast<int>(i), ""});
  }
  const_state_.assign(p_.consts.size(), 0);
}

std::uint32_t Checker::const_named(const std::string& name) const {
  auto it = consts_.find(name);
  return it == consts_.end() ? UINT32_MAX : it->second;
}

// Whether `id` can be computed when the program starts; reports the first part that
// cannot. The consts it reads are checked first (their order is the emission order).
bool Checker::const_evaluable(ExprId id) {
  const ast::Expr& e = expr(id);
  switch (e.kind) {
    case ast::ExprKind::IntLit:
    case ast::ExprKind::FloatLit:
    case ast::ExprKind::BoolLit:
    case ast::ExprKind::StrLit:
    case ast::ExprKind::NoneLit:
    case ast::ExprKind::Error:
      return true;
    case ast::ExprKind::Unary:
      return const_evaluable(e.lhs);
    case ast::ExprKind::Binary:
      if (e.op == ast::Op::Is || e.op == ast::Op::IsNot) break;
      return const_evaluable(e.lhs) && const_evaluable(e.rhs);
    case ast::ExprKind::List:
    case ast::ExprKind::Tuple:
    case ast::ExprKind::Set:
    case ast::ExprKind::Dict:
      for (ExprId el : e.elements)
        if (!const_evaluable(el)) return false;
      return true;
    case ast::ExprKind::Name: {
      std::uint32_t k = const_named(e.text);
      if (k == UINT32_MAX) break;
      if (const_state_[k] == 1) {
        const ConstInfo& c = p_.consts[k];
        Diagnostic& d = error(DiagKind::ConstCycle, e.span, "const `" + c.name + "` depends on itself");
        if (c.decl >= 0) d.labels.push_back({m_.consts[static_cast<std::size_t>(c.decl)].name_span, "declared here"});
        d.hint = "give one of the consts in the cycle a literal value";
        return false;
      }
      check_const(k);
      return true;
    }
    default: break;
  }
  Diagnostic& d = error(DiagKind::ConstNotEvaluable, e.span, "a const's value must be computable before the program runs");
  d.hint = e.kind == ast::ExprKind::Name
               ? "`" + e.text + "` is not a const; a const may read only other consts"
               : "use literals, other consts, operators, and list, dict, set or tuple literals";
  return false;
}

void Checker::check_const(std::uint32_t k) {
  if (const_state_[k] != 0) return;
  const_state_[k] = 1;
  const ConstInfo info = p_.consts[k];
  if (info.decl >= 0) {
    const ast::ConstDecl& c = m_.consts[static_cast<std::size_t>(info.decl)];
    if (const_evaluable(c.value)) {
      TypeId value = check_expr(c.value, info.type);
      expect_type(info.type, value, expr(c.value).span, "const value");
    }
    p_.const_order.push_back(k);
  }
  const_state_[k] = 2;
}

void Checker::check_consts() {
  for (std::uint32_t k = 0; k < p_.consts.size(); ++k) check_const(k);
}

}  // namespace incan::sema
