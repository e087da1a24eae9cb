// Patterns: `match`, `if let` and `while let` become tests on the subject
// (a chain of `if`s guarded by a `matched` flag) and copies into the bindings.
#include "codegen/emitter.h"

namespace incan::cg {

std::string Emitter::pattern_test(ast::PatternId id, const std::string& path) {
  const ast::Pattern& p = m_.pattern(id);
  auto conj = [](std::vector<std::string> terms) {
    std::string out;
    for (const std::string& t : terms) {
      if (t == "true") continue;
      out += out.empty() ? t : " && " + t;
    }
    return out.empty() ? std::string("true") : out;
  };
  if (int v = p_.pattern_variants[id.index]; v >= 0) {
    // An enum variant: test the alternative, then its payload fields.
    std::vector<std::string> terms{"(" + path + ".alt0_.index() == " + std::to_string(v) + ")"};
    for (std::size_t i = 0; i < p.subpatterns.size(); ++i)
      terms.push_back(pattern_test(p.subpatterns[i], variant_field(path, p_.pattern_types[id.index], v, i)));
    return conj(terms);
  }
  switch (p.kind) {
    case ast::PatternKind::Error:
    case ast::PatternKind::Wildcard:
    case ast::PatternKind::Binding: return "true";
    case ast::PatternKind::Literal: return "(" + path + " == " + expr(p.value) + ")";
    case ast::PatternKind::Ctor: {
      if (p_.types.kind(p_.pattern_types[id.index]) == TypeKind::Lib) {
        sema::LibVariantCpp lv = sema::lib_variant_cpp(p.name);
        std::vector<std::string> terms{path + lv.test};
        if (!p.subpatterns.empty()) terms.push_back(pattern_test(p.subpatterns[0], path + lv.get));
        return conj(terms);
      }
      if (p.name == "None") return path + ".is_none()";
      const char* test = p.name == "Some" ? ".is_some()" : p.name == "Ok" ? ".is_ok()" : ".is_err()";
      const char* get = p.name == "Some" ? ".value()" : p.name == "Ok" ? ".ok_value()" : ".err_value()";
      std::vector<std::string> terms{path + test};
      if (!p.subpatterns.empty()) terms.push_back(pattern_test(p.subpatterns[0], path + get));
      return conj(terms);
    }
    case ast::PatternKind::Tuple: {
      std::vector<std::string> terms;
      for (std::size_t i = 0; i < p.subpatterns.size(); ++i)
        terms.push_back(pattern_test(p.subpatterns[i], "std::get<" + std::to_string(i) + ">(" + path + ")"));
      return conj(terms);
    }
    case ast::PatternKind::Or: {
      std::string out;
      for (ast::PatternId alt : p.subpatterns) {
        std::string t = pattern_test(alt, path);
        if (t == "true") return "true";
        out += (out.empty() ? "(" : " || ") + t;
      }
      return out + ")";
    }
  }
  return "true";
}

std::string Emitter::variant_field(const std::string& path, TypeId enum_type, int variant, std::size_t field) const {
  std::string out = "std::get<" + std::to_string(variant) + ">(" + path + ".alt0_).f" + std::to_string(field) + "_";
  ast::TypeDeclId decl(p_.types.get(enum_type).decl);
  if (is_boxed(decl, p_.decl(decl).variants[variant].payload[field])) return "(*" + out + ")";
  return out;
}

void Emitter::pattern_bindings(ast::PatternId id, const std::string& path, std::vector<PatternBinding>& out) {
  const ast::Pattern& p = m_.pattern(id);
  if (int v = p_.pattern_variants[id.index]; v >= 0) {
    for (std::size_t i = 0; i < p.subpatterns.size(); ++i)
      pattern_bindings(p.subpatterns[i], variant_field(path, p_.pattern_types[id.index], v, i), out);
    return;
  }
  switch (p.kind) {
    case ast::PatternKind::Binding:
      out.push_back({p.name, p_.pattern_locals[id.index], path});
      return;
    case ast::PatternKind::Ctor:
      if (!p.subpatterns.empty()) {
        const char* get = p.name == "Some" ? ".value()" : p.name == "Ok" ? ".ok_value()" : ".err_value()";
        if (p_.types.kind(p_.pattern_types[id.index]) == TypeKind::Lib) get = sema::lib_variant_cpp(p.name).get;
        pattern_bindings(p.subpatterns[0], path + get, out);
      }
      return;
    case ast::PatternKind::Tuple:
      for (std::size_t i = 0; i < p.subpatterns.size(); ++i)
        pattern_bindings(p.subpatterns[i], "std::get<" + std::to_string(i) + ">(" + path + ")", out);
      return;
    case ast::PatternKind::Or: {
      // Each name is taken from the first alternative that matches (the checker made
      // every alternative bind the same names with the same types): a chain of
      // conditionals over the alternatives' tests, the last one taken when the others
      // fail (the whole pattern has matched when bindings are read).
      if (p.subpatterns.empty()) return;
      std::vector<PatternBinding> first;
      pattern_bindings(p.subpatterns[0], path, first);
      std::vector<std::vector<PatternBinding>> alts{first};
      std::vector<std::string> tests{pattern_test(p.subpatterns[0], path)};
      for (std::size_t k = 1; k < p.subpatterns.size() && !first.empty(); ++k) {
        alts.emplace_back();
        pattern_bindings(p.subpatterns[k], path, alts.back());
        tests.push_back(pattern_test(p.subpatterns[k], path));
      }
      for (const PatternBinding& b : first) {
        auto path_in = [&](const std::vector<PatternBinding>& alt) {
          for (const PatternBinding& a : alt)
            if (a.name == b.name) return a.path;
          return b.path;
        };
        std::string chosen = path_in(alts.back());
        for (std::size_t k = alts.size() - 1; k-- > 0;)
          chosen = tests[k] == "true" ? path_in(alts[k]) : "(" + tests[k] + " ? " + path_in(alts[k]) + " : " + chosen + ")";
        out.push_back({b.name, b.local, chosen});
      }
      return;
    }
    default: return;
  }
}

void Emitter::emit_bindings(const std::vector<PatternBinding>& bindings, const std::vector<PatternBinding>* names_from) {
  for (const PatternBinding& b : bindings) {
    sema::LocalId local = b.local;
    if (names_from) {  // a later alternative binds into the first alternative's locals
      for (const PatternBinding& f : *names_from)
        if (f.name == b.name) local = f.local;
    }
    TypeId t = p_.local(local).type;
    // Move-only payloads (guards, permits, handles) are moved out of the subject.
    line(cpp_type(t) + " " + local_name(local) + " = " + (p_.types.is_move_only(t) ? "std::move(" + b.path + ")" : b.path) +
         ";");
  }
}

// The name a match tests: a temporary hoisted for the subject (`tmp_3_`, possibly
// wrapped in std::move) is used as it is -- it lives in the block the match opens, and
// a reference to it would be one more coroutine-frame slot -- anything else is bound
// to a new reference.
std::string Emitter::subject_name(const std::string& subject_expr) {
  std::string inner = subject_expr;
  if (inner.rfind("std::move(", 0) == 0 && inner.back() == ')') inner = inner.substr(10, inner.size() - 11);
  bool is_temp = inner.size() > 5 && inner.rfind("tmp_", 0) == 0 && inner.back() == '_' &&
                 inner.find_first_not_of("0123456789", 4) == inner.size() - 1;
  if (is_temp) return inner;
  std::string subject = temp();
  line("auto&& " + subject + " = " + subject_expr + ";");
  return subject;
}

void Emitter::emit_match(StmtId id) {
  const ast::Stmt& s = m_.stmt(id);
  std::vector<std::string> pre;
  prelude_ = &pre;
  std::size_t guards_before = guard_temps_.size();
  std::string subject_expr = value(s.value);
  // Temporaries hoisted for the subject live in the block opened below and end with it.
  guard_temps_.resize(guards_before);
  prelude_ = nullptr;
  line("{");
  ++indent_;
  flush_prelude(pre);
  std::string subject = subject_name(subject_expr);
  bool guarded = false;
  for (const ast::MatchArm& arm : s.arms) guarded = guarded || arm.guard.is_valid();
  // Without guards, an arm that matches is taken: an if / else-if chain. A guard can
  // reject a matched arm, so guarded matches go on with a `matched` flag instead.
  std::string done = guarded ? temp() : "";
  if (guarded) line("bool " + done + " = false;");
  bool first_branch = true, closed = false;
  for (const ast::MatchArm& arm : s.arms) {
    if (closed) break;  // after an irrefutable arm: unreachable
    emit_line_directive(arm.span);
    // Top-level alternatives that bind names each get their own test and bindings.
    const ast::Pattern& p = m_.pattern(arm.pattern);
    std::vector<ast::PatternId> alts{arm.pattern};
    std::vector<PatternBinding> first;
    pattern_bindings(arm.pattern, subject, first);
    if (p.kind == ast::PatternKind::Or && !first.empty()) alts = p.subpatterns;
    for (std::size_t k = 0; k < alts.size() && !closed; ++k) {
      std::vector<PatternBinding> bindings;
      pattern_bindings(alts[k], subject, bindings);
      std::string test = pattern_test(alts[k], subject);
      if (guarded) {
        line("if (!" + done + (test == "true" ? "" : " && " + test) + ") {");
      } else if (test == "true") {
        line(first_branch ? "{" : "} else {");
        closed = true;
      } else {
        line((first_branch ? "if (" : "} else if (") + test + ") {");
      }
      first_branch = false;
      ++indent_;
      emit_bindings(bindings, k == 0 ? nullptr : &first);
      if (arm.guard.is_valid()) {
        std::vector<std::string> guard_pre;
        prelude_ = &guard_pre;
        std::string guard = expr(arm.guard);
        prelude_ = nullptr;
        flush_prelude(guard_pre);
        line("if (" + guard + ") {");
      } else {
        line("{");
      }
      ++indent_;
      if (guarded) line(done + " = true;");
      emit_block(arm.body);
      --indent_;
      line("}");
      --indent_;
      if (guarded) line("}");
    }
  }
  if (!guarded && !first_branch) line("}");
  --indent_;
  line("}");
}

void Emitter::emit_let_pattern(StmtId id) {
  const ast::Stmt& s = m_.stmt(id);
  bool is_while = s.kind == ast::StmtKind::WhileLet;
  std::vector<std::string> pre;
  prelude_ = &pre;
  std::size_t guards_before = guard_temps_.size();
  std::string subject_expr = value(s.value);
  // Temporaries hoisted for the subject live in the block opened below and end with it.
  guard_temps_.resize(guards_before);
  prelude_ = nullptr;
  line(is_while ? "while (true) {" : "{");
  ++indent_;
  flush_prelude(pre);
  std::string subject = subject_name(subject_expr);
  std::string test = pattern_test(s.pattern, subject);
  std::vector<PatternBinding> bindings;
  pattern_bindings(s.pattern, subject, bindings);
  if (is_while) {
    if (test != "true") line("if (!(" + test + ")) break;");
    emit_bindings(bindings, nullptr);
    emit_block(s.body);
  } else {
    line("if (" + test + ") {");
    ++indent_;
    emit_bindings(bindings, nullptr);
    emit_block(s.body);
    --indent_;
    line("}");
  }
  --indent_;
  line("}");
}

}  // namespace incan::cg
