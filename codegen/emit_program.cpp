// Program layout: header, forward declarations, function definitions, entry point.
#include "codegen/emitter.h"
#include "codegen/names.h"

namespace incan::cg {

std::string Emitter::cpp_type(TypeId t, bool as_return) const {
  const sema::Type& ty = p_.types.get(t);
  switch (ty.kind) {
    case TypeKind::Error: return "void /* error */";
    case TypeKind::Int: return "std::int64_t";
    case TypeKind::Float: return "double";
    case TypeKind::Bool: return "bool";
    case TypeKind::Str: return "std::string";
    case TypeKind::Unit: return as_return ? "void" : "incan::unit";
    case TypeKind::List: return "incan::list<" + cpp_type(ty.a) + ">";
    case TypeKind::Option: return "incan::option<" + cpp_type(ty.a) + ">";
    case TypeKind::Result: return "incan::result<" + cpp_type(ty.a) + ", " + cpp_type(ty.b) + ">";
    case TypeKind::Awaitable: return "incan::rt::task<" + cpp_type(ty.a, true) + ">";
    case TypeKind::JoinHandle: return "incan::rt::join_handle<" + cpp_type(ty.a, true) + ">";
    case TypeKind::TaskJoinError: return "incan::rt::task_join_error";
    case TypeKind::Range: return "incan::range_view";
    case TypeKind::Dict: return "incan::dict<" + cpp_type(ty.a) + ", " + cpp_type(ty.b) + ">";
    case TypeKind::Set: return "incan::set<" + cpp_type(ty.a) + ">";
    case TypeKind::Tuple: {
      std::string s = "std::tuple<";
      for (std::size_t i = 0; i < ty.elems.size(); ++i) s += (i ? ", " : "") + cpp_type(ty.elems[i]);
      return s + ">";
    }
    case TypeKind::Named:
      if (ty.decl == subst_from_) return subst_to_;
      return type_name(ast::TypeDeclId(ty.decl));
    case TypeKind::ValidationError: return "incan::validation_error";
    case TypeKind::Lib: {
      const sema::LibTypeInfo& lt = sema::lib_type_info(static_cast<sema::LibType>(ty.decl));
      if (ty.elems.empty()) return lt.cpp;
      std::string s = std::string(lt.cpp) + "<";
      for (std::size_t i = 0; i < ty.elems.size(); ++i) s += (i ? ", " : "") + cpp_type(ty.elems[i]);
      return s + ">";
    }
    case TypeKind::Function: {
      if (ty.decl != UINT32_MAX || !ty.a.is_valid()) return "void /* uninferred closure */";
      std::string s = "std::function<" + cpp_type(ty.a, true) + "(";
      for (std::size_t i = 0; i < ty.elems.size(); ++i) s += (i ? ", " : "") + cpp_type(ty.elems[i]);
      return s + ")>";
    }
  }
  return "void";
}

bool Emitter::param_is_inout(ast::FunctionId fn, std::size_t index) const {
  const ast::Param& param = m_.function(fn).params[index];
  if (!param.is_mut || m_.function(fn).is_async) return false;
  TypeKind k = kind(p_.functions[fn.index].param_types[index]);
  return k != TypeKind::Int && k != TypeKind::Float && k != TypeKind::Bool;
}

bool Emitter::param_is_cref(ast::FunctionId fn, std::size_t index) const {
  // A read-only parameter of a type that is costly to copy is taken by const
  // reference: the callee cannot change it (the checker rejects mutation), so this
  // is invisible, except when the same call also passes an in-out argument that may
  // alias it; bound_args() copies the argument then. Coroutines keep by-value
  // parameters (their frames outlive the caller's expression).
  const ast::Function& f = m_.function(fn);
  if (f.params[index].is_mut || f.is_async) return false;
  return is_heavy(p_.functions[fn.index].param_types[index]);
}

bool Emitter::is_heavy(TypeId t) const {
  const sema::Type& ty = p_.types.get(t);
  switch (ty.kind) {
    case TypeKind::Str:
    case TypeKind::List:
    case TypeKind::Dict:
    case TypeKind::Set:
    case TypeKind::Named:
    case TypeKind::ValidationError: return true;
    case TypeKind::Option:
    case TypeKind::Result:
    case TypeKind::Tuple: {
      bool heavy = false;
      for (TypeId c : {ty.a, ty.b})
        if (c.is_valid()) {
          TypeKind k = kind(c);
          if (k == TypeKind::Awaitable || k == TypeKind::JoinHandle || k == TypeKind::Function) return false;
          heavy = heavy || is_heavy(c);
        }
      for (TypeId c : ty.elems) {
        TypeKind k = kind(c);
        if (k == TypeKind::Awaitable || k == TypeKind::JoinHandle || k == TypeKind::Function) return false;
        heavy = heavy || is_heavy(c);
      }
      return heavy;
    }
    default: return false;
  }
}

std::string Emitter::param_decl(ast::FunctionId fn, std::size_t index) const {
  const ast::Function& f = m_.function(fn);
  std::string t = cpp_type(p_.functions[fn.index].param_types[index]);
  if (param_is_inout(fn, index)) return t + "& " + mangle(f.params[index].name);
  if (param_is_cref(fn, index)) return "const " + t + "& " + mangle(f.params[index].name);
  return t + " " + mangle(f.params[index].name);
}

std::string Emitter::function_signature(ast::FunctionId id) const {
  const ast::Function& f = m_.function(id);
  const sema::FunctionInfo& info = p_.functions[id.index];
  std::string ret = cpp_type(info.return_type, true);
  if (f.is_async) ret = "incan::rt::task<" + ret + ">";
  std::string sig = ret + " " + mangle(f.name) + "(";
  for (std::size_t i = 0; i < f.params.size(); ++i) {
    if (i) sig += ", ";
    sig += param_decl(id, i);
  }
  return sig + ")";
}

std::string Emitter::local_name(sema::LocalId id) {
  auto it = local_names_.find(id.index);
  if (it != local_names_.end()) return it->second;
  const sema::Local& local = p_.local(id);
  std::string base = mangle(local.name);
  int uses = ++name_uses_[base];
  std::string name = uses == 1 ? base : base + "_" + std::to_string(uses) + "_";
  local_names_.emplace(id.index, name);
  return name;
}

void Emitter::line(const std::string& text) {
  out_.append(static_cast<std::size_t>(indent_) * 2, ' ');
  out_ += text;
  out_ += '\n';
}

void Emitter::emit_line_directive(Span span) {
  if (!options_.line_directives) return;
  LineCol lc = sources_.line_col(span.file, span.begin);
  out_ += "#line " + std::to_string(lc.line) + " " + cpp_string_literal(options_.source_name) + "\n";
}

void Emitter::emit_function(ast::FunctionId id) {
  const ast::Function& f = m_.function(id);
  fn_ = id;
  fn_async_ = f.is_async;
  local_names_.clear();
  name_uses_.clear();
  temp_counter_ = 0;
  const sema::FunctionInfo& info = p_.functions[id.index];
  for (std::size_t i = 0; i < f.params.size(); ++i) local_names_.emplace(info.param_locals[i].index, mangle(f.params[i].name)),
      ++name_uses_[mangle(f.params[i].name)];
  if (info.self_local.is_valid()) local_names_.emplace(info.self_local.index, "(*this)");
  emit_line_directive(f.span);
  line((struct_.is_valid() ? method_signature(id, struct_, false) : function_signature(id)) + " {");
  ++indent_;
  emit_block(f.body);
  // A coroutine needs a co_ statement even when the body awaits nothing.
  if (f.is_async && kind(info.return_type) == TypeKind::Unit) line("co_return;");
  // The checker proved that every path of a value-returning function returns; tell the
  // C++ compiler when the body does not end in a `return` (e.g. a returning `match`).
  if (kind(info.return_type) != TypeKind::Unit &&
      (f.body.empty() || m_.stmt(f.body.back()).kind != ast::StmtKind::Return))
    line("incan::unreachable_end(" + cpp_string_literal(f.name) + ");");
  --indent_;
  line("}");
  out_ += "\n";
}

std::string Emitter::run() {
  out_ += "// Generated by incan from " + options_.source_name + ". Do not edit: edit the .incn file.\n";
  out_ += "#include <incan/prelude.h>\n";
  for (const sema::Type& t : p_.types.all())
    if (t.kind == TypeKind::Function) {
      out_ += "#include <functional>\n";  // closures and function types: std::function
      break;
    }
  out_ += "\n";
  out_ += "namespace incan_user {\n\n";
  find_recursive_types();
  escaping_ = find_escaping_closures(p_);
  std::vector<ast::TypeDeclId> structs = struct_order();
  for (ast::TypeDeclId d : structs) out_ += "struct " + type_name(d) + ";\n";
  if (!structs.empty()) out_ += "\n";
  for (ast::TypeDeclId d : structs) emit_struct(d);
  for (ast::TypeDeclId d : structs) emit_slicing_conversions(d);
  for (ast::TypeDeclId d : structs) {
    out_ += "void fmt_debug(std::string& out, const " + type_name(d) + "& v);\n";
    out_ += "void fmt_display(std::string& out, const " + type_name(d) + "& v);\n";
  }
  for (std::uint32_t i = 0; i < m_.functions.size(); ++i)
    if (!m_.functions[i].owner.is_valid()) out_ += function_signature(ast::FunctionId(i)) + ";\n";
  out_ += "\n";
  emit_consts();
  for (ast::TypeDeclId d : structs) emit_type_support(d);
  for (ast::TypeDeclId d : structs)
    for (const sema::MethodEntry& me : p_.decl(d).methods) emit_method(d, me.function);
  for (std::uint32_t i = 0; i < m_.functions.size(); ++i)
    if (!m_.functions[i].owner.is_valid()) emit_function(ast::FunctionId(i));
  out_ += "}  // namespace incan_user\n";
  if (p_.main.is_valid()) {
    out_ += "\nint main(int argc, char** argv) {\n";
    out_ += "  incan::set_program_args(argc, argv);\n";
    if (m_.function(p_.main).is_async)
      out_ += "  incan::rt::run_async_main(&incan_user::main_);\n";
    else
      out_ += "  return incan::rt::run_main(&incan_user::main_);\n";
    out_ += "}\n";
  }
  return std::move(out_);
}

// Module-level consts, each after the consts it reads (sema::Program::const_order).
// Scalars are C++ consts; strings and collections are plain variables that only the
// checker keeps frozen, so that every path codegen takes for a value (loops, calls,
// formatting) applies to them unchanged. A value that needs hoisted statements is
// computed by a lambda called once.
void Emitter::emit_consts() {
  for (std::uint32_t k : p_.const_order) {
    const sema::ConstInfo& c = p_.consts[k];
    const ast::ConstDecl& d = m_.consts[static_cast<std::size_t>(c.decl)];
    std::vector<std::string> pre;
    std::vector<std::string>* saved = prelude_;
    prelude_ = &pre;
    fn_ = ast::FunctionId::invalid();
    fn_async_ = false;
    temp_counter_ = 0;
    std::string v = value(d.value);
    prelude_ = saved;
    TypeKind k_type = kind(c.type);
    bool scalar = k_type == TypeKind::Int || k_type == TypeKind::Float || k_type == TypeKind::Bool;
    std::string decl = std::string("[[maybe_unused]] static ") + (scalar ? "const " : "") + cpp_type(c.type) + " " +
                       const_cpp_name(k) + " = ";
    if (pre.empty()) {
      out_ += decl + v + ";\n";
      continue;
    }
    out_ += decl + "[] {\n";
    for (const std::string& l : pre) out_ += "  " + l + "\n";
    out_ += "  return " + v + ";\n}();\n";
  }
  if (!p_.const_order.empty()) out_ += "\n";
}

std::string Emitter::const_cpp_name(std::uint32_t k) const {
  const sema::ConstInfo& c = p_.consts[k];
  if (!c.cpp.empty()) return c.cpp;
  return "const_" + mangle(c.name) + "_0_";  // ends in a digit and `_`: no user name does (names.h)
}

std::string emit_cpp(const sema::Program& program, const SourceManager& sources, const EmitOptions& options) {
  return Emitter(program, sources, options).run();
}

}  // namespace incan::cg
