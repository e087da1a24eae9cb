// Calls: user functions (positional and keyword binding), builtins (LANGUAGE.md 11),
// methods of built-in types (LANGUAGE.md 12), and the async builtins (ASYNC.md 4-5).
#include "typecheck/checker_impl.h"

namespace incan::sema {

namespace {
std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}
}  // namespace

bool Checker::check_arg_count(ExprId id, std::size_t min, std::size_t max, const std::string& callee) {
  const ast::Expr& e = expr(id);
  for (const ast::Arg& a : e.args) {
    if (!a.keyword.empty()) {
      error(DiagKind::UnknownKeywordArg, a.keyword_span, "`" + callee + "` takes no keyword arguments")
          .hint = "pass the value positionally";
      for (const ast::Arg& b : e.args) check_expr(b.value);
      return false;
    }
  }
  std::size_t n = e.args.size();
  if (n >= min && n <= max) return true;
  std::string takes = min == max ? plural(min, "argument")
                                 : "between " + std::to_string(min) + " and " + plural(max, "argument");
  error(DiagKind::WrongArgCount, e.span,
        "`" + callee + "` takes " + takes + " but " + std::to_string(n) + (n == 1 ? " was" : " were") + " given");
  for (const ast::Arg& a : e.args) check_expr(a.value);
  return false;
}

void Checker::bind_args(ExprId id, const std::string& callee, const std::vector<ParamSpec>& params, bool keyword_only,
                        std::vector<int>& arg_for_param, Span defined_at, bool fields) {
  const ast::Expr& e = expr(id);
  arg_for_param.assign(params.size(), -1);
  bool ok = true;
  std::size_t positional = 0;
  bool seen_keyword = false;
  const char* what = fields ? "field" : "parameter";
  for (std::size_t i = 0; i < e.args.size(); ++i) {
    const ast::Arg& a = e.args[i];
    int param = -1;
    if (a.keyword.empty()) {
      if (keyword_only) {
        if (!ok) continue;  // one report per call
        Diagnostic& d = error(DiagKind::PositionalConstruction, expr(a.value).span,
                              "`" + callee + "` must be constructed with keyword arguments, not positional ones");
        std::string example;
        for (std::size_t p = 0; p < params.size() && p < 2; ++p) example += (p ? ", " : "") + params[p].name + "=...";
        d.hint = "name each field: `" + callee + "(" + example + ")`";
        ok = false;
        continue;
      }
      if (seen_keyword) {
        error(DiagKind::UnexpectedToken, expr(a.value).span, "positional argument after keyword arguments")
            .hint = "put positional arguments first";
        ok = false;
        continue;
      }
      if (positional >= params.size()) {
        error(DiagKind::WrongArgCount, expr(a.value).span,
              "`" + callee + "` takes " + plural(params.size(), "argument") + " but " + std::to_string(e.args.size()) +
                  (e.args.size() == 1 ? " was" : " were") + " given")
            .labels.push_back({defined_at, "defined here"});
        ok = false;
        break;
      }
      param = static_cast<int>(positional++);
    } else {
      seen_keyword = true;
      for (std::size_t p = 0; p < params.size(); ++p)
        if (params[p].name == a.keyword) param = static_cast<int>(p);
      if (param < 0) {
        Diagnostic& d = error(fields ? DiagKind::UnknownField : DiagKind::UnknownKeywordArg, a.keyword_span,
                              "`" + callee + "` has no " + what + " named `" + a.keyword + "`");
        std::string names;
        for (const ParamSpec& p : params) names += (names.empty() ? "`" : ", `") + p.name + "`";
        d.hint = params.empty() ? std::string("it takes no ") + what + "s" : std::string("its ") + what + "s are " + names;
        ok = false;
        continue;
      }
    }
    if (arg_for_param[param] >= 0) {
      error(DiagKind::DuplicateArg, a.keyword.empty() ? expr(a.value).span : a.keyword_span,
            std::string(fields ? "field" : "argument") + " `" + params[param].name + "` is given more than once");
      ok = false;
      continue;
    }
    arg_for_param[param] = static_cast<int>(i);
  }
  for (std::size_t i = 0; i < e.args.size(); ++i) {
    // Check each argument once, against its parameter's type when bound.
    int param = -1;
    for (std::size_t p = 0; p < arg_for_param.size(); ++p)
      if (arg_for_param[p] == static_cast<int>(i)) param = static_cast<int>(p);
    TypeId expected = param >= 0 ? params[param].type : TypeId::invalid();
    TypeId saved = expected_;
    expected_ = expected;
    TypeId t = check_expr(e.args[i].value, expected);
    expected_ = saved;
    if (param >= 0) expect_type(expected, t, expr(e.args[i].value).span, fields ? "field" : "argument");
  }
  if (ok) {
    for (std::size_t p = 0; p < params.size(); ++p) {
      if (arg_for_param[p] < 0 && !params[p].has_default) {
        if (fields)
          error(DiagKind::MissingField, e.span, "missing field `" + params[p].name + "` in construction of `" + callee + "`")
              .labels.push_back({params[p].span, "field declared here"});
        else
          error(DiagKind::MissingArg, e.span, "missing argument `" + params[p].name + "` in call to `" + callee + "`")
              .labels.push_back({params[p].span, "parameter declared here"});
        break;
      }
    }
  }
}

TypeId Checker::check_function_call(ExprId id, ast::FunctionId fn_id) {
  const ast::Function& fn = m_.function(fn_id);
  const FunctionInfo& info = p_.functions[fn_id.index];
  CallInfo& call = p_.calls[id.index];
  if (call.kind == CallKind::Unresolved) call.kind = CallKind::Function;
  call.function = fn_id;
  std::vector<ParamSpec> params;
  for (std::size_t p = 0; p < fn.params.size(); ++p)
    params.push_back(ParamSpec{fn.params[p].name, info.param_types[p], fn.params[p].default_value.is_valid(),
                               fn.params[p].span});
  std::string callee = fn.owner.is_valid() ? m_.decl(fn.owner).name + "." + fn.name : fn.name;
  std::vector<int> bound;
  bind_args(id, callee, params, false, bound, fn.name_span, false);
  p_.calls[id.index].arg_for_param = std::move(bound);
  TypeId ret = info.return_type;
  return fn.is_async ? p_.types.awaitable(ret) : ret;
}

TypeId Checker::check_construct(ExprId id, ast::TypeDeclId decl) {
  const ast::Expr& e = expr(id);
  const ast::TypeDecl& d = m_.decl(decl);
  const DeclInfo& info = p_.decls[decl.index];
  TypeStore& ts = p_.types;
  CallInfo& call = p_.calls[id.index];
  call.kind = CallKind::Construct;
  call.decl = decl;
  auto skip_args = [&] {
    for (const ast::Arg& a : e.args) check_expr(a.value);
  };
  switch (d.kind) {
    case ast::DeclKind::Trait:
      error(DiagKind::NotCallable, expr(e.lhs).span, "trait `" + d.name + "` cannot be constructed")
          .hint = "construct a type that adopts it";
      skip_args();
      return ts.error();
    case ast::DeclKind::Enum:
      error(DiagKind::NotCallable, expr(e.lhs).span, "enum `" + d.name + "` cannot be called")
          .hint = "construct a variant: `" + d.name + ".Variant(...)`";
      skip_args();
      return ts.error();
    case ast::DeclKind::Newtype: {
      if (!check_arg_count(id, 1, 1, d.name)) return info.type;
      TypeId t = check_expr(e.args[0].value, info.underlying);
      expect_type(info.underlying, t, expr(e.args[0].value).span, "argument");
      call.arg_for_param = {0};
      // Outside its own `from_underlying`, construction is validated.
      call.validated = info.from_underlying.is_valid() && current_fn_ != info.from_underlying;
      return info.type;
    }
    case ast::DeclKind::Model:
    case ast::DeclKind::Class: {
      std::vector<ParamSpec> params;
      for (const FieldInfo& f : info.fields)
        params.push_back(ParamSpec{f.name, f.type, f.default_value.is_valid(), f.span});
      std::vector<int> bound;
      bind_args(id, d.name, params, true, bound, d.name_span, true);
      p_.calls[id.index].arg_for_param = std::move(bound);
      return info.type;
    }
  }
  return ts.error();
}

TypeId Checker::check_type_call(ExprId id, ast::TypeDeclId decl) {
  const ast::Expr& e = expr(id);
  const ast::Expr& member = expr(e.lhs);
  const ast::TypeDecl& d = m_.decl(decl);
  const DeclInfo& info = p_.decls[decl.index];
  TypeStore& ts = p_.types;
  CallInfo& call = p_.calls[id.index];
  if (d.kind == ast::DeclKind::Enum) {
    int v = info.find_variant(member.text);
    if (v >= 0) {
      call.kind = CallKind::Variant;
      call.decl = decl;
      call.variant = v;
      const VariantInfo& vi = info.variants[v];
      std::string callee = d.name + "." + vi.name;
      if (vi.payload.empty()) {
        error(DiagKind::WrongArgCount, e.span, "variant `" + callee + "` takes no values")
            .hint = "write `" + callee + "` without parentheses";
        for (const ast::Arg& a : e.args) check_expr(a.value);
        return info.type;
      }
      if (!check_arg_count(id, vi.payload.size(), vi.payload.size(), callee)) return info.type;
      for (std::size_t i = 0; i < vi.payload.size(); ++i) {
        TypeId saved = expected_;
        expected_ = vi.payload[i];
        TypeId t = check_expr(e.args[i].value, vi.payload[i]);
        expected_ = saved;
        expect_type(vi.payload[i], t, expr(e.args[i].value).span, "variant value");
      }
      return info.type;
    }
  }
  const MethodEntry* m = info.find_method(member.text);
  if (!m) {
    if (d.kind == ast::DeclKind::Enum) {
      unknown_variant(decl, member.text, member.name_span);
    } else {
      error(DiagKind::UnknownMember, member.name_span,
            "type `" + d.name + "` has no associated function `" + member.text + "`");
    }
    for (const ast::Arg& a : e.args) check_expr(a.value);
    return ts.error();
  }
  const ast::Function& f = m_.function(m->function);
  if (f.receiver != ast::Receiver::None) {
    error(DiagKind::NotCallable, e.span, "method `" + member.text + "` needs a value of type `" + d.name + "`")
        .hint = "call it on a value: `x." + member.text + "(...)`";
    for (const ast::Arg& a : e.args) check_expr(a.value);
    return ts.error();
  }
  call.kind = CallKind::StaticMethod;
  call.decl = decl;
  return check_function_call(id, m->function);
}

// `x.m(...)` where x has a user type. Returns an invalid TypeId when `m` is not a
// method of the type, so that the built-in methods (`clone`, `message`) apply.
TypeId Checker::check_user_method_call(ExprId id, TypeId recv) {
  const ast::Expr& e = expr(id);
  const ast::Expr& member = expr(e.lhs);
  ast::TypeDeclId decl(p_.types.get(recv).decl);
  const DeclInfo& info = p_.decls[decl.index];
  const MethodEntry* m = info.find_method(member.text);
  if (!m) return TypeId::invalid();
  const ast::Function& f = m_.function(m->function);
  if (f.receiver == ast::Receiver::None) {
    error(DiagKind::NotCallable, e.span,
          "`" + member.text + "` is an associated function of `" + m_.decl(decl).name + "`, not a method")
        .hint = "call it as `" + m_.decl(decl).name + "." + member.text + "(...)`";
    for (const ast::Arg& a : e.args) check_expr(a.value);
    return p_.types.error();
  }
  if (f.receiver == ast::Receiver::MutSelf) check_mutable_root(member.lhs, "call a `mut self` method on");
  CallInfo& call = p_.calls[id.index];
  call.kind = CallKind::UserMethod;
  call.decl = decl;
  return check_function_call(id, m->function);
}

TypeId Checker::check_validation_error(ExprId id) {
  const ast::Expr& e = expr(id);
  CallInfo& call = p_.calls[id.index];
  call.kind = CallKind::ValidationError;
  std::vector<ParamSpec> params{{"message", p_.types.str(), false, e.span}, {"code", p_.types.str(), true, e.span}};
  std::vector<int> bound;
  bind_args(id, "ValidationError", params, false, bound, e.span, false);
  p_.calls[id.index].arg_for_param = std::move(bound);
  return p_.types.validation_error();
}

TypeId Checker::check_builtin_call(ExprId id, Builtin b) {
  const ast::Expr& e = expr(id);
  TypeStore& ts = p_.types;
  CallInfo& call = p_.calls[id.index];
  call.kind = CallKind::Builtin;
  call.builtin = b;
  std::string name = builtin_name(b);
  auto arg_type = [&](std::size_t i, TypeId expected = TypeId::invalid()) {
    return check_expr(e.args[i].value, expected);
  };
  auto arg_span = [&](std::size_t i) { return expr(e.args[i].value).span; };
  auto bad_arg = [&](std::size_t i, TypeId t, const std::string& wanted) {
    if (!ts.is_error(t))
      error(DiagKind::TypeMismatch, arg_span(i), "`" + name + "` expects " + wanted + ", found " + tname(t));
  };
  switch (b) {
    case Builtin::Print:
    case Builtin::Println:
      if (!check_arg_count(id, 0, 1, name)) return ts.unit();
      if (!e.args.empty()) {
        TypeId t = arg_type(0);
        TypeKind k = ts.kind(t);
        if (k == TypeKind::Awaitable || k == TypeKind::JoinHandle || k == TypeKind::Range)
          error(DiagKind::TypeMismatch, arg_span(0), "a value of type " + tname(t) + " cannot be printed")
              .hint = k == TypeKind::Awaitable ? "add `await`" : "";
      }
      return ts.unit();
    case Builtin::Len: {
      if (!check_arg_count(id, 1, 1, name)) return ts.int_();
      TypeId t = arg_type(0);
      TypeKind k = ts.kind(t);
      if (k != TypeKind::List && k != TypeKind::Str && k != TypeKind::Dict && k != TypeKind::Set)
        bad_arg(0, t, "a list, dict, set or string");
      return ts.int_();
    }
    case Builtin::Str:
      if (check_arg_count(id, 1, 1, name)) arg_type(0);
      return ts.str();
    case Builtin::Int: {
      if (!check_arg_count(id, 1, 1, name)) return ts.int_();
      TypeId t = arg_type(0);
      TypeKind k = ts.kind(t);
      if (k != TypeKind::Int && k != TypeKind::Float && k != TypeKind::Str && k != TypeKind::Bool)
        bad_arg(0, t, "an `int`, `float`, `bool` or `str`");
      return ts.int_();
    }
    case Builtin::Float: {
      if (!check_arg_count(id, 1, 1, name)) return ts.float_();
      TypeId t = arg_type(0);
      TypeKind k = ts.kind(t);
      if (k != TypeKind::Int && k != TypeKind::Float && k != TypeKind::Str) bad_arg(0, t, "an `int`, `float` or `str`");
      return ts.float_();
    }
    case Builtin::Bool: {
      if (!check_arg_count(id, 1, 1, name)) return ts.bool_();
      TypeId t = arg_type(0);
      TypeKind k = ts.kind(t);
      if (k != TypeKind::Int && k != TypeKind::Float && k != TypeKind::Str && k != TypeKind::Bool &&
          k != TypeKind::List)
        bad_arg(0, t, "a number, `bool`, `str` or list");
      return ts.bool_();
    }
    case Builtin::Abs: {
      if (!check_arg_count(id, 1, 1, name)) return ts.error();
      TypeId t = arg_type(0);
      if (!ts.is_numeric(t)) {
        bad_arg(0, t, "an `int` or `float`");
        return ts.error();
      }
      return t;
    }
    case Builtin::Min:
    case Builtin::Max:
    case Builtin::Sorted:
    case Builtin::Sum: {
      if (!check_arg_count(id, 1, 1, name)) return ts.error();
      TypeId t = arg_type(0);
      if (ts.is_error(t)) return t;
      if (ts.kind(t) != TypeKind::List) {
        bad_arg(0, t, "a list");
        return ts.error();
      }
      TypeId elem = ts.get(t).a;
      TypeKind ek = ts.kind(elem);
      if (ts.is_error(elem)) return b == Builtin::Sorted ? t : elem;
      if (b == Builtin::Sum) {
        if (ek == TypeKind::Int || ek == TypeKind::Bool) return ts.int_();
        if (ek == TypeKind::Float) return ts.float_();
        bad_arg(0, t, "a list of numbers");
        return ts.error();
      }
      if (ek != TypeKind::Int && ek != TypeKind::Float && ek != TypeKind::Str && ek != TypeKind::Bool &&
          ek != TypeKind::Tuple && !ts.is_error(elem)) {
        bad_arg(0, t, "a list of numbers, strings or tuples");
        return ts.error();
      }
      return b == Builtin::Sorted ? t : elem;
    }
    case Builtin::Range: {
      if (!check_arg_count(id, 1, 3, name)) return ts.range();
      for (std::size_t i = 0; i < e.args.size(); ++i) {
        TypeId t = arg_type(i, ts.int_());
        if (e.args.size() == 1 && ts.kind(t) == TypeKind::Range) return ts.range();
        expect_type(ts.int_(), t, arg_span(i), "range argument");
      }
      return ts.range();
    }
    case Builtin::Enumerate: {
      if (!check_arg_count(id, 1, 1, name)) return ts.error();
      TypeId t = arg_type(0);
      if (ts.is_error(t)) return t;
      TypeId item = item_type(t, arg_span(0));
      return ts.is_error(item) ? item : ts.list(ts.tuple({ts.int_(), item}));
    }
    case Builtin::Zip: {
      if (!check_arg_count(id, 2, 2, name)) return ts.error();
      TypeId a = arg_type(0), b = arg_type(1);
      if (ts.is_error(a) || ts.is_error(b)) return ts.error();
      TypeId ia = item_type(a, arg_span(0)), ib = item_type(b, arg_span(1));
      if (ts.is_error(ia) || ts.is_error(ib)) return ts.error();
      return ts.list(ts.tuple({ia, ib}));
    }
    case Builtin::SetNew: {
      // `set()` (the only empty-set spelling) takes its type from context;
      // `set(xs)` collects a list, string, set or dict keys.
      if (!check_arg_count(id, 0, 1, name)) return ts.error();
      if (e.args.empty()) {
        if (expected_.is_valid() && ts.kind(expected_) == TypeKind::Set) return expected_;
        error(DiagKind::EmptyListType, e.span, "cannot infer the element type of `set()`")
            .hint = "annotate the binding, e.g. `s: set[int] = set()`";
        return ts.error();
      }
      TypeId t = arg_type(0);
      if (ts.is_error(t)) return t;
      TypeId item = item_type(t, arg_span(0));
      if (ts.is_error(item) || !check_hashable(item, arg_span(0))) return ts.error();
      return ts.set(item);
    }
    case Builtin::Some: {
      if (!check_arg_count(id, 1, 1, name)) return ts.error();
      TypeId want = expected_.is_valid() && ts.kind(expected_) == TypeKind::Option ? ts.get(expected_).a : TypeId::invalid();
      TypeId t = arg_type(0, want);
      if (want.is_valid() && compatible(want, t)) return expected_;
      return ts.option(t);
    }
    case Builtin::Ok:
    case Builtin::Err: {
      if (!check_arg_count(id, 1, 1, name)) return ts.error();
      bool ok = b == Builtin::Ok;
      bool known = expected_.is_valid() && ts.kind(expected_) == TypeKind::Result;
      TypeId want = known ? (ok ? ts.get(expected_).a : ts.get(expected_).b) : TypeId::invalid();
      TypeId t = arg_type(0, want);
      if (!known) {
        error(DiagKind::TypeMismatch, e.span,
              std::string("cannot infer the ") + (ok ? "error" : "success") + " type of `" + name + "(...)`")
            .hint = "use it where a `Result[T, E]` is expected: a `return`, an argument, or an annotated binding";
        return ts.error();
      }
      expect_type(want, t, arg_span(0), "argument");
      return expected_;
    }
    case Builtin::Sleep:
      if (check_arg_count(id, 1, 1, name)) {
        TypeId t = arg_type(0, ts.float_());
        expect_type(ts.float_(), t, arg_span(0), "argument");
      }
      return ts.awaitable(ts.unit());
    case Builtin::SleepMs:
      if (check_arg_count(id, 1, 1, name)) {
        TypeId t = arg_type(0, ts.int_());
        expect_type(ts.int_(), t, arg_span(0), "argument");
      }
      return ts.awaitable(ts.unit());
    case Builtin::YieldNow:
      check_arg_count(id, 0, 0, name);
      return ts.awaitable(ts.unit());
    case Builtin::Argv:
      check_arg_count(id, 0, 0, name);
      return ts.list(ts.str());
    case Builtin::Monotonic:
    case Builtin::CpuTime:
      check_arg_count(id, 0, 0, name);
      return ts.float_();
    case Builtin::SpawnBlocking:
    case Builtin::Timeout:
    case Builtin::TimeoutMs:
    case Builtin::TimeoutJoin:
    case Builtin::TimeoutJoinMs: return check_async_builtin(id, b);
    case Builtin::Channel:
    case Builtin::UnboundedChannel:
    case Builtin::Oneshot: return check_channel_call(id, b, ExprId::invalid());
    case Builtin::Spawn: {
      if (!check_arg_count(id, 1, 1, name)) return ts.error();
      TypeId t = arg_type(0);
      if (ts.is_error(t)) return t;
      if (ts.kind(t) != TypeKind::Awaitable) {
        error(DiagKind::TypeMismatch, arg_span(0), "`spawn` expects an async call, found " + tname(t))
            .hint = "pass a coroutine call such as `spawn(worker(1))`";
        return ts.error();
      }
      return ts.join_handle(ts.get(t).a);
    }
  }
  return ts.error();
}

TypeId Checker::check_method_call(ExprId id) {
  const ast::Expr& e = expr(id);
  const ast::Expr& member = expr(e.lhs);
  TypeStore& ts = p_.types;
  bool saved_no_consume = no_consume_;
  no_consume_ = expr(member.lhs).kind == ast::ExprKind::Name;  // a method call does not consume its receiver
  TypeId recv = check_expr(member.lhs);
  no_consume_ = saved_no_consume;
  p_.expr_types[e.lhs.index] = recv;
  if (ts.is_error(recv)) {
    for (const ast::Arg& a : e.args) check_expr(a.value);
    return ts.error();
  }
  if (ts.kind(recv) == TypeKind::Named) {
    TypeId t = check_user_method_call(id, recv);
    if (t.is_valid()) return t;
  }
  if (ts.kind(recv) == TypeKind::Lib) return check_lib_method(id, recv);
  TypeKind rk = ts.kind(recv);
  struct Entry {
    Method method;
    TypeKind receiver;
    const char* name;
    bool mutates;
  };
  static constexpr Entry kMethods[] = {
#define INCAN_METHOD(kind, receiver, name, mutates) {Method::kind, TypeKind::receiver, name, mutates},
#include "typecheck/methods.def"
  };
  const Entry* found = nullptr;
  for (const Entry& m : kMethods)
    if (m.receiver == rk && member.text == m.name) found = &m;
  if (found && found->method == Method::EnumMessage && m_.decl(ast::TypeDeclId(ts.get(recv).decl)).kind != ast::DeclKind::Enum)
    found = nullptr;
  if (!found) {
    Diagnostic& d = error(DiagKind::UnknownMember, member.name_span,
                          "type " + tname(recv) + " has no method `" + member.text + "`");
    if (rk == TypeKind::Str && member.text == "format") d.hint = "use an f-string: f\"...{x}...\"";
    else if (rk == TypeKind::List && member.text == "push") d.hint = "use `append`";
    else if (rk == TypeKind::Str && (member.text == "lstrip" || member.text == "rstrip")) d.hint = "use `strip`";
    for (const ast::Arg& a : e.args) check_expr(a.value);
    return ts.error();
  }
  CallInfo& call = p_.calls[id.index];
  call.kind = CallKind::Method;
  call.method = found->method;
  if (found->mutates) check_mutable_root(member.lhs, "mutate");
  std::string name = member.text;
  TypeId elem = (rk == TypeKind::List || rk == TypeKind::Set || rk == TypeKind::Option) ? ts.get(recv).a : TypeId::invalid();
  TypeId key = rk == TypeKind::Dict ? ts.get(recv).a : TypeId::invalid();
  TypeId val = rk == TypeKind::Dict ? ts.get(recv).b : TypeId::invalid();
  // Checks the argument list against `params` and returns `result`.
  auto sig = [&](std::initializer_list<TypeId> params, TypeId result) {
    if (!check_arg_count(id, params.size(), params.size(), name)) return result;
    std::size_t i = 0;
    for (TypeId p : params) {
      TypeId t = check_expr(e.args[i].value, p);
      expect_type(p, t, expr(e.args[i].value).span, "argument");
      ++i;
    }
    return result;
  };
  TypeId str = ts.str(), int_ = ts.int_(), bool_ = ts.bool_(), unit = ts.unit();
  switch (found->method) {
    case Method::StrUpper:
    case Method::StrLower:
    case Method::StrStrip:
    case Method::StrTrim:
    case Method::StrToString:
    case Method::StrClone: return sig({}, str);
    case Method::StrSplit:
      if (e.args.empty()) return ts.list(str);  // `s.split()` returns `[s]`
      return sig({str}, ts.list(str));
    case Method::StrSplitWhitespace: return sig({}, ts.list(str));
    case Method::StrJoin: return sig({ts.list(str)}, str);
    case Method::StrContains:
    case Method::StrStartsWith:
    case Method::StrStartsWith2:
    case Method::StrEndsWith:
    case Method::StrEndsWith2: return sig({str}, bool_);
    case Method::StrReplace: return sig({str, str}, str);
    case Method::StrLen: return sig({}, int_);
    case Method::StrIsEmpty: return sig({}, bool_);
    case Method::ListAppend: return sig({elem}, unit);
    case Method::ListPop: return sig({}, elem);
    case Method::ListExtend: return sig({recv}, unit);
    case Method::ListContains: return sig({elem}, bool_);
    case Method::ListLen: return sig({}, int_);
    case Method::ListIsEmpty: return sig({}, bool_);
    case Method::ListClone: return sig({}, recv);
    case Method::ListIndex:
    case Method::ListCount: return sig({elem}, int_);
    case Method::ListInsert: return sig({int_, elem}, unit);
    case Method::ListReverse:
    case Method::ListClear: return sig({}, unit);
    case Method::ListSort: {
      TypeKind ek = ts.kind(elem);
      if (ek != TypeKind::Int && ek != TypeKind::Float && ek != TypeKind::Str && ek != TypeKind::Bool &&
          !ts.contains_error(elem))
        error(DiagKind::UnknownMember, member.name_span, "`sort` needs a list of numbers or strings, found " + tname(recv));
      return sig({}, unit);
    }
    case Method::ListRemove: return sig({int_}, unit);
    case Method::ListSwap: return sig({int_, int_}, unit);
    case Method::OptionUnwrap:
    case Method::OptionCopied:
      if (found->method == Method::OptionCopied) return sig({}, recv);
      return sig({}, elem);
    case Method::OptionCloned: return sig({}, recv);
    case Method::OptionUnwrapOr: return sig({elem}, elem);
    case Method::OptionExpect: return sig({str}, elem);
    case Method::OptionIsSome:
    case Method::OptionIsNone: return sig({}, bool_);
    case Method::OptionOkOr: {
      if (!check_arg_count(id, 1, 1, name)) return ts.error();
      TypeId err = check_expr(e.args[0].value);
      return ts.is_error(err) ? err : ts.result(elem, err);
    }
    case Method::ResultExpect: return sig({str}, ts.get(recv).a);
    case Method::ResultOk: return sig({}, ts.option(ts.get(recv).a));
    case Method::ResultErr: return sig({}, ts.option(ts.get(recv).b));
    case Method::DictGet:
      if (e.args.size() == 2) return sig({key, val}, val);  // `d.get(k, default)`
      return sig({key}, ts.option(val));
    case Method::DictInsert: return sig({key, val}, unit);
    case Method::DictKeys: return sig({}, ts.list(key));
    case Method::DictValues: return sig({}, ts.list(val));
    case Method::DictItems: return sig({}, ts.list(ts.tuple({key, val})));
    case Method::DictContainsKey: return sig({key}, bool_);
    case Method::DictRemove: return sig({key}, ts.option(val));
    case Method::DictLen:
    case Method::SetLen: return sig({}, int_);
    case Method::DictIsEmpty:
    case Method::SetIsEmpty: return sig({}, bool_);
    case Method::DictClone:
    case Method::SetClone: return sig({}, recv);
    case Method::SetAdd: return sig({elem}, unit);
    case Method::SetContains: return sig({elem}, bool_);
    case Method::SetRemove: return sig({elem}, bool_);
    case Method::SetUnion:
    case Method::SetIntersection:
    case Method::SetDifference: return sig({recv}, recv);
    case Method::ResultUnwrap: return sig({}, ts.get(recv).a);
    case Method::ResultUnwrapOr: return sig({ts.get(recv).a}, ts.get(recv).a);
    case Method::ResultIsOk:
    case Method::ResultIsErr: return sig({}, bool_);
    case Method::JoinErrorMessage: return sig({}, str);
    case Method::NamedClone: return sig({}, recv);
    case Method::JoinHandleIsFinished: return sig({}, bool_);
    case Method::JoinHandleAbort: return sig({}, unit);
    case Method::EnumMessage: return sig({}, str);
    case Method::JoinErrorIsCancelled:
    case Method::JoinErrorIsPanic: return sig({}, bool_);
  }
  return ts.error();
}

TypeId Checker::check_call(ExprId id) {
  const ast::Expr& e = expr(id);
  const ast::Expr& callee = expr(e.lhs);
  if (callee.kind == ast::ExprKind::Member) {
    if (expr(callee.lhs).kind == ast::ExprKind::Name) {
      if (ast::TypeDeclId decl = type_named(expr(callee.lhs).text); decl.is_valid()) {
        p_.names[callee.lhs.index] = NameRef{NameKind::Type, {}, {}, {}, decl, UINT32_MAX};
        return check_type_call(id, decl);
      }
      if (const LibTypeInfo* lt = lib_named(expr(callee.lhs).text)) return check_lib_static(id, *lt);
    }
    return check_method_call(id);
  }
  if (callee.kind == ast::ExprKind::Index && expr(callee.lhs).kind == ast::ExprKind::Name &&
      !lookup_local(expr(callee.lhs).text).is_valid()) {
    // `channel[int](8)`: a builtin with an explicit type argument.
    auto b = builtins_.find(expr(callee.lhs).text);
    if (b != builtins_.end() &&
        (b->second == Builtin::Channel || b->second == Builtin::UnboundedChannel || b->second == Builtin::Oneshot)) {
      p_.names[callee.lhs.index] = NameRef{NameKind::Builtin, {}, {}, b->second, {}, UINT32_MAX};
      return check_channel_call(id, b->second, callee.rhs);
    }
  }
  if (callee.kind == ast::ExprKind::Name) {
    // Locals shadow functions and builtins.
    LocalId local = lookup_local(callee.text);
    if (local.is_valid() && p_.types.kind(p_.locals[local.index].type) == TypeKind::Function) {
      p_.names[e.lhs.index] = NameRef{NameKind::Local, local, {}, {}, {}, UINT32_MAX};
      p_.expr_types[e.lhs.index] = p_.locals[local.index].type;
      return check_closure_call(id, local);
    }
    if (!local.is_valid()) {
      if (ast::TypeDeclId decl = type_named(callee.text); decl.is_valid()) {
        p_.names[e.lhs.index] = NameRef{NameKind::Type, {}, {}, {}, decl, UINT32_MAX};
        return check_construct(id, decl);
      }
      if (callee.text == "ValidationError") return check_validation_error(id);
      auto fn = functions_.find(callee.text);
      if (fn != functions_.end()) {
        p_.names[e.lhs.index] = NameRef{NameKind::Function, {}, fn->second, {}, {}, UINT32_MAX};
        return check_function_call(id, fn->second);
      }
      auto b = builtins_.find(callee.text);
      if (b != builtins_.end()) {
        p_.names[e.lhs.index] = NameRef{NameKind::Builtin, {}, {}, b->second, {}, UINT32_MAX};
        return check_builtin_call(id, b->second);
      }
    }
  }
  TypeId t = check_expr(e.lhs);
  for (const ast::Arg& a : e.args) check_expr(a.value);
  if (!p_.types.is_error(t)) {
    error(DiagKind::NotCallable, callee.span, "a value of type " + tname(t) + " is not callable");
  }
  return p_.types.error();
}

}  // namespace incan::sema
