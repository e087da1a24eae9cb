// User types (LANGUAGE.md 5.3-5.9): collecting `model`/`class`/`trait`/`enum`/newtype
// declarations, resolving their fields (inherited first), variants, derives, trait
// adoption and method tables, and checking the rules between them.
#include "typecheck/checker_impl.h"

namespace incan::sema {

namespace {
const char* decl_kind_word(ast::DeclKind k) {
  switch (k) {
    case ast::DeclKind::Model: return "model";
    case ast::DeclKind::Class: return "class";
    case ast::DeclKind::Trait: return "trait";
    case ast::DeclKind::Enum: return "enum";
    case ast::DeclKind::Newtype: return "newtype";
  }
  return "type";
}

bool is_known_derive(const std::string& n) {
  static const char* const kDerives[] = {"Debug", "Clone",   "Eq",      "PartialEq", "Ord",       "PartialOrd",
                                         "Hash",  "Copy",    "Default", "Display",   "json",      "Serialize",
                                         "Deserialize", "Validate"};
  for (const char* d : kDerives)
    if (n == d) return true;
  return false;
}
}  // namespace

void Checker::collect_decls() {
  p_.decls.resize(m_.decls.size());
  p_.types.decl_names.clear();
  for (std::uint32_t i = 0; i < m_.decls.size(); ++i) {
    const ast::TypeDecl& d = m_.decls[i];
    p_.types.decl_names.push_back(d.name);
    p_.decls[i].type = p_.types.named(i);
    auto [it, inserted] = decls_.emplace(d.name, ast::TypeDeclId(i));
    if (!inserted) {
      Diagnostic& diag = error(DiagKind::DuplicateDefinition, d.name_span, "`" + d.name + "` is defined more than once");
      diag.labels.push_back({m_.decl(it->second).name_span, "first defined here"});
      diag.hint = "rename one of them";
    }
    if (!d.type_params.empty()) {
      error(DiagKind::Unsupported, d.name_span, "generic " + std::string(decl_kind_word(d.kind)) + "s are not supported yet")
          .hint = "write the " + std::string(decl_kind_word(d.kind)) + " for one concrete type";
    }
  }
}

void Checker::resolve_decls() {
  TypeStore& ts = p_.types;
  // Own parts: derives, traits, base, variants, underlying type.
  for (std::uint32_t i = 0; i < m_.decls.size(); ++i) {
    const ast::TypeDecl& d = m_.decls[i];
    DeclInfo& info = p_.decls[i];
    self_decl_ = ast::TypeDeclId(i);
    if (d.kind == ast::DeclKind::Enum) info.has_eq = true;
    for (const ast::Decorator& dec : d.decorators) {
      if (dec.name == "derive") {
        for (std::size_t k = 0; k < dec.names.size(); ++k) {
          const std::string& n = dec.names[k];
          if (n == "Eq" || n == "PartialEq") info.has_eq = true;
          if (!is_known_derive(n))
            error(DiagKind::Unsupported, dec.name_spans[k], "unknown derive `" + n + "`")
                .hint = "the derives are Debug, Clone, Eq, PartialEq, Ord, PartialOrd, Hash, Copy, Default, Display, json";
        }
      } else if (dec.name == "requires") {
        if (d.kind != ast::DeclKind::Trait)
          error(DiagKind::Unsupported, dec.span, "`@requires` applies only to traits");
      } else {
        error(DiagKind::Unsupported, dec.span, "decorator `@" + dec.name + "` is not supported on a " +
                                                   decl_kind_word(d.kind));
      }
    }
    for (std::size_t k = 0; k < d.traits.size(); ++k) {
      auto it = decls_.find(d.traits[k]);
      if (it == decls_.end()) {
        error(DiagKind::UnknownType, d.trait_spans[k], "unknown trait `" + d.traits[k] + "`");
        continue;
      }
      if (m_.decl(it->second).kind != ast::DeclKind::Trait) {
        error(DiagKind::TypeMismatch, d.trait_spans[k], "`" + d.traits[k] + "` is not a trait")
            .hint = "only traits can be adopted with `with`";
        continue;
      }
      info.traits.push_back(it->second);
    }
    if (!d.base.empty()) {
      auto it = decls_.find(d.base);
      if (d.kind != ast::DeclKind::Class) {
        error(DiagKind::Unsupported, d.base_span, std::string("a ") + decl_kind_word(d.kind) + " cannot use `extends`")
            .hint = "only classes inherit; share behaviour through a trait (`with`)";
      } else if (it == decls_.end()) {
        error(DiagKind::UnknownType, d.base_span, "unknown class `" + d.base + "`");
      } else if (m_.decl(it->second).kind != ast::DeclKind::Class) {
        error(DiagKind::TypeMismatch, d.base_span, "`" + d.base + "` is not a class")
            .hint = "a class can only extend another class";
      } else {
        info.base = it->second;
      }
    }
    for (const ast::Variant& v : d.variants) {
      VariantInfo vi;
      vi.name = v.name;
      for (ast::TypeExprId t : v.payload) vi.payload.push_back(resolve_type(t));
      for (const VariantInfo& other : info.variants)
        if (other.name == v.name)
          error(DiagKind::DuplicateDefinition, v.span, "variant `" + v.name + "` is declared more than once");
      info.variants.push_back(std::move(vi));
    }
    if (d.kind == ast::DeclKind::Newtype) info.underlying = resolve_type(d.underlying);
  }
  // Break `extends` cycles before walking the chains.
  for (std::uint32_t i = 0; i < m_.decls.size(); ++i) {
    ast::TypeDeclId cur = p_.decls[i].base;
    for (std::size_t steps = 0; cur.is_valid(); ++steps) {
      if (cur.index == i || steps > m_.decls.size()) {
        error(DiagKind::TypeMismatch, m_.decls[i].base_span, "class `" + m_.decls[i].name + "` extends itself");
        p_.decls[i].base = ast::TypeDeclId::invalid();
        break;
      }
      cur = p_.decls[cur.index].base;
    }
  }
  // Own field types, then the full field lists (parent first).
  std::vector<std::vector<FieldInfo>> own(m_.decls.size());
  for (std::uint32_t i = 0; i < m_.decls.size(); ++i) {
    self_decl_ = ast::TypeDeclId(i);
    for (const ast::Field& f : m_.decls[i].fields) {
      FieldInfo fi{f.name, resolve_type(f.type), f.is_pub, f.span, ast::TypeDeclId(i), f.default_value};
      for (const FieldInfo& other : own[i])
        if (other.name == f.name)
          error(DiagKind::DuplicateDefinition, f.span, "field `" + f.name + "` is declared more than once");
      own[i].push_back(std::move(fi));
    }
  }
  for (std::uint32_t i = 0; i < m_.decls.size(); ++i) {
    std::vector<ast::TypeDeclId> chain;
    for (ast::TypeDeclId cur(i); cur.is_valid(); cur = p_.decls[cur.index].base) chain.push_back(cur);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      for (const FieldInfo& f : own[it->index]) {
        if (p_.decls[i].find_field(f.name) >= 0) {
          if (it->index == i)
            error(DiagKind::DuplicateDefinition, f.span, "field `" + f.name + "` is already inherited from a parent class");
          continue;
        }
        p_.decls[i].fields.push_back(f);
      }
    }
  }
  self_decl_ = ast::TypeDeclId::invalid();
  // Method tables: inherited (parent's table), own (overriding), trait defaults.
  std::vector<int> state(m_.decls.size(), 0);
  for (std::uint32_t i = 0; i < m_.decls.size(); ++i) build_method_table(ast::TypeDeclId(i), state);
  for (std::uint32_t i = 0; i < m_.decls.size(); ++i) check_adoption(ast::TypeDeclId(i));
  (void)ts;
}

void Checker::build_method_table(ast::TypeDeclId id, std::vector<int>& state) {
  if (state[id.index] != 0) return;
  state[id.index] = 1;
  DeclInfo& info = p_.decls[id.index];
  const ast::TypeDecl& d = m_.decl(id);
  std::vector<MethodEntry> table;
  if (info.base.is_valid()) {
    build_method_table(info.base, state);
    table = p_.decls[info.base.index].methods;
    if (p_.decls[info.base.index].has_eq) info.has_eq = true;
  }
  for (ast::FunctionId fid : d.methods) {
    const ast::Function& f = m_.function(fid);
    bool replaced = false;
    for (MethodEntry& e : table) {
      if (e.name != f.name) continue;
      if (m_.function(e.function).owner == id) {
        Diagnostic& diag = error(DiagKind::DuplicateDefinition, f.name_span,
                                 "method `" + f.name + "` is defined more than once");
        diag.labels.push_back({m_.function(e.function).name_span, "first defined here"});
      }
      e.function = fid;
      replaced = true;
    }
    if (!replaced) table.push_back(MethodEntry{f.name, fid});
  }
  for (ast::TypeDeclId t : info.traits) {
    for (ast::FunctionId fid : m_.decl(t).methods) {
      const ast::Function& f = m_.function(fid);
      bool present = false;
      for (const MethodEntry& e : table) present = present || e.name == f.name;
      if (!present && f.has_body) table.push_back(MethodEntry{f.name, fid});
    }
  }
  info.methods = std::move(table);
  for (const MethodEntry& e : info.methods) {
    const ast::Function& f = m_.function(e.function);
    if (e.name == "__str__" && f.receiver != ast::Receiver::None) info.str_method = e.function;
    if (e.name == "from_underlying" && d.kind == ast::DeclKind::Newtype && f.receiver == ast::Receiver::None)
      info.from_underlying = e.function;
  }
  state[id.index] = 2;
}

void Checker::check_adoption(ast::TypeDeclId id) {
  const ast::TypeDecl& d = m_.decl(id);
  DeclInfo& info = p_.decls[id.index];
  if (d.kind == ast::DeclKind::Trait) {
    if (!d.traits.empty())
      error(DiagKind::Unsupported, d.trait_spans.front(), "supertraits are not supported yet");
    return;
  }
  for (ast::TypeDeclId t : info.traits) {
    const ast::TypeDecl& trait = m_.decl(t);
    for (ast::FunctionId fid : trait.methods) {
      const ast::Function& f = m_.function(fid);
      if (f.has_body) continue;
      const MethodEntry* e = info.find_method(f.name);
      if (!e || m_.function(e->function).owner == t) {
        Diagnostic& diag = error(DiagKind::MissingTraitMethod, d.name_span,
                                 "`" + d.name + "` adopts `" + trait.name + "` but does not define `" + f.name + "`");
        diag.labels.push_back({f.span, "required by the trait here"});
        diag.hint = "add `def " + f.name + "(...)` to `" + d.name + "`";
      }
    }
    for (const ast::Decorator& dec : trait.decorators) {
      if (dec.name != "requires") continue;
      for (const ast::Param& req : dec.fields) {
        int fi = info.find_field(req.name);
        self_decl_ = t;
        TypeId want = resolve_type(req.type);
        self_decl_ = ast::TypeDeclId::invalid();
        if (fi < 0) {
          Diagnostic& diag = error(DiagKind::MissingField, d.name_span,
                                   "`" + d.name + "` adopts `" + trait.name + "`, which requires a field `" + req.name +
                                       "`");
          diag.labels.push_back({req.span, "required here"});
          diag.hint = "add `" + req.name + ": " + p_.types.name(want) + "` to `" + d.name + "`";
        } else if (!compatible(want, info.fields[fi].type)) {
          error(DiagKind::TypeMismatch, info.fields[fi].span,
                "field `" + req.name + "` must have type " + tname(want) + " (required by `" + trait.name +
                    "`), found " + tname(info.fields[fi].type));
        }
      }
    }
  }
}

void Checker::check_field_defaults() {
  for (std::uint32_t i = 0; i < m_.decls.size(); ++i) {
    for (const ast::Field& f : m_.decls[i].fields) {
      if (!f.default_value.is_valid()) continue;
      int fi = p_.decls[i].find_field(f.name);
      if (fi < 0) continue;
      TypeId want = p_.decls[i].fields[fi].type;
      // Defaults are evaluated at each construction, in the caller; they see no locals.
      auto saved = std::move(scopes_);
      scopes_.clear();
      scopes_.emplace_back();
      TypeId saved_expected = expected_;
      expected_ = want;
      TypeId t = check_expr(f.default_value, want);
      expected_ = saved_expected;
      expect_type(want, t, expr(f.default_value).span, "field default");
      scopes_ = std::move(saved);
    }
  }
}

void Checker::unknown_variant(ast::TypeDeclId decl, const std::string& name, Span span) {
  const DeclInfo& info = p_.decls[decl.index];
  Diagnostic& diag =
      error(DiagKind::UnknownVariant, span, "enum `" + m_.decl(decl).name + "` has no variant `" + name + "`");
  std::string names;
  for (const VariantInfo& vi : info.variants) names += (names.empty() ? "`" : ", `") + vi.name + "`";
  diag.hint = info.variants.empty() ? "it has no variants" : "its variants are " + names;
}

// Field privacy (LANGUAGE.md 5.3, 5.4): fields without `pub` of a class, or of a
// `pub` model, are readable only in methods of the declaring type.
bool Checker::field_accessible(const FieldInfo& f) const {
  if (f.is_pub) return true;
  const ast::TypeDecl& origin = m_.decl(f.origin);
  bool private_field = origin.kind == ast::DeclKind::Class || (origin.kind == ast::DeclKind::Model && origin.is_pub);
  if (!private_field) return true;
  if (!current_fn_.is_valid()) return true;
  return m_.function(current_fn_).owner == f.origin;
}

}  // namespace incan::sema
