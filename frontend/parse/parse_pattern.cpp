// Patterns and the statements that use them: `match`, `if let`, `while let`
// (LANGUAGE.md 6.4, 6.5, 8).
#include "frontend/parse/parser_impl.h"
#include "frontend/common/gcc_warnings.h"

namespace incan::parse {

namespace {
ast::PatternId add_pattern(ast::Module& m, ast::Pattern p) {
  m.patterns.push_back(std::move(p));
  return ast::PatternId(static_cast<std::uint32_t>(m.patterns.size() - 1));
}
}  // namespace

ast::PatternId Parser::parse_pattern() {
  Span start = span_of(peek());
  ast::PatternId first = parse_pattern_atom();
  if (!at(TokenKind::Pipe)) return first;
  ast::Pattern p;
  p.kind = ast::PatternKind::Or;
  p.subpatterns.push_back(first);
  while (accept(TokenKind::Pipe)) p.subpatterns.push_back(parse_pattern_atom());
  p.span = join(start, prev_span());
  return add_pattern(module_, std::move(p));
}

ast::PatternId Parser::parse_pattern_atom() {
  ast::Pattern p;
  p.span = span_of(peek());
  if (!enter()) {
    leave();
    p.kind = ast::PatternKind::Error;
    return add_pattern(module_, std::move(p));
  }
  switch (kind()) {
    case TokenKind::Identifier: {
      std::string name(text(advance()));
      // Qualified names (`Shape.Circle`) name enum variants.
      while (at(TokenKind::Dot) && kind(1) == TokenKind::Identifier) {
        advance();
        INCAN_GCC_NO_RESTRICT_BEGIN  // GCC PR 105329 (frontend/common/gcc_warnings.h)
        name += "." + std::string(text(advance()));
        INCAN_GCC_NO_RESTRICT_END
      }
      if (name == "_") {
        p.kind = ast::PatternKind::Wildcard;
      } else if (at(TokenKind::LParen)) {
        advance();
        p.kind = ast::PatternKind::Ctor;
        p.name = name;
        while (!at(TokenKind::RParen)) {
          p.subpatterns.push_back(parse_pattern());
          if (!accept(TokenKind::Comma)) break;
        }
        if (!expect(TokenKind::RParen)) p.kind = ast::PatternKind::Error;
      } else if (name.find('.') != std::string::npos || name == "Some" || name == "Ok" || name == "Err") {
        p.kind = ast::PatternKind::Ctor;
        p.name = name;
      } else {
        p.kind = ast::PatternKind::Binding;
        p.name = name;
      }
      break;
    }
    case TokenKind::None:
      advance();
      p.kind = ast::PatternKind::Ctor;
      p.name = "None";
      break;
    case TokenKind::True:
    case TokenKind::False:
    case TokenKind::IntLiteral:
    case TokenKind::FloatLiteral:
    case TokenKind::StringLiteral:
      p.kind = ast::PatternKind::Literal;
      p.value = parse_atom();
      break;
    case TokenKind::LParen: {
      advance();
      std::vector<ast::PatternId> elems;
      bool tuple = false;
      while (!at(TokenKind::RParen)) {
        elems.push_back(parse_pattern());
        if (!accept(TokenKind::Comma)) break;
        tuple = true;
      }
      if (!expect(TokenKind::RParen)) {
        p.kind = ast::PatternKind::Error;
        break;
      }
      if (elems.size() == 1 && !tuple) {  // grouping
        leave();
        return elems.front();
      }
      p.kind = ast::PatternKind::Tuple;
      p.subpatterns = std::move(elems);
      break;
    }
    default:
      error_unexpected("a pattern");
      p.kind = ast::PatternKind::Error;
      break;
  }
  p.span = join(p.span, prev_span());
  leave();
  return add_pattern(module_, std::move(p));
}

void Parser::parse_arm_body(std::vector<ast::StmtId>& out, Span header) {
  if (at(TokenKind::Newline)) {
    // A block: reuse the block parser, which expects the `:` already consumed.
    advance();
    if (!at(TokenKind::Indent)) {
      Diagnostic* d = error(DiagKind::ExpectedBlock, span_of(peek()), "expected an indented block for this arm");
      if (d) d->labels.push_back({header, "this arm needs a body"});
      return;
    }
    advance();
    parse_statements_until_dedent(out);
    return;
  }
  ast::StmtId s = parse_simple_statement_or_keyword();
  if (s.is_valid()) out.push_back(s);
}

ast::StmtId Parser::parse_match(Span start) {
  struct Guard {
    Parser& p;
    bool ok;
    ~Guard() { p.leave(); }
  } guard{*this, enter()};
  if (!guard.ok) {
    synchronize();
    return ast::StmtId::invalid();
  }
  ast::Stmt s;
  s.kind = ast::StmtKind::Match;
  s.value = parse_expr();
  s.span = join(start, prev_span());
  if (!expect(TokenKind::Colon) || !accept(TokenKind::Newline) || !accept(TokenKind::Indent)) {
    Diagnostic* d = error(DiagKind::ExpectedBlock, span_of(peek()), "expected an indented block of arms after `match ...:`");
    (void)d;
    synchronize();
    return ast::StmtId::invalid();
  }
  while (!at(TokenKind::Dedent) && !at(TokenKind::Eof)) {
    if (accept(TokenKind::Newline)) continue;
    panic_mode_ = false;
    operators_ = 0;
    std::size_t before = pos_;
    ast::MatchArm arm;
    arm.span = span_of(peek());
    bool case_style = accept(TokenKind::Case);
    arm.pattern = parse_pattern();
    if (at(TokenKind::If)) {  // a guard (also accepted in `=>` arms as an extension)
      advance();
      arm.guard = parse_expr();
    }
    arm.span = join(arm.span, prev_span());
    if (case_style ? !expect(TokenKind::Colon) : !expect(TokenKind::FatArrow, "`=>`")) {
      synchronize();
      if (pos_ == before) advance();
      continue;
    }
    parse_arm_body(arm.body, arm.span);
    s.arms.push_back(std::move(arm));
    if (too_deep_) break;
  }
  accept(TokenKind::Dedent);
  return add_stmt(std::move(s));
}

}  // namespace incan::parse
