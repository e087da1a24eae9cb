// User types as C++ structs (codegen/README.md, "User types").
//
// - model / class: a struct with every field (a class's inherited fields first), a
//   default constructor and one taking every field in order; keyword construction
//   is resolved by the checker, so `Point(y=2, x=1)` becomes `Point(1, 2)`.
// - Inheritance and trait default methods are copied: the struct of a class gets
//   its parent's methods, an adopter gets the trait's default methods, each emitted
//   again in the struct's own context. So `self.speak()` inside an inherited method
//   calls the child's `speak`, as the language says, without virtual dispatch, and
//   `extends` creates no C++ subtyping (neither does Incan's).
// - enum: a struct holding `std::variant<variant0_, variant1_, ...> alt0_`, one
//   struct per variant with payload fields `f0_`, `f1_`, and a static factory per
//   variant named like it (`Shape::Circle(5)`, `Color::Red()`).
// - newtype: a struct with one field `value0_`; `checked0_` runs `from_underlying`.
// - Debug / Display: `fmt_debug` / `fmt_display` overloads in namespace incan_user,
//   found by argument-dependent lookup from std/core's templates.
// Compiler-made member names end in `_` after a digit, which no mangled Incan name
// does (codegen/names.h).
#include <algorithm>
#include <functional>

#include "codegen/emitter.h"
#include "codegen/names.h"
#include "frontend/common/gcc_warnings.h"

namespace incan::cg {

std::string Emitter::type_name(ast::TypeDeclId id) const { return mangle(m_.decl(id).name); }

std::string Emitter::method_cpp_name(ast::TypeDeclId decl, const std::string& name) const {
  // A method may share its name with a field (separate namespaces in Incan).
  if (decl.is_valid() && m_.decl(decl).kind != ast::DeclKind::Trait && p_.decl(decl).find_field(name) >= 0)
    return mangle(name) + "_m0_";
  return mangle(name);
}

std::string Emitter::method_signature(ast::FunctionId id, ast::TypeDeclId in, bool in_class) {
  const ast::Function& f = m_.function(id);
  const sema::FunctionInfo& info = p_.functions[id.index];
  std::string ret = cpp_type(info.return_type, true);
  if (f.is_async) ret = "incan::rt::task<" + ret + ">";
  std::string sig;
  if (in_class && f.receiver == ast::Receiver::None) sig += "static ";
  sig += ret + " ";
  if (!in_class) sig += type_name(in) + "::";
  sig += method_cpp_name(in, f.name) + "(";
  for (std::size_t i = 0; i < f.params.size(); ++i) {
    if (i) sig += ", ";
    sig += param_decl(id, i);
  }
  sig += ")";
  if (f.receiver == ast::Receiver::Self) sig += " const";
  return sig;
}

namespace {
// Appends the user types `t` contains by value (through options, tuples, results;
// lists, dicts and sets hold their elements on the heap, but std::vector still needs
// a complete type at the point of use, so they count too).
void value_deps(const sema::TypeStore& ts, sema::TypeId t, std::vector<std::uint32_t>& out) {
  const sema::Type& ty = ts.get(t);
  if (ty.kind == sema::TypeKind::Named) {
    out.push_back(ty.decl);
    return;
  }
  if (ty.kind == sema::TypeKind::Awaitable || ty.kind == sema::TypeKind::JoinHandle) return;
  if (ty.a.is_valid()) value_deps(ts, ty.a, out);
  if (ty.b.is_valid()) value_deps(ts, ty.b, out);
  for (sema::TypeId e : ty.elems) value_deps(ts, e, out);
}
}  // namespace

void Emitter::find_recursive_types() {
  // Tarjan's strongly connected components over the "contains by value" graph. A
  // field whose type reaches back into its own declaration's component is boxed;
  // that breaks every cycle, so the remaining graph orders the structs.
  std::size_t n = m_.decls.size();
  auto deps_of = [&](std::uint32_t i) {
    std::vector<std::uint32_t> deps;
    const sema::DeclInfo& info = p_.decls[i];
    for (const sema::FieldInfo& f : info.fields) value_deps(p_.types, f.type, deps);
    for (const sema::VariantInfo& v : info.variants)
      for (sema::TypeId t : v.payload) value_deps(p_.types, t, deps);
    if (info.underlying.is_valid()) value_deps(p_.types, info.underlying, deps);
    return deps;
  };
  scc_.assign(n, -1);
  std::vector<int> index(n, -1), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<std::uint32_t> stack;
  int counter = 0, components = 0;
  std::function<void(std::uint32_t)> connect = [&](std::uint32_t v) {
    index[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack[v] = true;
    for (std::uint32_t w : deps_of(v)) {
      if (index[w] < 0) {
        connect(w);
        low[v] = std::min(low[v], low[w]);
      } else if (on_stack[w]) {
        low[v] = std::min(low[v], index[w]);
      }
    }
    if (low[v] == index[v]) {
      std::uint32_t w;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        scc_[w] = components;
      } while (w != v);
      ++components;
    }
  };
  for (std::uint32_t i = 0; i < n; ++i)
    if (index[i] < 0) connect(i);
  std::vector<int> component_size(components, 0);
  for (int c : scc_) ++component_size[c];
  cyclic_.assign(n, false);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (component_size[scc_[i]] > 1) cyclic_[i] = true;
    for (std::uint32_t d : deps_of(i))
      if (d == i) cyclic_[i] = true;
  }
}

bool Emitter::may_be_boxed(TypeId field_type) const {
  std::vector<std::uint32_t> deps;
  value_deps(p_.types, field_type, deps);
  for (std::uint32_t d : deps)
    if (d < cyclic_.size() && cyclic_[d]) return true;
  return false;
}

bool Emitter::is_boxed(ast::TypeDeclId owner, TypeId field_type) const {
  if (!owner.is_valid() || owner.index >= scc_.size()) return false;
  std::vector<std::uint32_t> deps;
  value_deps(p_.types, field_type, deps);
  for (std::uint32_t d : deps)
    if (scc_[d] == scc_[owner.index]) return true;
  return false;
}

bool Emitter::is_recursive(ast::TypeDeclId id) const {
  const sema::DeclInfo& info = p_.decl(id);
  for (const sema::FieldInfo& f : info.fields)
    if (is_boxed(id, f.type)) return true;
  for (const sema::VariantInfo& v : info.variants)
    for (TypeId t : v.payload)
      if (is_boxed(id, t)) return true;
  return false;
}

std::string Emitter::field_cpp_type(ast::TypeDeclId owner, TypeId t) const {
  return is_boxed(owner, t) ? "incan::box<" + cpp_type(t) + ">" : cpp_type(t);
}

std::vector<ast::TypeDeclId> Emitter::struct_order() const {
  // Depth-first post-order over the "contains by value" graph without the boxed
  // fields (find_recursive_types), which is acyclic.
  std::vector<ast::TypeDeclId> order;
  std::vector<int> state(m_.decls.size(), 0);
  std::function<void(std::uint32_t)> visit = [&](std::uint32_t i) {
    if (state[i] != 0) return;
    state[i] = 1;
    std::vector<std::uint32_t> deps;
    const sema::DeclInfo& info = p_.decls[i];
    ast::TypeDeclId self(i);
    for (const sema::FieldInfo& f : info.fields)
      if (!is_boxed(self, f.type)) value_deps(p_.types, f.type, deps);
    for (const sema::VariantInfo& v : info.variants)
      for (sema::TypeId t : v.payload)
        if (!is_boxed(self, t)) value_deps(p_.types, t, deps);
    if (info.underlying.is_valid() && !is_boxed(self, info.underlying)) value_deps(p_.types, info.underlying, deps);
    for (std::uint32_t d : deps)
      if (d != i) visit(d);
    state[i] = 2;
    if (m_.decls[i].kind != ast::DeclKind::Trait) order.push_back(ast::TypeDeclId(i));
  };
  for (std::uint32_t i = 0; i < m_.decls.size(); ++i) visit(i);
  return order;
}

void Emitter::emit_struct(ast::TypeDeclId id) {
  const ast::TypeDecl& d = m_.decl(id);
  const sema::DeclInfo& info = p_.decl(id);
  std::string name = type_name(id);
  line("struct " + name + " {");
  ++indent_;
  if (d.kind == ast::DeclKind::Enum) {
    std::string alts;
    for (std::size_t v = 0; v < info.variants.size(); ++v) {
      const sema::VariantInfo& vi = info.variants[v];
      std::string vs = "variant" + std::to_string(v) + "_";
      line("struct " + vs + " {");
      ++indent_;
      std::string params, inits, value_inits;
      for (std::size_t k = 0; k < vi.payload.size(); ++k) {
        INCAN_GCC_NO_RESTRICT_BEGIN  // GCC PR 105329 (frontend/common/gcc_warnings.h)
        std::string f = "f" + std::to_string(k) + "_";
        INCAN_GCC_NO_RESTRICT_END
        line(field_cpp_type(id, vi.payload[k]) + " " + f + ";");
        params += (k ? ", " : "") + field_cpp_type(id, vi.payload[k]) + " a" + std::to_string(k) + "_";
        inits += (k ? ", " : "") + f + "(std::move(a" + std::to_string(k) + "_))";
        value_inits += (k ? ", " : "") + f + "()";
      }
      // A user-provided default constructor, not member initialisers: std::variant
      // asks whether the payload is default-constructible before the enum's struct is
      // complete, and member initialisers would answer no there.
      if (vi.payload.empty())
        line(vs + "() = default;");
      else
        line(vs + "() : " + value_inits + " {}");
      if (!vi.payload.empty()) line("explicit " + vs + "(" + params + ") : " + inits + " {}");
      if (info.has_eq) line("friend bool operator==(const " + vs + "&, const " + vs + "&) = default;");
      --indent_;
      line("};");
      alts += (v ? ", " : "") + vs;
    }
    if (info.variants.empty()) alts = "std::monostate";
    line("std::variant<" + alts + "> alt0_;");
    line(name + "() = default;");
    line("template <class V>");
    line("explicit " + name + "(std::in_place_t, V v) : alt0_(std::move(v)) {}");
    for (std::size_t v = 0; v < info.variants.size(); ++v) {
      const sema::VariantInfo& vi = info.variants[v];
      std::string params, args;
      for (std::size_t k = 0; k < vi.payload.size(); ++k) {
        params += (k ? ", " : "") + field_cpp_type(id, vi.payload[k]) + " a" + std::to_string(k) + "_";
        args += (k ? ", " : "") + std::string("std::move(a") + std::to_string(k) + "_)";
      }
      line("static " + name + " " + mangle(vi.name) + "(" + params + ") { return " + name + "(std::in_place, variant" +
           std::to_string(v) + "_(" + args + ")); }");
    }
    if (!info.find_method("message")) line("std::string message() const;");
  } else if (d.kind == ast::DeclKind::Newtype) {
    std::string u = cpp_type(info.underlying);
    line(u + " value0_{};");
    line(name + "() = default;");
    line("explicit " + name + "(" + u + " v) : value0_(std::move(v)) {}");
    if (info.from_underlying.is_valid()) line("static " + name + " checked0_(" + u + " v);");
  } else {
    std::string params, inits;
    for (std::size_t k = 0; k < info.fields.size(); ++k) {
      const sema::FieldInfo& f = info.fields[k];
      std::string fname = mangle(f.name);
      line(field_cpp_type(id, f.type) + " " + fname + "{};");
      params += (k ? ", " : "") + field_cpp_type(id, f.type) + " " + fname;
      inits += (k ? ", " : "") + fname + "(std::move(" + fname + "))";
    }
    line(name + "() = default;");
    if (!info.fields.empty())
      line(std::string(info.fields.size() == 1 ? "explicit " : "") + name + "(" + params + ") : " + inits + " {}");
  }
  if (info.has_eq && d.kind != ast::DeclKind::Trait)
    line("friend bool operator==(const " + name + "&, const " + name + "&) = default;");
  for (ast::TypeDeclId child : descendants(id)) line(name + "(const " + type_name(child) + "& c);");
  if (is_recursive(id)) {
    // `node = node.next` assigns a value from inside the old one: copy or move it out
    // first, then swap, so the old value is freed only after it has been read.
    std::vector<std::string> members;
    if (d.kind == ast::DeclKind::Enum) members.push_back("alt0_");
    for (const sema::FieldInfo& f : info.fields) members.push_back(mangle(f.name));
    std::string swaps;
    for (const std::string& m : members) swaps += " std::swap(" + m + ", t." + m + ");";
    line(name + "(const " + name + "&) = default;");
    line(name + "(" + name + "&&) = default;");
    line(name + "& operator=(const " + name + "& o) { " + name + " t(o);" + swaps + " return *this; }");
    line(name + "& operator=(" + name + "&& o) noexcept { " + name + " t(std::move(o));" + swaps + " return *this; }");
  }
  for (const sema::MethodEntry& me : info.methods) {
    with_self_type(id, me.function, [&] { line(method_signature(me.function, id, true) + ";"); });
  }
  --indent_;
  line("};");
  out_ += "\n";
}

std::vector<ast::TypeDeclId> Emitter::descendants(ast::TypeDeclId id) const {
  std::vector<ast::TypeDeclId> out;
  if (m_.decl(id).kind != ast::DeclKind::Class) return out;
  for (std::uint32_t i = 0; i < m_.decls.size(); ++i) {
    for (ast::TypeDeclId b = p_.decls[i].base; b.is_valid(); b = p_.decls[b.index].base) {
      if (b == id) {
        out.push_back(ast::TypeDeclId(i));
        break;
      }
      if (b.index == i) break;  // a cycle of `extends` (reported by the checker)
    }
  }
  return out;
}

void Emitter::emit_slicing_conversions(ast::TypeDeclId id) {
  // A child's value as its parent: the inherited fields, which come first in the child.
  const sema::DeclInfo& info = p_.decl(id);
  std::string name = type_name(id);
  for (ast::TypeDeclId child : descendants(id)) {
    std::string inits;
    for (std::size_t k = 0; k < info.fields.size(); ++k) {
      std::string f = mangle(info.fields[k].name);
      inits += (k ? ", " : " : ") + f + "(incan::unbox(c." + f + "))";
    }
    line("inline " + name + "::" + name + "(const " + type_name(child) + "& c)" + inits + " {" +
         (info.fields.empty() ? " (void)c; " : "") + "}");
  }
}

void Emitter::emit_type_support(ast::TypeDeclId id) {
  const ast::TypeDecl& d = m_.decl(id);
  const sema::DeclInfo& info = p_.decl(id);
  std::string name = type_name(id);
  // Debug
  line("void fmt_debug(std::string& out, const " + name + "& v) {");
  ++indent_;
  line("using incan::fmt_debug;");
  if (d.kind == ast::DeclKind::Enum) {
    line("switch (v.alt0_.index()) {");
    ++indent_;
    for (std::size_t k = 0; k < info.variants.size(); ++k) {
      const sema::VariantInfo& vi = info.variants[k];
      line("case " + std::to_string(k) + ": {");
      ++indent_;
      if (vi.payload.empty()) {
        line("out += " + cpp_string_literal(vi.name) + ";");
      } else {
        line("const auto& x = std::get<" + std::to_string(k) + ">(v.alt0_);");
        line("out += " + cpp_string_literal(vi.name + "(") + ";");
        for (std::size_t f = 0; f < vi.payload.size(); ++f) {
          if (f) line("out += \", \";");
          line("fmt_debug(out, x.f" + std::to_string(f) + "_);");
        }
        line("out += ')';");
      }
      line("break;");
      --indent_;
      line("}");
    }
    line("default: break;");
    --indent_;
    line("}");
  } else if (d.kind == ast::DeclKind::Newtype) {
    line("out += " + cpp_string_literal(d.name + "(") + ";");
    line("fmt_debug(out, v.value0_);");
    line("out += ')';");
  } else if (info.fields.empty()) {
    line("(void)v;");
    line("out += " + cpp_string_literal(d.name) + ";");
  } else {
    for (std::size_t k = 0; k < info.fields.size(); ++k) {
      const sema::FieldInfo& f = info.fields[k];
      line("out += " + cpp_string_literal((k ? ", " : d.name + " { ") + f.name + ": ") + ";");
      line("fmt_debug(out, v." + mangle(f.name) + ");");
    }
    line("out += \" }\";");
  }
  --indent_;
  line("}");
  // Display: `__str__` when defined, else the Debug form (LANGUAGE.md 13.1, 16 Q5).
  line("void fmt_display(std::string& out, const " + name + "& v) {");
  ++indent_;
  if (info.str_method.is_valid())
    line("out += v." + method_cpp_name(id, "__str__") + "();");
  else
    line("fmt_debug(out, v);");
  --indent_;
  line("}");
  if (d.kind == ast::DeclKind::Enum && !info.find_method("message")) {
    line("std::string " + name + "::message() const {");
    ++indent_;
    line("switch (alt0_.index()) {");
    ++indent_;
    for (std::size_t k = 0; k < info.variants.size(); ++k)
      line("case " + std::to_string(k) + ": return " + cpp_string_literal(info.variants[k].name) + ";");
    line("default: return {};");
    --indent_;
    line("}");
    --indent_;
    line("}");
  }
  if (d.kind == ast::DeclKind::Newtype && info.from_underlying.is_valid()) {
    std::string u = cpp_type(info.underlying);
    line(name + " " + name + "::checked0_(" + u + " v) {");
    ++indent_;
    line("auto r = " + method_cpp_name(id, "from_underlying") + "(std::move(v));");
    sema::TypeId ret = p_.functions[info.from_underlying.index].return_type;
    bool validation = kind(ret) == TypeKind::Result && kind(p_.types.get(ret).b) == TypeKind::ValidationError;
    if (validation)
      line("if (r.is_err()) incan::newtype_validation_failed(" + cpp_string_literal(d.name) + ", r.err_value());");
    else
      line("if (r.is_err()) incan::newtype_validation_failed(" + cpp_string_literal(d.name) +
           ", incan::validation_error(incan::to_display(r.err_value())));");
    line("return std::move(r).ok_value();");
    --indent_;
    line("}");
  }
  out_ += "\n";
}

void Emitter::emit_method(ast::TypeDeclId in, ast::FunctionId id) {
  with_self_type(in, id, [&] {
    struct_ = in;
    emit_function(id);
    struct_ = ast::TypeDeclId::invalid();
  });
}

}  // namespace incan::cg
