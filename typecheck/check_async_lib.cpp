// The async standard library's types and functions (ASYNC.md 4-7): `Mutex`, `RwLock`,
// `Semaphore`, `Barrier` and their guards and permits, channels and oneshots,
// `timeout`, `spawn_blocking`, `JoinHandle.abort()`.
#include "typecheck/checker_impl.h"

namespace incan::sema {

const LibTypeInfo* Checker::lib_named(const std::string& name) const {
  if (lookup_local(name).is_valid() || decls_.count(name)) return nullptr;
  auto it = lib_imports_.find(name);
  return it == lib_imports_.end() ? nullptr : &lib_type_info(it->second);
}

// `channel[int]`-style type arguments are parsed as index expressions; read them back
// as types: names, `G[A]`, `G[A, B]` (a tuple index) and `(A, B)`.
TypeId Checker::expr_to_type(ExprId id) {
  const ast::Expr& e = expr(id);
  TypeStore& ts = p_.types;
  auto named = [&](const std::string& n, const std::vector<TypeId>& args, Span span) -> TypeId {
    if (args.empty()) {
      if (n == "int") return ts.int_();
      if (n == "float") return ts.float_();
      if (n == "bool") return ts.bool_();
      if (n == "str") return ts.str();
      if (n == "None") return ts.unit();
      if (auto it = decls_.find(n); it != decls_.end()) return p_.decls[it->second.index].type;
    }
    if ((n == "list" || n == "List") && args.size() == 1) return ts.list(args[0]);
    if (n == "Option" && args.size() == 1) return ts.option(args[0]);
    if (n == "Result" && args.size() == 2) return ts.result(args[0], args[1]);
    if ((n == "dict" || n == "Dict") && args.size() == 2) return ts.dict(args[0], args[1]);
    if ((n == "set" || n == "Set") && args.size() == 1) return ts.set(args[0]);
    if ((n == "tuple" || n == "Tuple")) return ts.tuple(args);
    if (const LibTypeInfo* lt = find_lib_type(n); lt && static_cast<std::size_t>(lt->arity) == args.size())
      return ts.lib(lt->type, args);
    error(DiagKind::UnknownType, span, "unknown type `" + n + "` in a type argument")
        .hint = "type arguments are written like annotations: `channel[int](8)`";
    return ts.error();
  };
  switch (e.kind) {
    case ast::ExprKind::Name: return named(e.text, {}, e.span);
    case ast::ExprKind::NoneLit: return ts.unit();
    case ast::ExprKind::Tuple: {
      std::vector<TypeId> elems;
      for (ExprId el : e.elements) elems.push_back(expr_to_type(el));
      return ts.tuple(elems);
    }
    case ast::ExprKind::Index: {
      if (expr(e.lhs).kind != ast::ExprKind::Name) break;
      std::vector<TypeId> args;
      const ast::Expr& r = expr(e.rhs);
      if (r.kind == ast::ExprKind::Tuple) {
        for (ExprId el : r.elements) args.push_back(expr_to_type(el));
      } else {
        args.push_back(expr_to_type(e.rhs));
      }
      return named(expr(e.lhs).text, args, e.span);
    }
    default: break;
  }
  error(DiagKind::UnknownType, e.span, "expected a type argument");
  return ts.error();
}

// `channel[T](n)`, `unbounded_channel[T]()`, `oneshot[T]()`.
TypeId Checker::check_channel_call(ExprId id, Builtin b, ExprId type_arg) {
  const ast::Expr& e = expr(id);
  TypeStore& ts = p_.types;
  CallInfo& call = p_.calls[id.index];
  call.kind = CallKind::Builtin;
  call.builtin = b;
  std::string name = builtin_name(b);
  TypeId t = TypeId::invalid();
  if (type_arg.is_valid()) {
    t = expr_to_type(type_arg);
    call.type_arg = t;
  } else {
    error(DiagKind::CannotInfer, e.span, "`" + name + "` needs its element type: `" + name + "[int](...)`")
        .hint = "write the element type in brackets after the name";
    for (const ast::Arg& a : e.args) check_expr(a.value);
    return ts.error();
  }
  if (b == Builtin::Channel) {
    if (check_arg_count(id, 1, 1, name)) {
      TypeId n = check_expr(e.args[0].value, ts.int_());
      expect_type(ts.int_(), n, expr(e.args[0].value).span, "argument");
    }
    return ts.tuple({ts.lib(LibType::Sender, {t}), ts.lib(LibType::Receiver, {t})});
  }
  check_arg_count(id, 0, 0, name);
  if (b == Builtin::UnboundedChannel) return ts.tuple({ts.lib(LibType::Sender, {t}), ts.lib(LibType::Receiver, {t})});
  return ts.tuple({ts.lib(LibType::OneshotSender, {t}), ts.lib(LibType::OneshotReceiver, {t})});
}

// `Mutex.new(v)`, `RwLock.new(v)`, `Semaphore.new(n)`, `Barrier.new(n)`, `WaitGroup.new()`,
// `AtomicInt.new(n)`, `AtomicBool.new(b)`.
TypeId Checker::check_lib_static(ExprId id, const LibTypeInfo& lt) {
  const ast::Expr& e = expr(id);
  const ast::Expr& member = expr(e.lhs);
  TypeStore& ts = p_.types;
  CallInfo& call = p_.calls[id.index];
  call.kind = CallKind::LibStatic;
  call.lib = lt.type;
  bool has_new = lt.type == LibType::Mutex || lt.type == LibType::RwLock || lt.type == LibType::Semaphore ||
                 lt.type == LibType::Barrier || lt.type == LibType::WaitGroup || lt.type == LibType::AtomicInt ||
                 lt.type == LibType::AtomicBool;
  if (member.text != "new" || !has_new) {
    error(DiagKind::UnknownMember, member.name_span,
          std::string("`") + lt.name + "` has no associated function `" + member.text + "`")
        .hint = has_new ? std::string("create one with `") + lt.name + ".new(...)`" : "";
    for (const ast::Arg& a : e.args) check_expr(a.value);
    return ts.error();
  }
  std::string callee = std::string(lt.name) + ".new";
  if (lt.type == LibType::WaitGroup) {
    if (!check_arg_count(id, 0, 0, callee)) return ts.error();
    return ts.lib(lt.type);
  }
  if (!check_arg_count(id, 1, 1, callee)) return ts.error();
  if (lt.type == LibType::Semaphore || lt.type == LibType::Barrier || lt.type == LibType::AtomicInt ||
      lt.type == LibType::AtomicBool) {
    TypeId want = lt.type == LibType::AtomicBool ? ts.bool_() : ts.int_();
    TypeId n = check_expr(e.args[0].value, want);
    expect_type(want, n, expr(e.args[0].value).span, "argument");
    return ts.lib(lt.type);
  }
  TypeId v = check_expr(e.args[0].value, expected_);
  if (ts.is_error(v)) return v;
  if (ts.is_move_only(v) || ts.kind(v) == TypeKind::Function) {
    error(DiagKind::TypeMismatch, expr(e.args[0].value).span,
          std::string("a `") + lt.name + "` cannot protect a value of type " + tname(v))
        .hint = "protect a plain value (numbers, strings, collections, models)";
    return ts.error();
  }
  return ts.lib(lt.type, {v});
}

// Methods of the library types. Async ones give `Awaitable[T]` and must be awaited
// where they are called (or passed straight to `timeout`).
TypeId Checker::check_lib_method(ExprId id, TypeId recv) {
  const ast::Expr& e = expr(id);
  const ast::Expr& member = expr(e.lhs);
  TypeStore& ts = p_.types;
  const Type& rt = ts.get(recv);
  LibType lt = static_cast<LibType>(rt.decl);
  TypeId arg0 = rt.elems.empty() ? TypeId::invalid() : rt.elems[0];
  CallInfo& call = p_.calls[id.index];
  call.kind = CallKind::LibMethod;
  call.lib = lt;
  const std::string& m = member.text;
  std::string callee = std::string(lib_type_info(lt).name) + "." + m;
  auto sig = [&](std::initializer_list<TypeId> params, TypeId result) {
    if (!check_arg_count(id, params.size(), params.size(), callee)) return result;
    std::size_t i = 0;
    for (TypeId p : params) {
      TypeId t = check_expr(e.args[i].value, p);
      expect_type(p, t, expr(e.args[i].value).span, "argument");
      ++i;
    }
    return result;
  };
  auto async_sig = [&](std::initializer_list<TypeId> params, TypeId result) {
    if (awaited_operand_ != id && timeout_operand_ != id) {
      error(DiagKind::Unsupported, e.span, "`" + callee + "(...)` must be awaited where it is called")
          .hint = "write `await " + std::string(expr(member.lhs).kind == ast::ExprKind::Name ? expr(member.lhs).text : "x") +
                  "." + m + "(...)`";
    }
    call.lib_async = true;
    return ts.awaitable(sig(params, result));
  };
  TypeId unit = ts.unit(), bool_ = ts.bool_(), int_ = ts.int_(), str = ts.str();
  switch (lt) {
    case LibType::Mutex:
      if (m == "lock") return async_sig({}, ts.lib(LibType::MutexGuard, {arg0}));
      if (m == "try_lock") return sig({}, ts.option(ts.lib(LibType::MutexGuard, {arg0})));
      if (m == "clone") return sig({}, recv);
      break;
    case LibType::RwLock:
      if (m == "read") return async_sig({}, ts.lib(LibType::ReadGuard, {arg0}));
      if (m == "write") return async_sig({}, ts.lib(LibType::WriteGuard, {arg0}));
      if (m == "try_read") return sig({}, ts.option(ts.lib(LibType::ReadGuard, {arg0})));
      if (m == "try_write") return sig({}, ts.option(ts.lib(LibType::WriteGuard, {arg0})));
      if (m == "clone") return sig({}, recv);
      break;
    case LibType::MutexGuard:
    case LibType::WriteGuard:
      if (m == "get") return sig({}, arg0);
      if (m == "set") return sig({arg0}, unit);
      break;
    case LibType::ReadGuard:
      if (m == "get") return sig({}, arg0);
      break;
    case LibType::Semaphore:
      if (m == "acquire")
        return async_sig({}, ts.result(ts.lib(LibType::SemaphorePermit), ts.lib(LibType::SemaphoreAcquireError)));
      if (m == "try_acquire") return sig({}, ts.option(ts.lib(LibType::SemaphorePermit)));
      if (m == "available_permits") return sig({}, int_);
      if (m == "clone") return sig({}, recv);
      break;
    case LibType::Barrier:
      if (m == "wait") return async_sig({}, int_);
      if (m == "clone") return sig({}, recv);
      break;
    case LibType::WaitGroup:
      if (m == "add") return sig({int_}, unit);
      if (m == "done") return sig({}, unit);
      if (m == "count") return sig({}, int_);
      if (m == "wait") return async_sig({}, unit);
      if (m == "clone") return sig({}, recv);
      break;
    case LibType::AtomicInt:
      if (m == "load") return sig({}, int_);
      if (m == "store") return sig({int_}, unit);
      if (m == "add" || m == "sub") return sig({int_}, int_);
      if (m == "swap") return sig({int_}, int_);
      if (m == "compare_and_swap") return sig({int_, int_}, bool_);
      if (m == "clone") return sig({}, recv);
      break;
    case LibType::AtomicBool:
      if (m == "load") return sig({}, bool_);
      if (m == "store") return sig({bool_}, unit);
      if (m == "swap") return sig({bool_}, bool_);
      if (m == "compare_and_swap") return sig({bool_, bool_}, bool_);
      if (m == "clone") return sig({}, recv);
      break;
    case LibType::Sender:
      if (m == "send") return async_sig({arg0}, ts.result(unit, ts.lib(LibType::SendError, {arg0})));
      if (m == "reserve")
        return async_sig({}, ts.result(ts.lib(LibType::SenderPermit, {arg0}), ts.lib(LibType::SendError, {unit})));
      if (m == "try_send") return sig({arg0}, ts.result(unit, ts.lib(LibType::SendError, {arg0})));
      if (m == "is_closed") return sig({}, bool_);
      if (m == "clone") return sig({}, recv);
      break;
    case LibType::Receiver:
      if (m == "recv") return async_sig({}, ts.option(arg0));
      if (m == "try_recv") return sig({}, ts.option(arg0));
      if (m == "close") return sig({}, bool_);
      break;
    case LibType::SenderPermit:
      if (m == "send") return sig({arg0}, ts.result(unit, ts.lib(LibType::SendError, {arg0})));
      break;
    case LibType::OneshotSender:
      if (m == "send") return sig({arg0}, ts.result(unit, arg0));
      break;
    case LibType::OneshotReceiver:
      if (m == "recv") return async_sig({}, ts.result(arg0, ts.lib(LibType::RecvError)));
      break;
    case LibType::SendError:
    case LibType::RecvError:
    case LibType::TimeoutError:
    case LibType::SemaphoreAcquireError:
      if (m == "message") return sig({}, str);
      break;
    case LibType::SemaphorePermit:
    case LibType::TimeoutJoinOutcome: break;
  }
  error(DiagKind::UnknownMember, member.name_span, "type " + tname(recv) + " has no method `" + m + "`");
  for (const ast::Arg& a : e.args) check_expr(a.value);
  return ts.error();
}

// `timeout(s, work)`, `timeout_ms(ms, work)`, `spawn_blocking(f)`.
TypeId Checker::check_async_builtin(ExprId id, Builtin b) {
  const ast::Expr& e = expr(id);
  TypeStore& ts = p_.types;
  std::string name = builtin_name(b);
  if (b == Builtin::SpawnBlocking) {
    if (!check_arg_count(id, 1, 1, name)) return ts.error();
    ExprId arg = e.args[0].value;
    // A zero-parameter function name, or a closure `() => work()`.
    if (expr(arg).kind == ast::ExprKind::Name && !lookup_local(expr(arg).text).is_valid()) {
      auto fn = functions_.find(expr(arg).text);
      if (fn != functions_.end()) {
        const ast::Function& f = m_.function(fn->second);
        p_.names[arg.index] = NameRef{NameKind::Function, {}, fn->second, {}, {}, UINT32_MAX};
        if (!f.params.empty() || f.is_async) {
          error(DiagKind::TypeMismatch, expr(arg).span,
                "`spawn_blocking` needs a synchronous function without parameters")
              .hint = "wrap the call in a closure: `spawn_blocking(() => " + f.name + "(...))`";
          return ts.error();
        }
        TypeId ret = p_.functions[fn->second.index].return_type;
        p_.expr_types[arg.index] = ts.function({}, ret);
        return ts.join_handle(ret);
      }
    }
    TypeId t = check_expr(arg);
    if (ts.is_error(t)) return t;
    if (ts.kind(t) != TypeKind::Function || ts.is_pending_closure(t) || !ts.get(t).elems.empty()) {
      if (ts.is_pending_closure(t)) {
        // `spawn_blocking(() => f())`: infer the closure with no parameters now.
        ExprId lambda(ts.get(t).decl);
        auto it = pending_lambdas_.find(lambda.index);
        if (it != pending_lambdas_.end() && expr(lambda).args.empty()) {
          auto scopes = std::move(it->second);
          pending_lambdas_.erase(it);
          TypeId fn = infer_lambda(lambda, {}, TypeId::invalid(), &scopes);
          retype_locals(t, fn);
          p_.expr_types[arg.index] = fn;
          return ts.join_handle(ts.get(fn).a);
        }
      }
      error(DiagKind::TypeMismatch, expr(arg).span,
            "`spawn_blocking` needs a function without parameters, found " + tname(t))
          .hint = "pass a closure: `spawn_blocking(() => work(n))`";
      return ts.error();
    }
    return ts.join_handle(ts.get(t).a);
  }
  // timeout / timeout_ms / timeout_join / timeout_join_ms
  if (!check_arg_count(id, 2, 2, name)) return ts.awaitable(ts.error());
  bool seconds = b == Builtin::Timeout || b == Builtin::TimeoutJoin;
  TypeId limit = seconds ? ts.float_() : ts.int_();
  TypeId d = check_expr(e.args[0].value, limit);
  if (!ts.is_error(d) && d != limit) {
    Diagnostic& diag = error(DiagKind::TypeMismatch, expr(e.args[0].value).span,
                             "`" + name + "` expects " + tname(limit) + ", found " + tname(d));
    if (seconds && d == ts.int_()) diag.hint = "write a float such as `1.0`, or use `" + name + "_ms`";
  }
  if (b == Builtin::TimeoutJoin || b == Builtin::TimeoutJoinMs) {
    // The handle is moved in; the outcome gives it back on TimedOut.
    TypeId h = check_expr(e.args[1].value);
    if (ts.is_error(h)) return ts.awaitable(ts.error());
    if (ts.kind(h) != TypeKind::JoinHandle) {
      error(DiagKind::TypeMismatch, expr(e.args[1].value).span,
            "`" + name + "` needs a JoinHandle, found " + tname(h))
          .hint = "spawn the work first: `" + name + "(" + (seconds ? "1.0" : "100") + ", spawn(work()))`, or use `" +
                  (seconds ? "timeout" : "timeout_ms") + "` to cancel it at the deadline";
      return ts.awaitable(ts.error());
    }
    return ts.awaitable(ts.lib(LibType::TimeoutJoinOutcome, {ts.get(h).a}));
  }
  ExprId saved = timeout_operand_;
  timeout_operand_ = e.args[1].value;
  TypeId w = check_expr(e.args[1].value);
  timeout_operand_ = saved;
  if (ts.is_error(w)) return ts.awaitable(ts.error());
  TypeId value;
  if (ts.kind(w) == TypeKind::Awaitable) {
    value = ts.get(w).a;
  } else if (ts.kind(w) == TypeKind::JoinHandle) {
    value = ts.result(ts.get(w).a, ts.task_join_error());
  } else {
    error(DiagKind::NotAwaitable, expr(e.args[1].value).span,
          "`" + name + "` needs an async call or a JoinHandle, found " + tname(w))
        .hint = "pass the call itself: `" + name + "(1.0, work())`";
    return ts.awaitable(ts.error());
  }
  return ts.awaitable(ts.result(value, ts.lib(LibType::TimeoutError)));
}

}  // namespace incan::sema
