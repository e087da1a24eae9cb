// Parser core: token cursor, diagnostics, recovery, node stores.
#include "frontend/parse/parser_impl.h"
#include "frontend/common/gcc_warnings.h"

#include "frontend/common/large_array.h"

namespace incan::parse {

Parser::Parser(const SourceManager& sources, const lex::TokenBuffer& tokens, DiagnosticEmitter& diags)
    : sources_(sources), tokens_(tokens), diags_(diags) {
  module_.file = tokens.file;
  reserve_large(module_.exprs, tokens.tokens.size() / 2 + 16);
  reserve_large(module_.stmts, tokens.tokens.size() / 8 + 16);
  reserve_large(module_.types, tokens.tokens.size() / 16 + 16);
  lexer_failed_ = diags.has_errors();
}

const Token& Parser::peek(std::size_t ahead) const {
  std::size_t i = pos_ + ahead;
  if (i >= tokens_.tokens.size()) return tokens_.tokens.back();  // always Eof
  return tokens_.tokens[i];
}

const Token& Parser::advance() {
  const Token& t = peek();
  if (pos_ < tokens_.tokens.size() - 1) ++pos_;
  return t;
}

bool Parser::accept(TokenKind k) {
  if (!at(k)) return false;
  advance();
  return true;
}

std::string Parser::describe(const Token& t) const {
  switch (t.kind) {
    case TokenKind::Newline: return "end of line";
    case TokenKind::Eof: return "end of file";
    case TokenKind::Indent: return "an indented block";
    case TokenKind::Dedent: return "the end of the block";
    INCAN_GCC_NO_RESTRICT_BEGIN  // GCC PR 105329 (frontend/common/gcc_warnings.h)
    case TokenKind::Identifier: return "`" + std::string(text(t)) + "`";
    INCAN_GCC_NO_RESTRICT_END
    case TokenKind::IntLiteral:
    case TokenKind::FloatLiteral: return "number `" + std::string(text(t)) + "`";
    case TokenKind::StringLiteral:
    case TokenKind::FStringLiteral: return "a string literal";
    INCAN_GCC_NO_RESTRICT_BEGIN  // GCC PR 105329 (frontend/common/gcc_warnings.h)
    default: return "`" + std::string(lex::token_spelling(t.kind)) + "`";
    INCAN_GCC_NO_RESTRICT_END
  }
}

Diagnostic* Parser::error(DiagKind kind, Span span, std::string message) {
  if (panic_mode_ || lexer_failed_ || too_deep_) return nullptr;
  if (span.begin < tokens_.tokens[pos_].end && at(TokenKind::Error)) return nullptr;
  panic_mode_ = true;
  return &diags_.emit(kind, span, std::move(message));
}

Diagnostic* Parser::error_unexpected(const char* expected) {
  const Token& t = peek();
  Span s = span_of(t);
  if (t.kind == TokenKind::Newline || t.kind == TokenKind::Eof || t.kind == TokenKind::Dedent) {
    // Point just after the previous token, where the missing piece belongs.
    Span p = prev_span();
    s = Span{p.file, p.end, p.end + 1};
  }
  return error(DiagKind::UnexpectedToken, s, std::string("expected ") + expected + ", found " + describe(t));
}

bool Parser::expect(TokenKind k, const char* what) {
  if (accept(k)) return true;
  INCAN_GCC_NO_RESTRICT_BEGIN  // GCC PR 105329 (frontend/common/gcc_warnings.h)
  std::string expected = what ? what : "`" + std::string(lex::token_spelling(k)) + "`";
  INCAN_GCC_NO_RESTRICT_END
  error_unexpected(expected.c_str());
  return false;
}

void Parser::synchronize() {
  int depth = 0;
  while (!at(TokenKind::Eof)) {
    TokenKind k = kind();
    if (k == TokenKind::Indent) ++depth;
    if (k == TokenKind::Dedent) {
      if (depth == 0) return;  // leave the enclosing block's Dedent for its owner
      --depth;
      advance();
      if (depth == 0 && !at(TokenKind::Indent)) return;
      continue;
    }
    advance();
    if (k == TokenKind::Newline && depth == 0 && !at(TokenKind::Indent)) return;
  }
}

bool Parser::enter() {
  if (++depth_ > kMaxNesting) {
    if (!too_deep_) {
      diags_.emit(DiagKind::NestingTooDeep, span_of(peek()),
                  "nesting is too deep (the limit is " + std::to_string(kMaxNesting) + " levels)")
          .hint = "split the expression or block into smaller functions";
      too_deep_ = true;
    }
    return false;
  }
  return true;
}

bool Parser::count_operator() {
  if (++operators_ <= kMaxOperators) return true;
  if (!too_deep_) {
    diags_.emit(DiagKind::NestingTooDeep, span_of(peek()),
                "expression is too long (the limit is " + std::to_string(kMaxOperators) + " operators in one statement)")
        .hint = "split the computation over several statements";
    too_deep_ = true;
  }
  return false;
}

ast::ExprId Parser::add_expr(ast::Expr e) {
  module_.exprs.push_back(std::move(e));
  return ast::ExprId(static_cast<std::uint32_t>(module_.exprs.size() - 1));
}

ast::StmtId Parser::add_stmt(ast::Stmt s) {
  module_.stmts.push_back(std::move(s));
  return ast::StmtId(static_cast<std::uint32_t>(module_.stmts.size() - 1));
}

ast::TypeExprId Parser::add_type(ast::TypeExpr t) {
  module_.types.push_back(std::move(t));
  return ast::TypeExprId(static_cast<std::uint32_t>(module_.types.size() - 1));
}

ast::ExprId Parser::error_expr(Span span) {
  ast::Expr e;
  e.kind = ast::ExprKind::Error;
  e.span = span;
  return add_expr(std::move(e));
}

ast::Module Parser::run() {
  while (!at(TokenKind::Eof)) {
    if (accept(TokenKind::Newline)) continue;
    panic_mode_ = false;
    operators_ = 0;
    std::size_t before = pos_;
    if (at(TokenKind::Indent)) {
      Diagnostic* d = error(DiagKind::UnexpectedIndent, span_of(peek()), "unexpected indentation");
      if (d) d->hint = "top-level declarations start at column 1";
      synchronize();
      continue;
    }
    parse_module_item();
    if (too_deep_) break;
    if (pos_ == before) advance();  // guarantee progress on any input
  }
  return std::move(module_);
}

ast::Module parse(const SourceManager& sources, const lex::TokenBuffer& tokens, DiagnosticEmitter& diags) {
  return Parser(sources, tokens, diags).run();
}

}  // namespace incan::parse
