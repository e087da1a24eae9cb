// Operator spellings and the deterministic AST dump.
#include "frontend/ast/ast.h"

#include <cstdio>

namespace incan::ast {

const char* op_spelling(Op op) {
  switch (op) {
    case Op::Add: return "+";
    case Op::Sub: return "-";
    case Op::Mul: return "*";
    case Op::Div: return "/";
    case Op::FloorDiv: return "//";
    case Op::Mod: return "%";
    case Op::Pow: return "**";
    case Op::Eq: return "==";
    case Op::Ne: return "!=";
    case Op::Lt: return "<";
    case Op::Le: return "<=";
    case Op::Gt: return ">";
    case Op::Ge: return ">=";
    case Op::In: return "in";
    case Op::NotIn: return "not in";
    case Op::Is: return "is";
    case Op::IsNot: return "is not";
    case Op::And: return "and";
    case Op::Or: return "or";
    case Op::Range: return "..";
    case Op::RangeInclusive: return "..=";
    case Op::Neg: return "-";
    case Op::Not: return "not";
  }
  return "?";
}

namespace {

class Dumper {
 public:
  explicit Dumper(const Module& m) : m_(m) {}

  void expr(ExprId id) {
    if (!id.is_valid()) {
      out_ += "<none>";
      return;
    }
    const Expr& e = m_.expr(id);
    switch (e.kind) {
      case ExprKind::Error: out_ += "<error>"; break;
      case ExprKind::IntLit: out_ += std::to_string(e.int_value); break;
      case ExprKind::FloatLit: {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", e.float_value);
        out_ += buf;
        break;
      }
      case ExprKind::BoolLit: out_ += e.bool_value ? "true" : "false"; break;
      case ExprKind::StrLit: out_ += "\"" + e.text + "\""; break;
      case ExprKind::NoneLit: out_ += "None"; break;
      case ExprKind::Name: out_ += e.text; break;
      case ExprKind::FString:
        out_ += "f(";
        for (const FStringPiece& p : e.pieces) {
          if (p.is_expr) {
            out_ += "{";
            expr(p.expr);
            out_ += p.debug ? ":?}" : "}";
          } else {
            out_ += "\"" + p.text + "\"";
          }
        }
        out_ += ")";
        break;
      case ExprKind::List:
        out_ += "[";
        for (std::size_t i = 0; i < e.elements.size(); ++i) {
          if (i) out_ += ", ";
          expr(e.elements[i]);
        }
        out_ += "]";
        break;
      case ExprKind::Unary:
        out_ += std::string("(") + op_spelling(e.op) + " ";
        expr(e.lhs);
        out_ += ")";
        break;
      case ExprKind::Await:
        out_ += "(await ";
        expr(e.lhs);
        out_ += ")";
        break;
      case ExprKind::Binary:
      case ExprKind::Range:
        out_ += "(";
        expr(e.lhs);
        out_ += std::string(" ") + op_spelling(e.op) + " ";
        expr(e.rhs);
        out_ += ")";
        break;
      case ExprKind::Call:
        expr(e.lhs);
        out_ += "(";
        for (std::size_t i = 0; i < e.args.size(); ++i) {
          if (i) out_ += ", ";
          if (!e.args[i].keyword.empty()) out_ += e.args[i].keyword + "=";
          expr(e.args[i].value);
        }
        out_ += ")";
        break;
      case ExprKind::Member:
        expr(e.lhs);
        out_ += "." + e.text;
        break;
      case ExprKind::Tuple:
      case ExprKind::Set:
        out_ += e.kind == ExprKind::Tuple ? "tuple(" : "set(";
        for (std::size_t i = 0; i < e.elements.size(); ++i) {
          if (i) out_ += ", ";
          expr(e.elements[i]);
        }
        out_ += ")";
        break;
      case ExprKind::Dict:
        out_ += "{";
        for (std::size_t i = 0; i + 1 < e.elements.size(); i += 2) {
          if (i) out_ += ", ";
          expr(e.elements[i]);
          out_ += ": ";
          expr(e.elements[i + 1]);
        }
        out_ += "}";
        break;
      case ExprKind::ListComp:
      case ExprKind::DictComp:
        out_ += "comprehension(";
        for (ExprId el : e.elements) {
          expr(el);
          out_ += " ";
        }
        out_ += "for ... in ";
        expr(e.lhs);
        if (e.rhs.is_valid()) {
          out_ += " if ";
          expr(e.rhs);
        }
        out_ += ")";
        break;
      case ExprKind::Loop:
        out_ += "loop{...}";
        break;
      case ExprKind::Lambda:
        out_ += "(";
        for (std::size_t i = 0; i < e.args.size(); ++i) out_ += (i ? ", " : "") + e.args[i].keyword;
        out_ += ") => ";
        expr(e.lhs);
        break;
      case ExprKind::Try:
        expr(e.lhs);
        out_ += "?";
        break;
      case ExprKind::Index:
        expr(e.lhs);
        out_ += "[";
        expr(e.rhs);
        out_ += "]";
        break;
      case ExprKind::Slice:
        expr(e.lhs);
        out_ += "[";
        for (std::size_t i = 0; i < e.elements.size(); ++i) {
          if (i) out_ += ":";
          if (e.elements[i].is_valid()) expr(e.elements[i]);
        }
        out_ += "]";
        break;
    }
  }

  void type(TypeExprId id) {
    if (!id.is_valid()) return;
    const TypeExpr& t = m_.type(id);
    out_ += t.name;
    if (!t.args.empty()) {
      out_ += "[";
      for (std::size_t i = 0; i < t.args.size(); ++i) {
        if (i) out_ += ", ";
        type(t.args[i]);
      }
      out_ += "]";
    }
  }

  void block(const std::vector<StmtId>& body, int indent) {
    for (StmtId id : body) stmt(id, indent);
  }

  void stmt(StmtId id, int indent) {
    const Stmt& s = m_.stmt(id);
    std::string pad(indent * 2, ' ');
    out_ += pad;
    switch (s.kind) {
      case StmtKind::Error: out_ += "<error>\n"; return;
      case StmtKind::Expr: expr(s.value); break;
      case StmtKind::Assign:
        out_ += s.binding == Binding::Let ? "let " : s.binding == Binding::Mut ? "mut " : "";
        expr(s.target);
        if (s.annotation.is_valid()) {
          out_ += ": ";
          type(s.annotation);
        }
        out_ += " = ";
        expr(s.value);
        break;
      case StmtKind::CompoundAssign:
        expr(s.target);
        out_ += std::string(" ") + op_spelling(s.op) + "= ";
        expr(s.value);
        break;
      case StmtKind::If:
        out_ += "if ";
        expr(s.cond);
        out_ += "\n";
        block(s.body, indent + 1);
        if (s.has_else) {
          out_ += pad + "else\n";
          block(s.else_body, indent + 1);
        }
        return;
      case StmtKind::While:
        out_ += "while ";
        expr(s.cond);
        out_ += "\n";
        block(s.body, indent + 1);
        return;
      case StmtKind::For:
        out_ += "for ";
        for (std::size_t i = 0; i < s.for_targets.size(); ++i) out_ += (i ? ", " : "") + s.for_targets[i];
        out_ += " in ";
        expr(s.value);
        out_ += "\n";
        block(s.body, indent + 1);
        return;
      case StmtKind::Return:
        out_ += "return";
        if (s.value.is_valid()) {
          out_ += " ";
          expr(s.value);
        }
        break;
      case StmtKind::Pass: out_ += "pass"; break;
      case StmtKind::Match:
        out_ += "match ";
        expr(s.value);
        out_ += "\n";
        for (const MatchArm& arm : s.arms) {
          out_ += pad + "  case <pattern>";
          if (arm.guard.is_valid()) {
            out_ += " if ";
            expr(arm.guard);
          }
          out_ += "\n";
          block(arm.body, indent + 2);
        }
        return;
      case StmtKind::IfLet:
      case StmtKind::WhileLet:
        out_ += s.kind == StmtKind::IfLet ? "if let <pattern> = " : "while let <pattern> = ";
        expr(s.value);
        out_ += "\n";
        block(s.body, indent + 1);
        return;
      case StmtKind::Loop:
        out_ += "loop\n";
        block(s.body, indent + 1);
        return;
      case StmtKind::Assert:
        out_ += "assert ";
        expr(s.cond);
        if (s.value.is_valid()) {
          out_ += ", ";
          expr(s.value);
        }
        break;
      case StmtKind::Unpack:
        for (std::size_t i = 0; i < s.for_targets.size(); ++i) out_ += (i ? ", " : "") + s.for_targets[i];
        out_ += " = ";
        expr(s.value);
        break;
      case StmtKind::Break: out_ += "break"; break;
      case StmtKind::Continue: out_ += "continue"; break;
    }
    out_ += "\n";
  }

  void function(const Function& f, int depth) {
    out_.append(static_cast<std::size_t>(depth) * 2, ' ');
    for (const Decorator& dec : f.decorators) out_ += "@" + dec.name + " ";
    out_ += std::string(f.is_pub ? "pub " : "") + (f.is_async ? "async " : "") + "def " + f.name + "(";
    if (f.receiver != Receiver::None) out_ += f.receiver == Receiver::MutSelf ? "mut self" : "self";
    for (std::size_t i = 0; i < f.params.size(); ++i) {
      if (i || f.receiver != Receiver::None) out_ += ", ";
      out_ += (f.params[i].is_mut ? "mut " : "") + f.params[i].name + ": ";
      type(f.params[i].type);
      if (f.params[i].default_value.is_valid()) {
        out_ += " = ";
        expr(f.params[i].default_value);
      }
    }
    out_ += ") -> ";
    type(f.return_type);
    if (!f.has_body) out_ += ": ...";
    out_ += "\n";
    block(f.body, depth + 1);
  }

  std::string run() {
    for (const Import& imp : m_.imports) {
      out_ += imp.is_from ? "from " : "import ";
      for (std::size_t i = 0; i < imp.path.size(); ++i) out_ += (i ? "." : "") + imp.path[i];
      if (imp.is_from) {
        out_ += " import ";
        if (imp.is_star) out_ += "*";
        for (std::size_t i = 0; i < imp.names.size(); ++i)
          out_ += (i ? ", " : "") + imp.names[i].name + (imp.names[i].alias.empty() ? "" : " as " + imp.names[i].alias);
      }
      out_ += "\n";
    }
    for (const TypeDecl& d : m_.decls) {
      static const char* const kKinds[] = {"model", "class", "trait", "enum", "newtype"};
      for (const Decorator& dec : d.decorators) {
        out_ += "@" + dec.name;
        if (!dec.names.empty() || !dec.fields.empty()) {
          out_ += "(";
          for (std::size_t i = 0; i < dec.names.size(); ++i) out_ += (i ? ", " : "") + dec.names[i];
          for (std::size_t i = 0; i < dec.fields.size(); ++i) {
            out_ += (i || !dec.names.empty() ? ", " : "") + dec.fields[i].name + ": ";
            type(dec.fields[i].type);
          }
          out_ += ")";
        }
        out_ += "\n";
      }
      out_ += std::string(d.is_pub ? "pub " : "") + kKinds[static_cast<int>(d.kind)] + " " + d.name;
      if (d.underlying.is_valid()) {
        out_ += " = ";
        type(d.underlying);
      }
      if (!d.base.empty()) out_ += " extends " + d.base;
      for (std::size_t i = 0; i < d.traits.size(); ++i) out_ += (i ? ", " : " with ") + d.traits[i];
      out_ += "\n";
      for (const Field& f : d.fields) {
        out_ += std::string("  ") + (f.is_pub ? "pub " : "") + f.name + ": ";
        type(f.type);
        if (f.default_value.is_valid()) {
          out_ += " = ";
          expr(f.default_value);
        }
        out_ += "\n";
      }
      for (const Variant& v : d.variants) {
        out_ += "  " + v.name;
        if (!v.payload.empty()) {
          out_ += "(";
          for (std::size_t i = 0; i < v.payload.size(); ++i) {
            if (i) out_ += ", ";
            type(v.payload[i]);
          }
          out_ += ")";
        }
        out_ += "\n";
      }
      for (FunctionId id : d.methods) function(m_.function(id), 1);
    }
    for (const Function& f : m_.functions)
      if (!f.owner.is_valid()) function(f, 0);
    return std::move(out_);
  }

 private:
  const Module& m_;
  std::string out_;
};

}  // namespace

std::string dump(const Module& module) { return Dumper(module).run(); }

}  // namespace incan::ast
