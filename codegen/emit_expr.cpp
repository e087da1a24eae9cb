// Expressions: literals, operators with Incan's numeric semantics, calls,
// builtins and methods, f-strings, await.
#include <charconv>
#include <cmath>

#include "codegen/emitter.h"
#include "codegen/names.h"
#include "typecheck/checker.h"

namespace incan::cg {

std::string cpp_string_literal(const std::string& text) {
  std::string out = "\"";
  bool has_nul = false;
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '?': out += "?"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          // Octal escapes are at most three digits, so a following digit is safe.
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\%03o", c);
          out += buf;
          has_nul |= c == 0;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += "\"";
  if (has_nul) return "std::string(" + out + ", " + std::to_string(text.size()) + ")";
  return out;
}

std::string cpp_double_literal(double value) {
  if (std::isinf(value)) return value > 0 ? "__builtin_inf()" : "(-__builtin_inf())";
  if (std::isnan(value)) return "__builtin_nan(\"\")";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  std::string s(buf, end);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

bool Emitter::is_impure(ExprId id) const {
  if (impure_memo_.empty()) impure_memo_.assign(m_.exprs.size(), -1);
  std::int8_t& memo = impure_memo_[id.index];
  if (memo >= 0) return memo == 1;
  const ast::Expr& e = node(id);
  bool impure = e.kind == ast::ExprKind::Call || e.kind == ast::ExprKind::Await;
  for (ExprId c : {e.lhs, e.rhs})
    if (!impure && c.is_valid()) impure = is_impure(c);
  for (ExprId c : e.elements)
    if (!impure && c.is_valid()) impure = is_impure(c);
  for (const ast::Arg& a : e.args)
    if (!impure && a.value.is_valid()) impure = is_impure(a.value);
  for (const ast::FStringPiece& piece : e.pieces)
    if (!impure && piece.is_expr) impure = is_impure(piece.expr);
  memo = impure ? 1 : 0;
  return impure;
}

std::string Emitter::hoist(const std::string& cpp_expr, TypeId t) {
  std::string name = temp();
  std::string decl = kind(t) == TypeKind::Unit ? "incan::unit " : cpp_type(t) + " ";
  prelude_->push_back(decl + name + " = " + cpp_expr + ";");
  if (p_.types.is_move_only(t)) {
    if (kind(t) == TypeKind::Lib) guard_temps_.push_back(name);
    return "std::move(" + name + ")";  // used exactly once
  }
  return name;
}

std::string Emitter::braced(const std::string& cpp_expr, TypeId t) {
  // g++ 12 miscompiles list-initialised temporaries in a coroutine body (an
  // initializer_list's backing array, or an aggregate destroyed twice, when the
  // full-expression also suspends): in an `async def`, every braced temporary is
  // a named local of its own statement, moved into place.
  if (!fn_async_ || prelude_ == nullptr) return cpp_expr;
  std::string name = temp();
  prelude_->push_back(cpp_type(t) + " " + name + " = " + cpp_expr + ";");
  return "std::move(" + name + ")";
}

std::vector<std::string> Emitter::ordered_args(const ast::Expr& call) {
  std::vector<ExprId> operands;
  for (const ast::Arg& a : call.args) operands.push_back(a.value);
  return ordered(operands);
}

std::vector<std::string> Emitter::ordered(const std::vector<ExprId>& operands) {
  std::size_t last_impure = SIZE_MAX;
  for (std::size_t i = 0; i < operands.size(); ++i)
    if (is_impure(operands[i])) last_impure = i;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < operands.size(); ++i) {
    std::string s = value(operands[i]);
    ast::ExprKind k = node(operands[i]).kind;
    bool literal = k == ast::ExprKind::IntLit || k == ast::ExprKind::FloatLit || k == ast::ExprKind::BoolLit ||
                   k == ast::ExprKind::StrLit || k == ast::ExprKind::NoneLit;
    TypeKind tk = kind(type(operands[i]));
    bool scalar = tk == TypeKind::Int || tk == TypeKind::Float || tk == TypeKind::Bool;
    // A pure read of a list or string is not copied: Incan (like Rust) rejects a
    // later operand that mutates what an earlier one still borrows, and such an
    // operand may be a place that must not be copied (a receiver, an in-out argument).
    if (last_impure != SIZE_MAX && i < last_impure && !literal && (is_impure(operands[i]) || scalar))
      s = hoist(s, type(operands[i]));
    out.push_back(std::move(s));
  }
  return out;
}

std::string Emitter::numeric(const std::string& cpp, TypeId from, bool to_float) const {
  if (to_float && kind(from) == TypeKind::Int) return "static_cast<double>(" + cpp + ")";
  return cpp;
}

std::string Emitter::display(const std::string& cpp, TypeId t, bool debug) {
  if (!debug && kind(t) == TypeKind::Str) return cpp;
  return std::string(debug ? "incan::to_debug(" : "incan::to_display(") + cpp + ")";
}

std::string Emitter::value(ExprId id) {
  std::string s = expr(id);
  if (kind(type(id)) == TypeKind::Unit && node(id).kind == ast::ExprKind::Call) return "(" + s + ", incan::unit{})";
  return s;
}

std::string Emitter::fstring(ExprId id) {
  const ast::Expr& e = node(id);
  std::vector<ExprId> exprs;
  for (const ast::FStringPiece& piece : e.pieces)
    if (piece.is_expr) exprs.push_back(piece.expr);
  std::vector<std::string> values = ordered(exprs);
  std::string out;
  std::size_t k = 0;
  for (const ast::FStringPiece& piece : e.pieces) {
    std::string part;
    if (piece.is_expr) {
      part = display(values[k], type(piece.expr), piece.debug);
      if (!piece.debug && kind(type(piece.expr)) == TypeKind::Str && out.empty()) part = "std::string(" + part + ")";
      ++k;
    } else {
      if (piece.text.empty()) continue;
      part = cpp_string_literal(piece.text);
      if (out.empty()) part = "std::string(" + part + ")";
    }
    out += out.empty() ? part : " + " + part;
  }
  if (out.empty()) return "std::string()";
  return e.pieces.size() == 1 ? out : "(" + out + ")";
}

std::string Emitter::iteration_source(const std::string& cpp, TypeId t) const {
  switch (kind(t)) {
    case TypeKind::Str: return "incan::str_chars(" + cpp + ")";
    case TypeKind::Dict: return "incan::iter_keys(" + cpp + ")";
    case TypeKind::Set: return "incan::iter_set(" + cpp + ")";
    default: return cpp;
  }
}

std::string Emitter::comprehension(ExprId id) {
  const ast::Expr& e = node(id);
  std::string source = iteration_source(expr(e.lhs), type(e.lhs));
  std::string result = temp();
  std::string item = temp();
  prelude_->push_back(cpp_type(type(id)) + " " + result + ";");
  emit_into_prelude([&] {
    const std::vector<sema::LocalId>& vars = p_.comp_locals[id.index];
    line("for (const auto& " + item + " : " + source + ") {");
    ++indent_;
    std::vector<ExprId> body_exprs(e.elements.begin(), e.elements.end());
    body_exprs.push_back(e.rhs);
    for (std::size_t i = 0; i < vars.size(); ++i) {
      std::string get = vars.size() == 1 ? item : "std::get<" + std::to_string(i) + ">(" + item + ")";
      // Read-only heavy elements are bound by reference, not copied.
      bool by_ref = is_heavy(p_.local(vars[i]).type) && !mutates_local(p_, {}, vars[i], body_exprs);
      line((by_ref ? "const " : "") + cpp_type(p_.local(vars[i]).type) + (by_ref ? "& " : " ") + local_name(vars[i]) +
           " = " + get + ";");
    }
    std::vector<std::string> pre;
    if (e.rhs.is_valid()) {
      prelude_ = &pre;
      std::string cond = expr(e.rhs);
      flush_prelude(pre);
      line("if (!" + cond + ") continue;");
    }
    prelude_ = &pre;
    if (e.kind == ast::ExprKind::ListComp) {
      std::string v = value(e.elements[0]);
      flush_prelude(pre);
      line(result + ".append(" + v + ");");
    } else {
      std::vector<std::string> kv = ordered({e.elements[0], e.elements[1]});
      flush_prelude(pre);
      line(result + ".set(" + kv[0] + ", " + kv[1] + ");");
    }
    --indent_;
    line("}");
  });
  return "std::move(" + result + ")";  // the temporary is used exactly once
}

std::string Emitter::binary(ExprId id) {
  const ast::Expr& e = node(id);
  using ast::Op;
  TypeId lt = type(e.lhs), rt = type(e.rhs);
  if (e.op == Op::And || e.op == Op::Or) {
    std::string l = expr(e.lhs);
    std::vector<std::string> rhs_pre;
    std::vector<std::string>* saved = prelude_;
    prelude_ = &rhs_pre;
    std::string r = expr(e.rhs);
    prelude_ = saved;
    if (rhs_pre.empty()) return "(" + l + (e.op == Op::And ? " && " : " || ") + r + ")";
    // The right side needs statements: run them only when it is evaluated.
    std::string t = temp();
    prelude_->push_back("bool " + t + " = " + l + ";");
    prelude_->push_back(std::string("if (") + (e.op == Op::And ? "" : "!") + t + ") {");
    for (const std::string& s : rhs_pre) prelude_->push_back("  " + s);
    prelude_->push_back("  " + t + " = " + r + ";");
    prelude_->push_back("}");
    return t;
  }
  std::vector<std::string> ops = ordered({e.lhs, e.rhs});
  std::string l = ops[0], r = ops[1];
  TypeKind lk = kind(lt), rk = kind(rt);
  bool is_float = lk == TypeKind::Float || rk == TypeKind::Float;
  bool numeric_pair = (lk == TypeKind::Int || lk == TypeKind::Float) && (rk == TypeKind::Int || rk == TypeKind::Float);
  if (numeric_pair && is_float) {
    l = numeric(l, lt, true);
    r = numeric(r, rt, true);
  }
  switch (e.op) {
    case Op::Add:
      if (lk == TypeKind::Str) return "(" + l + " + " + r + ")";
      return is_float ? "(" + l + " + " + r + ")" : "incan::iadd(" + l + ", " + r + ")";
    case Op::Sub: return is_float ? "(" + l + " - " + r + ")" : "incan::isub(" + l + ", " + r + ")";
    case Op::Mul: return is_float ? "(" + l + " * " + r + ")" : "incan::imul(" + l + ", " + r + ")";
    case Op::Div: return "incan::true_div(" + numeric(l, lt, true) + ", " + numeric(r, rt, true) + ")";
    case Op::FloorDiv: return "incan::floordiv(" + l + ", " + r + ")";
    case Op::Mod: return is_float ? "incan::fmod_py(" + l + ", " + r + ")" : "incan::imod(" + l + ", " + r + ")";
    case Op::Pow:
      if (kind(type(id)) == TypeKind::Int) return "incan::ipow(" + l + ", " + r + ")";
      return "incan::fpow(" + numeric(l, lt, true) + ", " + numeric(r, rt, true) + ")";
    case Op::Eq: return "(" + l + " == " + r + ")";
    case Op::Ne: return "(" + l + " != " + r + ")";
    case Op::Lt: return "(" + l + " < " + r + ")";
    case Op::Le: return "(" + l + " <= " + r + ")";
    case Op::Gt: return "(" + l + " > " + r + ")";
    case Op::Ge: return "(" + l + " >= " + r + ")";
    case Op::In:
    case Op::NotIn: {
      std::string test = rk == TypeKind::Str ? "incan::str_contains(" + r + ", " + l + ")" : r + ".contains(" + l + ")";
      return e.op == Op::In ? test : "(!" + test + ")";
    }
    case Op::Is: return "(" + l + ".is_none())";
    case Op::IsNot: return "(" + l + ".is_some())";
    default: return "/* unsupported operator */";
  }
}

std::string Emitter::await_expr(ExprId id) {
  const ast::Expr& e = node(id);
  std::string operand = expr(e.lhs);
  TypeId t = type(id);
  if (kind(t) == TypeKind::Unit) {
    prelude_->push_back("co_await " + operand + ";");
    return "incan::unit{}";
  }
  return hoist("co_await " + operand, t);
}

std::string Emitter::bound_args(ExprId id, ast::FunctionId fn, const std::vector<std::string>& args) {
  const ast::Expr& e = node(id);
  const sema::CallInfo& info = p_.calls[id.index];
  const ast::Function& f = m_.function(fn);
  // An in-out argument (or a `mut self` receiver) may alias a by-reference one:
  // then the by-reference arguments are passed as copies (value semantics).
  bool has_inout = info.kind == sema::CallKind::UserMethod && f.receiver == ast::Receiver::MutSelf;
  for (std::size_t p = 0; p < f.params.size(); ++p) has_inout = has_inout || param_is_inout(fn, p);
  std::string out;
  for (std::size_t p = 0; p < f.params.size(); ++p) {
    if (p) out += ", ";
    int a = info.arg_for_param[p];
    std::string v = a >= 0 ? args[a] : value(f.params[p].default_value);
    if (has_inout && param_is_cref(fn, p)) v = cpp_type(p_.functions[fn.index].param_types[p]) + "(" + v + ")";
    if (param_is_inout(fn, p)) {
      // In-out parameters need a place; a temporary gets a named local whose changes are dropped.
      // So does a const (or a part of one): consts are frozen, the callee changes a copy.
      ExprId src = a >= 0 ? e.args[a].value : f.params[p].default_value;
      ast::ExprKind k = node(src).kind;
      ExprId root = src;
      while (node(root).kind == ast::ExprKind::Index || node(root).kind == ast::ExprKind::Member) root = node(root).lhs;
      bool frozen = node(root).kind == ast::ExprKind::Name && p_.names[root.index].kind == sema::NameKind::Const;
      if (frozen || (k != ast::ExprKind::Name && k != ast::ExprKind::Index && k != ast::ExprKind::Member))
        v = hoist(v, p_.functions[fn.index].param_types[p]);
    }
    out += v;
  }
  return out;
}

std::string Emitter::call(ExprId id) {
  const sema::CallInfo& info = p_.calls[id.index];
  const ast::Expr& e = node(id);
  switch (info.kind) {
    case sema::CallKind::Builtin: return builtin_call(id);
    case sema::CallKind::Method: return method_call(id);
    case sema::CallKind::UserMethod: {
      const ast::Expr& member = node(e.lhs);
      std::vector<ExprId> operands{member.lhs};
      for (const ast::Arg& a : e.args) operands.push_back(a.value);
      std::vector<std::string> ops = ordered(operands);
      std::string recv = ops[0];
      ops.erase(ops.begin());
      return recv + "." + method_cpp_name(info.decl, m_.function(info.function).name) + "(" +
             bound_args(id, info.function, ops) + ")";
    }
    case sema::CallKind::StaticMethod: {
      std::vector<std::string> args = ordered_args(e);
      return type_name(info.decl) + "::" + method_cpp_name(info.decl, m_.function(info.function).name) + "(" +
             bound_args(id, info.function, args) + ")";
    }
    case sema::CallKind::Construct: {
      std::vector<std::string> args = ordered_args(e);
      const sema::DeclInfo& decl = p_.decl(info.decl);
      std::string name = type_name(info.decl);
      if (m_.decl(info.decl).kind == ast::DeclKind::Newtype)
        return (info.validated ? name + "::checked0_(" : name + "(") + args[0] + ")";
      std::string out = name + "(";
      for (std::size_t f = 0; f < decl.fields.size(); ++f) {
        int a = info.arg_for_param[f];
        out += (f ? ", " : "") + (a >= 0 ? args[a] : value(decl.fields[f].default_value));
      }
      return out + ")";
    }
    case sema::CallKind::Variant: {
      std::vector<std::string> args = ordered_args(e);
      std::string out = type_name(info.decl) + "::" + mangle(p_.decl(info.decl).variants[info.variant].name) + "(";
      for (std::size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + args[i];
      return out + ")";
    }
    case sema::CallKind::LibStatic:
    case sema::CallKind::LibMethod: return lib_call(id);
    case sema::CallKind::Closure: {
      std::vector<ExprId> operands{e.lhs};
      for (const ast::Arg& a : e.args) operands.push_back(a.value);
      std::vector<std::string> ops = ordered(operands);
      std::string out = ops[0] + "(";
      for (std::size_t i = 1; i < ops.size(); ++i) out += (i > 1 ? ", " : "") + ops[i];
      return out + ")";
    }
    case sema::CallKind::ValidationError: {
      std::vector<std::string> args = ordered_args(e);
      std::string out = "incan::validation_error(" + args[info.arg_for_param[0]];
      if (info.arg_for_param[1] >= 0) out += ", " + args[info.arg_for_param[1]];
      return out + ")";
    }
    default: break;
  }
  const ast::Function& f = m_.function(info.function);
  std::vector<std::string> args = ordered_args(e);
  return mangle(f.name) + "(" + bound_args(id, info.function, args) + ")";
}

std::string Emitter::builtin_call(ExprId id) {
  const ast::Expr& e = node(id);
  const sema::CallInfo& info = p_.calls[id.index];
  std::vector<std::string> args = ordered_args(e);
  auto arg_type = [&](std::size_t i) { return type(e.args[i].value); };
  using sema::Builtin;
  switch (info.builtin) {
    case Builtin::Print:
    case Builtin::Println:
      if (args.empty()) return "incan::println()";
      return "incan::println(" + display(args[0], arg_type(0), false) + ")";
    case Builtin::Len:
      return kind(arg_type(0)) == TypeKind::Str ? "incan::str_len(" + args[0] + ")" : "incan::len(" + args[0] + ")";
    case Builtin::Str: return "incan::to_display(" + args[0] + ")";
    case Builtin::Int:
      switch (kind(arg_type(0))) {
        case TypeKind::Str: return "incan::parse_int(" + args[0] + ")";
        case TypeKind::Float: return "incan::float_to_int(" + args[0] + ")";
        case TypeKind::Bool: return "static_cast<std::int64_t>(" + args[0] + ")";
        default: return args[0];
      }
    case Builtin::Float:
      switch (kind(arg_type(0))) {
        case TypeKind::Str: return "incan::parse_float(" + args[0] + ")";
        case TypeKind::Int: return "static_cast<double>(" + args[0] + ")";
        default: return args[0];
      }
    case Builtin::Bool:
      if (kind(arg_type(0)) == TypeKind::Bool) return args[0];
      return "incan::to_bool(" + args[0] + ")";
    case Builtin::Abs:
      return kind(arg_type(0)) == TypeKind::Int ? "incan::iabs(" + args[0] + ")" : "__builtin_fabs(" + args[0] + ")";
    case Builtin::Min: return "incan::min_of(" + args[0] + ")";
    case Builtin::Max: return "incan::max_of(" + args[0] + ")";
    case Builtin::Sum: return "incan::sum_of(" + args[0] + ")";
    case Builtin::Sorted: return "incan::sorted(" + args[0] + ")";
    case Builtin::Range:
      if (args.size() == 1 && kind(arg_type(0)) == TypeKind::Range) return args[0];
      if (args.size() == 1) return "incan::range_view(" + args[0] + ")";
      if (args.size() == 2) return "incan::range_view(" + args[0] + ", " + args[1] + ")";
      return "incan::range_view(" + args[0] + ", " + args[1] + ", " + args[2] + ")";
    case Builtin::Enumerate: return "incan::enumerate(" + args[0] + ")";
    case Builtin::Zip: return "incan::zip(" + args[0] + ", " + args[1] + ")";
    case Builtin::SetNew:
      if (args.empty()) return cpp_type(type(id)) + "{}";
      return cpp_type(type(id)) + "(incan::list<" + cpp_type(p_.types.get(type(id)).a) + ">(" +
             iteration_source(args[0], arg_type(0)) + "))";
    case Builtin::Some: return cpp_type(type(id)) + "::some(" + args[0] + ")";
    case Builtin::Ok: return cpp_type(type(id)) + "::ok(" + args[0] + ")";
    case Builtin::Err: return cpp_type(type(id)) + "::err(" + args[0] + ")";
    case Builtin::Sleep: return "incan::rt::sleep(" + args[0] + ")";
    case Builtin::SleepMs: return "incan::rt::sleep_ms(" + args[0] + ")";
    case Builtin::YieldNow: return "incan::rt::yield_now()";
    case Builtin::Spawn: return "incan::rt::spawn(" + args[0] + ")";
    case Builtin::SpawnBlocking: return "incan::rt::spawn_blocking(" + args[0] + ")";
    case Builtin::Argv: return "incan::program_args()";
    case Builtin::Monotonic: return "incan::monotonic_seconds()";
    case Builtin::CpuTime: return "incan::cpu_seconds()";
    case Builtin::Timeout: return "incan::rt::timeout(" + args[0] + ", " + args[1] + ")";
    case Builtin::TimeoutMs: return "incan::rt::timeout_ms(" + args[0] + ", " + args[1] + ")";
    case Builtin::TimeoutJoin: return "incan::rt::timeout_join(" + args[0] + ", " + args[1] + ")";
    case Builtin::TimeoutJoinMs: return "incan::rt::timeout_join_ms(" + args[0] + ", " + args[1] + ")";
    case Builtin::Channel: return "incan::rt::channel<" + cpp_type(info.type_arg) + ">(" + args[0] + ")";
    case Builtin::UnboundedChannel: return "incan::rt::unbounded_channel<" + cpp_type(info.type_arg) + ">()";
    case Builtin::Oneshot: return "incan::rt::oneshot<" + cpp_type(info.type_arg) + ">()";
  }
  return "/* unsupported builtin */";
}

std::string Emitter::method_call(ExprId id) {
  const ast::Expr& e = node(id);
  const ast::Expr& member = node(e.lhs);
  const sema::CallInfo& info = p_.calls[id.index];
  std::vector<ExprId> operands{member.lhs};
  for (const ast::Arg& a : e.args) operands.push_back(a.value);
  std::vector<std::string> ops = ordered(operands);
  const std::string& r = ops[0];
  auto args = [&](std::size_t from = 1) {
    std::string s;
    for (std::size_t i = from; i < ops.size(); ++i) s += (i > from ? ", " : "") + ops[i];
    return s;
  };
  auto str_fn = [&](const char* fn) { return std::string("incan::") + fn + "(" + r + (ops.size() > 1 ? ", " + args() : "") + ")"; };
  using sema::Method;
  switch (info.method) {
    case Method::StrUpper: return str_fn("str_upper");
    case Method::StrLower: return str_fn("str_lower");
    case Method::StrStrip:
    case Method::StrTrim: return str_fn("str_strip");
    case Method::StrSplit:
      if (ops.size() == 1) return braced("incan::list<std::string>{" + r + "}", type(id));
      return str_fn("str_split");
    case Method::StrSplitWhitespace: return str_fn("str_split_whitespace");
    case Method::StrJoin: return str_fn("str_join");
    case Method::StrContains: return str_fn("str_contains");
    case Method::StrReplace: return str_fn("str_replace");
    case Method::StrStartsWith:
    case Method::StrStartsWith2: return str_fn("str_starts_with");
    case Method::StrEndsWith:
    case Method::StrEndsWith2: return str_fn("str_ends_with");
    case Method::StrLen: return str_fn("str_len");
    case Method::StrIsEmpty: return "(" + r + ").empty()";
    case Method::StrToString:
    case Method::StrClone: return "std::string(" + r + ")";
    case Method::NamedClone: return cpp_type(type(member.lhs)) + "(" + r + ")";
    case Method::JoinHandleIsFinished: return r + ".is_finished()";
    case Method::JoinHandleAbort: return r + ".abort()";
    case Method::EnumMessage: return r + ".message()";
    case Method::DictGet:
      if (ops.size() == 3) return r + ".get_or(" + args() + ")";
      return r + ".get(" + args() + ")";
    case Method::DictInsert: return "(void)" + r + ".insert(" + args() + ")";
    case Method::SetAdd: return "(void)" + r + ".add(" + args() + ")";
    case Method::SetUnion: return r + ".union_(" + args() + ")";
    default: break;
  }
  // Lists, dicts, sets, options, results and join errors: member functions of the same name.
  return r + "." + sema::method_name(info.method) + "(" + args() + ")";
}

std::string Emitter::expr(ExprId id) {
  const ast::Expr& e = node(id);
  switch (e.kind) {
    case ast::ExprKind::Error: return "/* error */";
    case ast::ExprKind::IntLit: return std::to_string(e.int_value) + "L";
    case ast::ExprKind::FloatLit: return cpp_double_literal(e.float_value);
    case ast::ExprKind::BoolLit: return e.bool_value ? "true" : "false";
    case ast::ExprKind::StrLit: return "std::string(" + cpp_string_literal(e.text) + ")";
    case ast::ExprKind::NoneLit:
      return kind(type(id)) == TypeKind::Option ? cpp_type(type(id)) + "()" : "incan::unit{}";
    case ast::ExprKind::FString: return fstring(id);
    case ast::ExprKind::Name: {
      const sema::NameRef& ref = p_.names[id.index];
      if (ref.kind == sema::NameKind::Local) {
        // Coroutines and task handles are move-only; using one consumes it.
        if (p_.types.is_move_only(type(id)) || p_.last_use[id.index])
          return "std::move(" + local_name(ref.local) + ")";
        return local_name(ref.local);
      }
      if (ref.kind == sema::NameKind::Const) return const_cpp_name(ref.konst);
      return mangle(e.text);
    }
    case ast::ExprKind::List: {
      std::vector<std::string> elems = ordered(e.elements);
      if (p_.types.is_move_only(p_.types.get(type(id)).a)) {
        std::string out = "incan::make_list<" + cpp_type(p_.types.get(type(id)).a) + ">(";
        for (std::size_t i = 0; i < elems.size(); ++i) out += (i ? ", " : "") + elems[i];
        return out + ")";
      }
      std::string out = cpp_type(type(id)) + "{";
      for (std::size_t i = 0; i < elems.size(); ++i) out += (i ? ", " : "") + elems[i];
      return braced(out + "}", type(id));
    }
    case ast::ExprKind::Unary: {
      std::string operand = expr(e.lhs);
      if (e.op == ast::Op::Not) return "(!" + operand + ")";
      return kind(type(id)) == TypeKind::Int ? "incan::ineg(" + operand + ")" : "(-" + operand + ")";
    }
    case ast::ExprKind::Binary: return binary(id);
    case ast::ExprKind::Range: {
      std::vector<std::string> ops = ordered({e.lhs, e.rhs});
      if (e.op == ast::Op::RangeInclusive) return "incan::range_view::inclusive(" + ops[0] + ", " + ops[1] + ")";
      return "incan::range_view(" + ops[0] + ", " + ops[1] + ")";
    }
    case ast::ExprKind::Call: return call(id);
    case ast::ExprKind::Member: {
      const sema::MemberRef& ref = p_.members[id.index];
      switch (ref.kind) {
        case sema::MemberKind::TupleField: return "std::get<" + e.text + ">(" + expr(e.lhs) + ")";
        case sema::MemberKind::NewtypeValue: return expr(e.lhs) + ".value0_";
        case sema::MemberKind::ErrorMessage: return expr(e.lhs) + ".message";
        case sema::MemberKind::UnitVariant:
          return type_name(ref.decl) + "::" + mangle(p_.decl(ref.decl).variants[ref.index].name) + "()";
        case sema::MemberKind::Field:
          // A field that may be boxed in the object's struct (a method inherited from a
          // class or a trait reads the adopter's field) is read through incan::unbox,
          // which sees through a box and is the identity otherwise.
          if (may_be_boxed(type(id))) return "incan::unbox(" + expr(e.lhs) + "." + mangle(e.text) + ")";
          return expr(e.lhs) + "." + mangle(e.text);
        default: return expr(e.lhs) + "." + mangle(e.text);
      }
    }
    case ast::ExprKind::Tuple:
    case ast::ExprKind::Set: {
      std::vector<std::string> elems = ordered(e.elements);
      std::string out = cpp_type(type(id)) + "{";
      for (std::size_t i = 0; i < elems.size(); ++i) out += (i ? ", " : "") + elems[i];
      return braced(out + "}", type(id));
    }
    case ast::ExprKind::Dict: {
      std::vector<std::string> elems = ordered(e.elements);
      std::string out = cpp_type(type(id)) + "{";
      for (std::size_t i = 0; i + 1 < elems.size(); i += 2)
        out += (i ? ", {" : "{") + elems[i] + ", " + elems[i + 1] + "}";
      return braced(out + "}", type(id));
    }
    case ast::ExprKind::ListComp:
    case ast::ExprKind::DictComp: return comprehension(id);
    case ast::ExprKind::Loop: {
      // `loop` as a value: the loop runs first; `break v` stores v and leaves it.
      std::string result = temp();
      prelude_->push_back("std::optional<" + cpp_type(type(id)) + "> " + result + ";");
      loop_values_.push_back(result);
      emit_into_prelude([&] {
        line("while (true) {");
        ++indent_;
        emit_block(m_.stmt(e.stmt).body);
        --indent_;
        line("}");
      });
      loop_values_.pop_back();
      return "std::move(*" + result + ")";
    }
    case ast::ExprKind::Try: {
      // `e?`: return the error from the function, else continue with the value.
      std::string v = hoist(expr(e.lhs), type(e.lhs));
      std::string ret = cpp_type(p_.functions[fn_.index].return_type);
      prelude_->push_back("if (" + v + ".is_err()) " + (fn_async_ ? "co_return " : "return ") + ret + "::err(std::move(" +
                          v + ").err_value());");
      return "std::move(" + v + ").ok_value()";
    }
    case ast::ExprKind::Index: {
      std::vector<std::string> ops = ordered({e.lhs, e.rhs});
      if (kind(type(e.lhs)) == TypeKind::Str) return "incan::str_index(" + ops[0] + ", " + ops[1] + ")";
      // Lists and dicts: `at` panics with IndexError / KeyError.
      return ops[0] + ".at(" + ops[1] + ")";
    }
    case ast::ExprKind::Slice: {
      // incan::slice (std/core list.h, str.h); absent parts are std::nullopt.
      std::vector<ExprId> operands{e.lhs};
      for (ExprId part : e.elements)
        if (part.is_valid()) operands.push_back(part);
      std::vector<std::string> ops = ordered(operands);
      std::string out = "incan::slice(" + ops[0];
      std::size_t next = 1;
      for (ExprId part : e.elements)
        out += part.is_valid() ? ", std::optional<std::int64_t>(" + ops[next++] + ")" : ", std::nullopt";
      return out + ")";
    }
    case ast::ExprKind::Await: return await_expr(id);
    case ast::ExprKind::Lambda: return lambda(id);
  }
  return "/* unsupported */";
}

// `(a, b) => body`: a C++ lambda capturing by reference, or by copy when the
// closure escapes its function (escape.cpp, LANGUAGE.md 4.4); its body's hoisted
// statements stay inside it.
std::string Emitter::lambda(ExprId id) {
  const ast::Expr& e = node(id);
  const sema::Type& ft = p_.types.get(type(id));
  const std::vector<sema::LocalId>& params = p_.comp_locals[id.index];
  // A copying closure owns its copies and may change them (`mutable`); in a method
  // it copies the receiver too (`*this`), which `self` reads.
  bool copy = escaping_[id.index];
  std::string out = "[&](";
  if (copy) out = fn_.is_valid() && p_.functions[fn_.index].self_local.is_valid() ? "[=, *this](" : "[=](";
  for (std::size_t i = 0; i < params.size(); ++i)
    out += (i ? ", " : "") + cpp_type(ft.elems[i]) + " " + local_name(params[i]);
  bool unit = kind(ft.a) == TypeKind::Unit;
  out += std::string(copy ? ") mutable -> " : ") -> ") + cpp_type(ft.a, true) + " {\n";
  std::vector<std::string> pre;
  std::vector<std::string>* saved = prelude_;
  prelude_ = &pre;
  bool saved_async = fn_async_;
  fn_async_ = false;
  std::string body = unit ? expr(e.lhs) : value(e.lhs);
  fn_async_ = saved_async;
  prelude_ = saved;
  for (const std::string& l : pre) out += l + "\n";
  out += unit ? body + ";\n}" : "return " + body + ";\n}";
  // Named before use: g++ 12 destroys a lambda temporary twice when it appears
  // inside a `co_await` operand (runtime/README.md).
  std::string name = temp();
  prelude_->push_back("auto " + name + " = " + out + ";");
  return "std::move(" + name + ")";
}

// Async-library calls: `Mutex.new(v)` and the methods of library types map one to
// one onto runtime/ (`incan::rt::mutex<T>::create(v)`, `m.lock()`, ...).
std::string Emitter::lib_call(ExprId id) {
  const ast::Expr& e = node(id);
  const ast::Expr& member = node(e.lhs);
  const sema::CallInfo& info = p_.calls[id.index];
  if (info.kind == sema::CallKind::LibStatic) {
    std::vector<std::string> args = ordered_args(e);
    std::string out = cpp_type(type(id)) + "::create(";
    for (std::size_t i = 0; i < args.size(); ++i) out += (i > 0 ? ", " : "") + args[i];
    return out + ")";
  }
  std::vector<ExprId> operands{member.lhs};
  for (const ast::Arg& a : e.args) operands.push_back(a.value);
  std::vector<std::string> ops = ordered(operands);
  if (member.text == "clone") return cpp_type(type(member.lhs)) + "(" + ops[0] + ")";
  std::string out = ops[0] + "." + member.text + "(";
  for (std::size_t i = 1; i < ops.size(); ++i) out += (i > 1 ? ", " : "") + ops[i];
  return out + ")";
}

}  // namespace incan::cg
