// Private state of the type checker, shared by check_*.cpp.
#pragma once

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "typecheck/checker.h"
#include "frontend/common/gcc_warnings.h"
#include "typecheck/move_flags.h"

namespace incan::sema {

using ast::ExprId;
using ast::StmtId;

class Checker {
 public:
  Checker(const ast::Module& module, DiagnosticEmitter& diags);
  Program run();

  // --- declarations (check_decl.cpp) ---
  void collect_imports();
  void collect_functions();
  // --- user types (check_type_decl.cpp) ---
  void collect_decls();
  void resolve_decls();
  void build_method_table(ast::TypeDeclId id, std::vector<int>& state);
  void check_adoption(ast::TypeDeclId id);
  void check_field_defaults();
  // --- consts (check_const.cpp) ---
  void collect_rust_import(const ast::Import& imp, const std::string& path);
  void collect_consts();
  void check_consts();
  void check_const(std::uint32_t k);
  bool const_evaluable(ExprId id);
  std::uint32_t const_named(const std::string& name) const;  // UINT32_MAX: none
  bool field_accessible(const FieldInfo& f) const;
  void unknown_variant(ast::TypeDeclId decl, const std::string& name, Span span);
  // `x.name` where x has a user type: a field, `.0` of a newtype (check_expr.cpp).
  TypeId check_user_member(ExprId id, TypeId base);
  // `Type.name` (not called): a unit variant.
  TypeId check_type_member(ExprId id, ast::TypeDeclId decl);
  // Calls involving user types (check_call.cpp).
  TypeId check_construct(ExprId id, ast::TypeDeclId decl);
  TypeId check_type_call(ExprId id, ast::TypeDeclId decl);  // `Type.m(...)`, `Enum.V(...)`
  TypeId check_user_method_call(ExprId id, TypeId recv);    // invalid TypeId: not a user method
  TypeId check_validation_error(ExprId id);
  // Binds `e.args` to `params` (names, types, has-default) like a function call;
  // fills `arg_for_param` and checks argument types.
  struct ParamSpec {
    std::string name;
    TypeId type;
    bool has_default = false;
    Span span;
  };
  void bind_args(ExprId id, const std::string& callee, const std::vector<ParamSpec>& params, bool keyword_only,
                 std::vector<int>& arg_for_param, Span defined_at, bool fields);
  // The user type a Name denotes when it is not shadowed by a local.
  ast::TypeDeclId type_named(const std::string& name) const;
  bool has_equality(TypeId t) const;
  // --- the async library (check_async_lib.cpp) ---
  const LibTypeInfo* lib_named(const std::string& name) const;
  TypeId expr_to_type(ExprId id);
  TypeId check_channel_call(ExprId id, Builtin b, ExprId type_arg);
  TypeId check_lib_static(ExprId id, const LibTypeInfo& lt);
  TypeId check_lib_method(ExprId id, TypeId recv);
  TypeId check_async_builtin(ExprId id, Builtin b);
  std::unordered_map<std::string, LibType> lib_imports_;  // library type names in scope
  ExprId awaited_operand_;  // the operand of the `await` being checked
  // Uses of handle-typed locals in the current function, for last-use moves
  // (LANGUAGE.md 4.5): the last use of a sender moved into `spawn(...)` closes the
  // channel when the task ends.
  struct HandleUse {
    LocalId local;
    ExprId expr;
    int loop_depth;
    bool movable;  // not a method receiver, not inside a closure
  };
  std::vector<HandleUse> handle_uses_;
  void mark_last_uses();
  ExprId timeout_operand_;  // the work argument of the `timeout` being checked
  void no_equality(ExprId id, TypeId t);
  TypeId resolve_type(ast::TypeExprId id);
  void check_function(ast::FunctionId id);

  // --- statements (check_stmt.cpp) ---
  void check_block(const std::vector<StmtId>& body);
  void check_stmt(StmtId id);
  void check_assign(StmtId id);
  void check_compound_assign(StmtId id);
  void check_for(StmtId id);
  bool always_returns(const std::vector<StmtId>& body) const;
  // Reports mutation through a target path rooted at an immutable parameter.
  void check_mutable_root(ExprId target, const char* action);

  // --- expressions (check_expr.cpp) ---
  // `expected` (may be invalid) guides literals such as `[]`.
  TypeId check_expr(ExprId id, TypeId expected = TypeId::invalid());
  TypeId check_expr_inner(ExprId id, TypeId expected);
  TypeId check_name(ExprId id);
  TypeId check_binary(ExprId id);
  TypeId check_list(ExprId id, TypeId expected);
  TypeId check_index(ExprId id);
  TypeId check_slice(ExprId id);
  TypeId check_await(ExprId id);
  // Reports TypeMismatch unless `actual` is acceptable where `expected` is required.
  bool expect_type(TypeId expected, TypeId actual, Span span, const char* context = nullptr);
  bool compatible(TypeId expected, TypeId actual) const;
  // Reports UnhashableKey unless `t` may be a dict key or set element.
  bool check_hashable(TypeId t, Span span);
  TypeId check_collection(ExprId id, TypeId expected);
  TypeId check_try(ExprId id);
  void check_unpack(StmtId id);
  // --- patterns (check_pattern.cpp) ---
  void check_pattern(ast::PatternId id, TypeId type);
  void check_variant_pattern(ast::PatternId id, TypeId type);
  void collect_bindings(ast::PatternId id, std::vector<std::pair<std::string, TypeId>>& out) const;
  void check_match(StmtId id);
  void check_let_pattern(StmtId id);
  // Returns "" if `rows` (unguarded arm patterns) cover `type`, else a missing case.
  std::string missing_case(const std::vector<ast::PatternId>& rows, TypeId type);
  // The item type of iterating `iter`, or the error type after reporting.
  TypeId item_type(TypeId iter, Span span);

  // --- calls (check_call.cpp) ---
  TypeId check_call(ExprId id);
  TypeId check_function_call(ExprId id, ast::FunctionId fn);
  TypeId check_builtin_call(ExprId id, Builtin b);
  TypeId check_method_call(ExprId id);
  bool check_arg_count(ExprId id, std::size_t min, std::size_t max, const std::string& callee);

  // --- scopes ---
  void push_scope() { scopes_.emplace_back(); }
  void pop_scope() { scopes_.pop_back(); }
  LocalId declare_local(const std::string& name, TypeId type, bool is_mut, bool is_param, Span span);
  LocalId lookup_local(const std::string& name) const;
  // Closest known name to `name` for a "did you mean" hint, or "".
  std::string suggest(const std::string& name) const;

  const ast::Expr& expr(ExprId id) const { return m_.expr(id); }
  const ast::Stmt& stmt(StmtId id) const { return m_.stmt(id); }
  Diagnostic& error(DiagKind kind, Span span, std::string message) {
    return diags_.emit(kind, span, std::move(message));
  }
  INCAN_GCC_NO_RESTRICT_BEGIN  // GCC PR 105329 (frontend/common/gcc_warnings.h)
  std::string tname(TypeId t) const { return "`" + p_.types.name(t) + "`"; }
  INCAN_GCC_NO_RESTRICT_END

  const ast::Module& m_;
  DiagnosticEmitter& diags_;
  Program p_;
  std::unordered_map<std::string, ast::FunctionId> functions_;
  std::unordered_map<std::string, ast::TypeDeclId> decls_;
  ast::TypeDeclId self_decl_;  // the type `Self` names while resolving a declaration
  std::unordered_map<std::string, Builtin> builtins_;  // in scope: always-on plus imported
  std::unordered_map<std::string, std::uint32_t> consts_;  // name -> index into Program::consts
  // Names a rejected import would have brought in: the import's diagnostic is the only
  // one, and their uses are accepted silently (as the Error type).
  std::unordered_set<std::string> poisoned_names_;
  void poison_import(const ast::Import& imp);
  std::vector<std::uint8_t> const_state_;  // by const: 0 unchecked, 1 being checked, 2 done
  std::vector<std::unordered_map<std::string, LocalId>> scopes_;
  ast::FunctionId current_fn_;
  const std::vector<std::string>* fn_type_params_ = nullptr;  // the function's `[T]` being resolved or checked
  int loop_depth_ = 0;
  // One frame per enclosing loop: whether it is a `loop` used as a value, and the
  // type of its `break` values so far.
  struct LoopFrame {
    bool is_value = false;
    TypeId break_type;
  };
  std::vector<LoopFrame> loop_frames_;
  void enter_loop(bool is_value) {
    ++loop_depth_;
    loop_frames_.push_back({is_value, TypeId::invalid()});
  }
  TypeId leave_loop() {
    --loop_depth_;
    TypeId t = loop_frames_.back().break_type;
    loop_frames_.pop_back();
    return t;
  }
  TypeId check_loop_expr(ExprId id);
  TypeId check_comprehension(ExprId id, TypeId expected);
  // --- closures (check_expr.cpp) ---
  TypeId check_lambda(ExprId id, TypeId expected);
  // Checks a closure's body with the given parameter types, in `scopes` (the scopes
  // visible where the closure was written).
  TypeId infer_lambda(ExprId id, const std::vector<TypeId>& params, TypeId result,
                      const std::vector<std::unordered_map<std::string, LocalId>>* scopes);
  TypeId check_closure_call(ExprId id, LocalId callee);
  // Closures bound without a known type, by expression index: the scopes at the point
  // of definition (their parameter types come from the first call).
  std::unordered_map<std::uint32_t, std::vector<std::unordered_map<std::string, LocalId>>> pending_lambdas_;
  int closure_depth_ = 0;
  // Gives the locals of type `from` the type `to` (a closure whose parameter types are
  // now inferred). Only the current function's locals can hold a closure written in it,
  // so the scan starts at its first local rather than at the program's.
  void retype_locals(TypeId from, TypeId to);
  std::size_t function_first_local_ = 0;
  // --- move-only values (check_expr.cpp) ---
  // A use of a local holding a coroutine or a JoinHandle consumes it; a second use
  // on the same path is an error. Branches merge their states (a value moved on a
  // path that falls through counts as moved).
  bool no_consume_ = false;  // checking a method receiver (`h.is_finished()`)
  MoveFlags moved_;          // by LocalId; saved and restored per branch in O(changes)
  TypeId expected_;  // the expected type of the call being checked (for `Ok`, `Err`, `Some`)
};

}  // namespace incan::sema
