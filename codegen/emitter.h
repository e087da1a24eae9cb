// Private state of the C++ emitter, shared by emit_*.cpp.
//
// Evaluation order: Incan evaluates operands and arguments left to right, C++
// leaves most of them unsequenced. When an operand may have side effects (it
// contains a call or an `await`), every earlier operand that is impure or a
// scalar read is first bound to a `tmp_N_` local, in source order: an earlier
// call runs first, and an earlier `int`/`float`/`bool` read sees the value from
// before a later call changed it (as Rust copies it). Every `await` is
// hoisted into its own statement (`auto tmp_N_ = co_await ...;`), which also keeps
// `co_await` out of complex expressions (g++ 12 coroutine bugs, DESIGN.md).
// Hoisted statements go to the current "prelude" and are printed before the
// statement that needs them; `while` conditions and the right operand of
// `and`/`or` get their own prelude so that hoisting never changes what runs.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "codegen/codegen.h"

namespace incan::cg {

using ast::ExprId;
using ast::StmtId;
using sema::TypeId;
using sema::TypeKind;

struct PatternBinding {
  std::string name;
  sema::LocalId local;
  std::string path;  // C++ expression reading the bound part of the subject
};

class Emitter {
 public:
  Emitter(const sema::Program& program, const SourceManager& sources, const EmitOptions& options)
      : p_(program), m_(*program.module), sources_(sources), options_(options) {}
  std::string run();

  // --- program and functions (emit_program.cpp) ---
  std::string cpp_type(TypeId t, bool as_return = false) const;
  std::string function_signature(ast::FunctionId id) const;
  void emit_function(ast::FunctionId id);
  void emit_consts();
  std::string const_cpp_name(std::uint32_t k) const;  // a const's C++ name, or a mapped Rust item's spelling
  std::string local_name(sema::LocalId id);
  bool param_is_inout(ast::FunctionId fn, std::size_t index) const;
  bool param_is_cref(ast::FunctionId fn, std::size_t index) const;
  bool is_heavy(TypeId t) const;  // costly to copy (strings, containers, user types)
  std::string param_decl(ast::FunctionId fn, std::size_t index) const;

  // --- user types (emit_types.cpp) ---
  std::string type_name(ast::TypeDeclId id) const;
  std::string method_cpp_name(ast::TypeDeclId decl, const std::string& name) const;
  std::string method_signature(ast::FunctionId id, ast::TypeDeclId in, bool in_class);
  // Recursive types: the strongly connected components of the "contains by value"
  // graph (scc_); a field or payload reaching back into its own component is an
  // `incan::box<T>` (std/core box.h), read through `*`.
  void find_recursive_types();
  bool is_boxed(ast::TypeDeclId owner, TypeId field_type) const;
  bool is_recursive(ast::TypeDeclId id) const;
  bool may_be_boxed(TypeId field_type) const;  // mentions a type of a recursive component
  std::string field_cpp_type(ast::TypeDeclId owner, TypeId t) const;
  std::vector<ast::TypeDeclId> struct_order() const;
  void emit_struct(ast::TypeDeclId id);
  // Classes that extend `id`, directly or not (each converts to `id` by slicing).
  std::vector<ast::TypeDeclId> descendants(ast::TypeDeclId id) const;
  void emit_slicing_conversions(ast::TypeDeclId id);
  void emit_type_support(ast::TypeDeclId id);
  void emit_method(ast::TypeDeclId in, ast::FunctionId id);
  std::string variant_field(const std::string& path, TypeId enum_type, int variant, std::size_t field) const;
  // Runs `fn` with the method's declaring trait spelled as `in`: inherited and
  // default methods are emitted again in each struct.
  template <class Fn>
  void with_self_type(ast::TypeDeclId in, ast::FunctionId method, Fn fn) {
    std::uint32_t saved_from = subst_from_;
    std::string saved_to = subst_to_;
    // Only a trait's own type is spelled as the adopter: a parent class is a type of
    // its own, and `self` passed or returned as the parent converts by slicing
    // (emit_struct declares the conversions).
    ast::TypeDeclId owner = m_.function(method).owner;
    if (owner.is_valid() && owner != in && m_.decl(owner).kind == ast::DeclKind::Trait) {
      subst_from_ = owner.index;
      subst_to_ = type_name(in);
    }
    fn();
    subst_from_ = saved_from;
    subst_to_ = saved_to;
  }

  // --- statements (emit_stmt.cpp) ---
  void emit_block(const std::vector<StmtId>& body);
  void emit_stmt(StmtId id);
  void emit_stmt_inner(StmtId id);
  void emit_if(StmtId id, bool as_else_if);
  void emit_if_tail(StmtId id, const std::string& cond, bool as_else_if);
  void emit_for(StmtId id);
  // --- patterns (emit_pattern.cpp) ---
  std::string pattern_test(ast::PatternId id, const std::string& path);
  void pattern_bindings(ast::PatternId id, const std::string& path, std::vector<PatternBinding>& out);
  void emit_bindings(const std::vector<PatternBinding>& bindings, const std::vector<PatternBinding>* names_from);
  void emit_match(StmtId id);
  void emit_let_pattern(StmtId id);
  void emit_line_directive(Span span);
  void emit_assert(StmtId id);
  // Emits statements through `fn` and appends their lines to the current prelude.
  template <class Fn>
  void emit_into_prelude(Fn fn) {
    std::string saved_out = std::move(out_);
    int saved_indent = indent_;
    std::vector<std::string>* saved_prelude = prelude_;
    out_.clear();
    indent_ = 0;
    fn();
    std::string text = std::move(out_);
    out_ = std::move(saved_out);
    indent_ = saved_indent;
    prelude_ = saved_prelude;
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      prelude_->push_back(text.substr(start, end - start));
      start = end + 1;
    }
  }
  void line(const std::string& text);  // one output line at the current indentation
  void flush_prelude(std::vector<std::string>& prelude);

  // --- expressions (emit_expr.cpp) ---
  // Emits `id` as a C++ expression; hoisted statements go to `*prelude_`.
  std::string expr(ExprId id);
  // Like expr(), but a `None`-typed call becomes a value (`(f(), incan::unit{})`).
  std::string value(ExprId id);
  // Emits operands in order, hoisting all impure ones but the last.
  std::vector<std::string> ordered(const std::vector<ExprId>& operands);
  // ordered() over a call's argument values, in source order.
  std::vector<std::string> ordered_args(const ast::Expr& call);
  std::string hoist(const std::string& cpp_expr, TypeId type);
  // A braced (list-initialised) temporary of type `t`: in a coroutine body, hoisted
  // to a named local and moved (g++ 12 coroutine defects, DESIGN.md).
  std::string braced(const std::string& cpp_expr, TypeId t);
  bool is_impure(ExprId id) const;
  std::string binary(ExprId id);
  std::string call(ExprId id);
  // The C++ arguments of a call to `fn`, in parameter order (defaults filled in).
  std::string bound_args(ExprId id, ast::FunctionId fn, const std::vector<std::string>& args);
  std::string builtin_call(ExprId id);
  std::string method_call(ExprId id);
  std::string await_expr(ExprId id);
  std::string lambda(ExprId id);
  std::string lib_call(ExprId id);
  std::string fstring(ExprId id);
  std::string comprehension(ExprId id);
  // The C++ range to iterate for an Incan iterable (strings by scalar, dict keys and
  // set elements as snapshots).
  std::string iteration_source(const std::string& cpp, TypeId type) const;
  std::string display(const std::string& cpp, TypeId type, bool debug);
  std::string numeric(const std::string& cpp, TypeId from, bool to_float) const;
  std::string subject_name(const std::string& subject_expr);
  std::string temp() { return "tmp_" + std::to_string(++temp_counter_) + "_"; }

  TypeId type(ExprId id) const { return p_.type_of(id); }
  TypeKind kind(TypeId t) const { return p_.types.kind(t); }
  const ast::Expr& node(ExprId id) const { return m_.expr(id); }

  const sema::Program& p_;
  const ast::Module& m_;
  const SourceManager& sources_;
  const EmitOptions& options_;
  std::string out_;
  int indent_ = 0;
  int temp_counter_ = 0;
  std::vector<std::string>* prelude_ = nullptr;
  ast::FunctionId fn_;
  ast::TypeDeclId struct_;  // the struct whose method is being emitted
  std::uint32_t subst_from_ = UINT32_MAX;  // see with_self_type
  std::string subst_to_;
  bool fn_async_ = false;
  std::vector<int> scc_;       // by TypeDeclId: its strongly connected component
  std::vector<bool> cyclic_;   // by TypeDeclId: its component has a cycle
  std::unordered_map<std::uint32_t, std::string> local_names_;  // LocalId -> C++ name
  std::unordered_map<std::string, int> name_uses_;              // per function
  mutable std::vector<std::int8_t> impure_memo_;
  std::vector<bool> escaping_;  // by ExprId: closures that capture by copy (escape.cpp)
  std::vector<std::string> guard_temps_;  // hoisted guards/permits of the current statement
  std::vector<std::string> loop_values_;  // the `std::optional` of each enclosing `loop` expression                // by ExprId: -1 unknown, 0, 1
};

// True if `body` or `extra_exprs` may change local `target` in place or rebind it
// (so a loop over it must iterate over a snapshot, and a loop variable cannot be a
// reference).
bool mutates_local(const sema::Program& p, const std::vector<StmtId>& body, sema::LocalId target,
                   const std::vector<ExprId>& extra_exprs = {});

// A C++ string literal for `text` (escaped, readable).
std::string cpp_string_literal(const std::string& text);
// The shortest round-trip C++ spelling of a double.
std::string cpp_double_literal(double value);

}  // namespace incan::cg
